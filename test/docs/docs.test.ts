/**
 * The documentation cannot drift from the code: every YAML example of the contract reference
 * parses as a contract, and the violation reference has a section for every stable code and for
 * no code that does not exist.
 * (The API reference is checked by `npm run docs:check`: TypeDoc fails on an undocumented export.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODES, CONTRACT_PROBLEM_CODES, MODULE_ERROR_CODES, VIOLATION_CODES, parseContract } from '../../src/index.js';

const doc = (name: string): string => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

interface Block {
  line: number;
  text: string;
  skipped: boolean;
}

/** Every ```yaml block with its line, and whether a `<!-- not-a-contract -->` comment precedes it. */
function yamlBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```yaml') continue;
    let previous = i - 1;
    while (previous >= 0 && lines[previous]?.trim() === '') previous--;
    const skipped = lines[previous]?.trim() === '<!-- not-a-contract -->';
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== '```') end++;
    blocks.push({ line: start + 1, text: lines.slice(start, end).join('\n'), skipped });
    i = end;
  }
  return blocks;
}

function headings(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^### (\S+)\s*$/gm)].map((m) => m[1] as string));
}

describe('docs/contract.md', () => {
  const blocks = yamlBlocks(doc('contract.md'));

  it('has YAML examples', () => {
    expect(blocks.filter((b) => !b.skipped).length).toBeGreaterThan(10);
  });

  it.each(blocks.filter((b) => !b.skipped).map((b) => [b.line, b.text] as const))('the example at line %i is a valid contract', (line, text) => {
    expect(() => parseContract(text, { file: `docs/contract.md#L${line}` })).not.toThrow();
  });
});

describe('docs/violations.md', () => {
  const documented = headings(doc('violations.md'));

  it('documents every violation code', () => {
    expect(Object.keys(VIOLATION_CODES).filter((code) => !documented.has(code))).toEqual([]);
  });

  it('documents every contract problem code', () => {
    expect(CONTRACT_PROBLEM_CODES.filter((code) => !documented.has(code))).toEqual([]);
  });

  it('documents every code a module result can fail with', () => {
    expect(MODULE_ERROR_CODES.filter((code) => !documented.has(code))).toEqual([]);
  });

  it('documents no code ImportSpy does not emit', () => {
    const registry = new Set<string>(CODES);
    expect([...documented].filter((heading) => !registry.has(heading))).toEqual([]);
  });

  it('has one registry: every code family is part of CODES, once', () => {
    const families: string[] = [...Object.keys(VIOLATION_CODES), ...CONTRACT_PROBLEM_CODES, ...MODULE_ERROR_CODES];
    expect([...CODES].sort()).toEqual(families.sort());
    expect(new Set(CODES).size).toBe(CODES.length);
  });

  it('gives each violation code its category and context', () => {
    const text = doc('violations.md');
    for (const [code, { category, context }] of Object.entries(VIOLATION_CODES)) {
      const section = text.split(`### ${code}\n`)[1]?.split('\n### ')[0] ?? '';
      expect(section, code).toContain(`Category \`${category}\`, context \`${context}\``);
    }
  });
});

describe('docs/architecture.md', () => {
  const text = doc('architecture.md');
  const src = new URL('../../src/', import.meta.url);

  it('names only files and folders of src/ that exist', () => {
    // Backticked names ending in .ts or / (`validate/imports.ts`, `loader/`), with an optional
    // `#symbol`, resolved against src/ (or src/loader/ for the hooks' rooms written `hooks/x.ts`).
    const named = [...text.matchAll(/`([\w./-]+?(?:\.ts|\/))(?:#\w+)?`/g)].map((m) => m[1] as string);
    expect(named.length).toBeGreaterThan(20);
    const missing = named.filter((name) => !existsSync(new URL(name, src)) && !existsSync(new URL(`loader/${name}`, src)) && !existsSync(new URL(`../${name}`, src)));
    expect(missing).toEqual([]);
  });

  it('gives every top-level folder of src/ a row in its table', () => {
    const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((folder) => !text.includes(`| \`${folder}/\` |`))).toEqual([]);
  });
});

describe('the documentation as a whole', () => {
  it('holds no merge-conflict markers left by a merge', () => {
    const root = new URL('../../', import.meta.url);
    const docs = readdirSync(new URL('docs/', root), { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`);
    const stray: string[] = [];
    for (const file of ['README.md', 'CHANGELOG.md', ...docs]) {
      readFileSync(new URL(file, root), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (/^(<{7}|>{7}) |^={7}$/.test(line)) stray.push(`${file}:${index + 1}`);
        });
    }
    expect(stray).toEqual([]);
  });
});
