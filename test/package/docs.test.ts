/**
 * The documentation's command blocks run, as a reader would run them, against the packed
 * tarball installed into a new project: the README's five-minute path and every command block
 * of docs/cli.md. A block's conventions (see docs/cli.md, "The examples on this page"):
 *
 * - a code block whose first line is a comment naming a file (`// plugins/greeter.mjs`,
 *   `# plugin.yml`) is written to that file;
 * - a `sh` block: each line is a command that must exit 0 (or the `# exits N` written after it);
 * - a `console` block: `$ command` lines, each followed by exactly what it prints (stdout and
 *   stderr, in order), where a line `...` stands for any number of lines;
 * - `npm i -D importspy` installs the tarball under test instead of the registry's version.
 * Other blocks are illustrations and are not run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyProject, installTarball, packTarball, root } from './tarball.js';

interface Step {
  line: number;
  kind: 'file' | 'command';
  /** The file's path, or the command line. */
  text: string;
  /** The file's content, or the command's expected output (null: not shown, not checked). */
  body: string | null;
  exit: number;
}

const FILE_COMMENT = /^(?:\/\/|#) ([\w@./-]+\.[\w]+)$/;
const EXITS = /\s+# exits (\d)$/;

/** The runnable steps of a markdown text, in order. */
export function steps(markdown: string, from: string | null = null, to: string | null = null): Step[] {
  let lines = markdown.split('\n');
  let offset = 0;
  if (from !== null) {
    offset = lines.findIndex((l) => l.trim() === from) + 1;
    const end = to === null ? -1 : lines.findIndex((l, i) => i > offset && l.trim() === to);
    lines = lines.slice(offset, end < 0 ? undefined : end);
  }
  const out: Step[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)\s*$/.exec(lines[i] ?? '');
    if (!fence) continue;
    const lang = fence[1] ?? '';
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== '```') end++;
    const body = lines.slice(start, end);
    const at = offset + start;
    const file = FILE_COMMENT.exec(body[0] ?? '');
    if (lang === 'console') {
      for (let k = 0; k < body.length; k++) {
        const line = body[k] ?? '';
        if (!line.startsWith('$ ')) continue;
        const output: string[] = [];
        let j = k + 1;
        while (j < body.length && !(body[j] ?? '').startsWith('$ ')) output.push(body[j++] ?? '');
        out.push(command(line.slice(2), at + k, output.join('\n')));
        k = j - 1;
      }
    } else if (lang === 'sh') {
      body.forEach((line, k) => {
        if (line.trim() !== '' && !line.trimStart().startsWith('#')) out.push(command(line, at + k, null));
      });
    } else if (file?.[1]) {
      out.push({ line: at, kind: 'file', text: file[1], body: `${body.join('\n')}\n`, exit: 0 });
    }
    i = end;
  }
  return out;
}

function command(line: string, at: number, output: string | null): Step {
  const exits = EXITS.exec(line);
  return { line: at, kind: 'command', text: exits ? line.slice(0, exits.index) : line.replace(/\s+#.*$/, ''), body: output, exit: exits ? Number(exits[1]) : 0 };
}

/** Whether `actual` is what `expected` shows, `...` lines standing for any number of lines. */
function shows(expected: string[], actual: string[]): boolean {
  const [first, ...rest] = expected;
  if (first === undefined) return actual.length === 0;
  if (first === '...') return actual.some((_, k) => shows(rest, actual.slice(k))) || shows(rest, []);
  return actual[0] === first && shows(rest, actual.slice(1));
}

const clean = (text: string): string[] => text.replace(/\s+$/, '').split('\n').map((l) => l.trimEnd());

let tarball: string;
let work: string;
beforeAll(() => {
  ({ tarball, work } = packTarball());
}, 120_000);

function runDoc(name: string, docSteps: Step[]): void {
  let project = '';
  beforeAll(() => {
    project = emptyProject(work, name.replace(/\W/g, '-'));
  });
  it(`${name} has runnable steps`, () => {
    expect(docSteps.filter((s) => s.kind === 'command').length).toBeGreaterThan(3);
  });
  for (const step of docSteps) {
    it(`${name}:${step.line}: ${step.kind === 'file' ? `writes ${step.text}` : step.text}`, { timeout: 120_000 }, () => {
      if (step.kind === 'file') {
        mkdirSync(dirname(join(project, step.text)), { recursive: true });
        writeFileSync(join(project, step.text), step.body ?? '');
        return;
      }
      if (/^npm (i|install) (-D|--save-dev) importspy$/.test(step.text.trim())) {
        installTarball(project, tarball, true);
        return;
      }
      const r = spawnSync('sh', ['-c', `${step.text} 2>&1`], {
        cwd: project,
        encoding: 'utf8',
        env: { PATH: `${join(project, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}`, HOME: process.env['HOME'] ?? '', NO_COLOR: '1', npm_config_update_notifier: 'false' },
        timeout: 60_000,
      });
      if (step.body !== null) {
        const expected = clean(step.body);
        const actual = clean(r.stdout);
        expect(shows(expected, actual), `${name}:${step.line} \`${step.text}\` printed:\n${r.stdout}`).toBe(true);
      }
      expect(r.status, `${name}:${step.line} \`${step.text}\` printed:\n${r.stdout}`).toBe(step.exit);
    });
  }
}

const read = (file: string): string => readFileSync(join(root, file), 'utf8');

describe('the README five-minute path, in a new project', () => {
  runDoc('README.md', steps(read('README.md'), '<!-- five-minute path -->', '<!-- end of the five-minute path -->'));
});

describe('docs/cli.md, in a new project', () => {
  runDoc('docs/cli.md', steps(read('docs/cli.md')));
});
