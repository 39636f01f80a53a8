/**
 * ImportSpy on code nobody wrote for it: published packages of many build styles, installed
 * from the registry into a cache outside the repository (see packages.ts).
 *
 * - `init` on each entry writes a contract that declares at least 95 % of the names the entry
 *   really exports, as a child Node process that loads it sees them, and `check` of the entry
 *   against that contract passes.
 * - `check` over every JavaScript file of the installed tree, against a contract every file
 *   meets: no syntax error, no crash, a verdict for every file.
 *
 * The corpus is large, so it runs on one Node only: Node 20 (CI's first suite), or wherever
 * IMPORTSPY_CORPUS=1 is set; IMPORTSPY_CORPUS=0 skips it.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../src/cli/index.js';
import { inspectModule } from '../../src/index.js';
import { ENTRIES, installCorpus, type CorpusEntry } from './packages.js';

const bin = fileURLToPath(new URL('../../bin/importspy.js', import.meta.url));
const flag = process.env['IMPORTSPY_CORPUS'];
const enabled = flag === '1' || (flag !== '0' && process.versions.node.startsWith('20.'));

interface RealExports {
  format?: 'esm' | 'cjs';
  names?: string[];
  /** For a CommonJS file: the names of the namespace Node gives an ES module importing it. */
  esm?: string[];
  error?: string;
}

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], cwd: string): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { IMPORTSPY_CACHE: '0' },
    cwd,
  });
  return { code, stdout, stderr };
}

/**
 * Lets the event loop turn: the analysis is synchronous work, and a loop of awaited in-process
 * CLI runs would otherwise starve the test runner's messages to its worker for minutes.
 */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The names each file really exports, read by a child Node process that loads it. */
async function realExports(files: string[]): Promise<Record<string, RealExports>> {
  const script = fileURLToPath(new URL('./real-exports.cjs', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script, ...files], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as Record<string, RealExports>;
}

describe.skipIf(!enabled)('the corpus of published packages', () => {
  let modules = '';
  let work = '';
  let real: Record<string, RealExports> = {};
  const file = (entry: CorpusEntry, relative = entry.file): string => path.join(modules, entry.pkg, relative);

  beforeAll(async () => {
    modules = await installCorpus();
    work = mkdtempSync(path.join(tmpdir(), 'importspy-corpus-'));
    real = await realExports([...new Set(ENTRIES.map((entry) => file(entry, entry.realFrom)))]);
  }, 900_000);
  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it(
    'init declares at least 95 % of what each entry really exports, and check passes against it',
    async () => {
      const rows: string[] = [];
      const failures: string[] = [];
      for (const [index, entry] of ENTRIES.entries()) {
        await breathe();
        const target = file(entry);
        const truth = real[file(entry, entry.realFrom)];
        const label = `${entry.pkg}/${entry.file}`;
        if (truth?.names === undefined) {
          failures.push(`${label}: Node could not load it: ${truth?.error ?? 'no answer'}`);
          continue;
        }
        const contractFile = path.join(work, `contract-${index}.yml`);
        const init = await run(['init', target, '-o', contractFile], work);
        if (init.code !== 0) {
          failures.push(`${label}: init exited ${init.code}: ${init.stderr.trim()}`);
          continue;
        }
        const contract = parse(readFileSync(contractFile, 'utf8')) as Record<string, Array<{ name: string }> | undefined> | null;
        const declared = new Set(
          ['variables', 'functions', 'classes'].flatMap((key) => (contract?.[key] ?? []).map((item) => item.name)),
        );
        const missed = truth.names.filter((name) => !declared.has(name));
        const recall = truth.names.length === 0 ? 1 : (truth.names.length - missed.length) / truth.names.length;
        await breathe();
        const check = await run(['check', target, '-c', contractFile, '--format', 'json'], work);
        const result = check.code === 0 ? 'check ok' : `check exit ${check.code}`;
        rows.push(
          `${(recall * 100).toFixed(1).padStart(6)} %  ${String(truth.names.length).padStart(5)} names  ${result.padEnd(12)} ${label} (${entry.style})`,
        );
        if (check.code !== 0) failures.push(`${label}: check against its own init contract failed:\n${check.stdout.slice(0, 2000)}${check.stderr}`);
        if (recall < 0.95) {
          failures.push(`${label}: init declares ${(recall * 100).toFixed(1)} % of the real exports; not declared: ${missed.slice(0, 20).join(', ')}`);
        }
      }
      process.stdout.write(`\nRecall of init per corpus entry (declared / really exported):\n${rows.join('\n')}\n`);
      expect(failures).toEqual([]);
      expect(new Set(ENTRIES.map((entry) => entry.pkg)).size).toBeGreaterThanOrEqual(20);
    },
    600_000,
  );

  it('exports every name Node detects when an ES module imports a CommonJS entry', async () => {
    const gaps: string[] = [];
    let compared = 0;
    for (const entry of ENTRIES) {
      const truth = real[file(entry)];
      if (truth?.format !== 'cjs' || truth.esm === undefined) continue;
      compared++;
      await breathe();
      const model = await inspectModule(file(entry), { cache: false });
      // `module.exports` is the name newer Nodes give the whole value, beside `default`.
      const absent = truth.esm.filter((name) => name !== 'module.exports' && !model.exports.includes(name));
      if (absent.length > 0) gaps.push(`${entry.pkg}/${entry.file}: ${absent.join(', ')}`);
    }
    expect(compared).toBeGreaterThanOrEqual(15);
    expect(gaps).toEqual([]);
  }, 300_000);

  it('takes the shapes a package leaves open from its @types package when it ships no declarations', async () => {
    const entry = path.join(modules, 'escape-html', 'index.js');
    const manifest = JSON.parse(readFileSync(path.join(modules, 'escape-html', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect([manifest['types'], manifest['typings'], manifest['exports']]).toEqual([undefined, undefined, undefined]);
    const model = await inspectModule(entry, { cache: false });
    const escape = model.functions.find((candidate) => candidate.name === 'default');
    expect(escape?.parameters.map((parameter) => [parameter.name, parameter.annotation])).toEqual([['string', 'string']]);
    expect(escape?.returnAnnotation).toBe('string');
    const contractFile = path.join(work, 'escape-html.yml');
    writeFileSync(contractFile, 'functions:\n  - name: default\n    arguments: [{ name: string, annotation: string }]\n    return_annotation: number\n');
    const check = await run(['check', entry, '-c', contractFile, '--format', 'json'], work);
    expect(check.code).toBe(1);
    expect((JSON.parse(check.stdout) as { results: Array<{ violations: Array<{ code: string; path: string }> }> }).results[0]?.violations).toMatchObject([
      { code: 'mismatch.return-annotation', path: 'functions.default.return_annotation' },
    ]);
  });

  it("axios's CommonJS bundle, whose members a helper copies at run time, is never said to lack get or request", async () => {
    const entry = path.join(modules, 'axios', 'dist', 'node', 'axios.cjs');
    const contractFile = path.join(work, 'axios-members.yml');
    writeFileSync(contractFile, 'functions:\n  - name: get\n  - name: request\n');
    const check = await run(['check', entry, '-c', contractFile, '--format', 'json'], work);
    const violations = (JSON.parse(check.stdout) as { results: Array<{ violations: Array<{ code: string; path: string }> }> }).results[0]?.violations ?? [];
    expect(violations.filter((violation) => violation.code.startsWith('missing.'))).toEqual([]);
    expect(violations.map((violation) => `${violation.code} ${violation.path}`)).toEqual(
      check.code === 0 ? [] : ['unverifiable.export functions.get', 'unverifiable.export functions.request'],
    );
  });

  it(
    'check reads every JavaScript file of the installed tree: no false syntax error, no crash, a verdict each',
    async () => {
      const files = javascriptFiles(modules);
      expect(files.length).toBeGreaterThanOrEqual(3000);
      // Every module meets this contract: it denies type-only imports of a package nothing
      // imports. (A deny rule over value imports would make every computed require() of the tree
      // unverifiable.import, as it must be: static analysis cannot tell what such a call loads.)
      const contractFile = path.join(work, 'tree.yml');
      writeFileSync(contractFile, 'imports:\n  deny:\n    - { pattern: importspy-never-installed-package, kind: type }\n');
      // A process of its own, as a user runs it (and the test runner's worker stays responsive).
      const started = Date.now();
      // Asynchronously: a synchronous spawn would stall the test runner's worker for minutes.
      const child = await new Promise<{ stdout: string; stderr: string; error: Error | null }>((resolve) => {
        execFile(
          process.execPath,
          [bin, 'check', ...files, '-c', contractFile, '--format', 'json', '--jobs', '2'],
          {
            cwd: modules,
            encoding: 'utf8',
            env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', IMPORTSPY_CACHE: '0' },
            maxBuffer: 256 * 1024 * 1024,
            timeout: 840_000,
          },
          // check exits 2 here (the files Node rejects too): the report is what counts.
          (error, stdout, stderr) => {
            const failed = error !== null && (error.killed === true || typeof error.signal === 'string' || typeof error.code === 'string');
            resolve({ stdout, stderr, error: failed ? error : null });
          },
        );
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      expect(child.error).toBeNull();
      expect(child.stderr).not.toMatch(/TypeError|RangeError|at .+:\d+:\d+\)/);
      const report = JSON.parse(child.stdout) as {
        results: Array<{ module: string; ok: boolean; error?: { code: string; message: string }; violations: unknown[] }>;
      };
      expect(report.results.length).toBe(files.length);
      const errors = report.results.filter((result) => result.error !== undefined);
      // A file Node itself refuses (test fixtures of deliberate syntax errors, code nested past
      // what V8 parses) may be refused; nothing else may: every file Node runs gets a verdict.
      const nodeRejects = (module: string): boolean =>
        spawnSync(process.execPath, ['--check', path.join(modules, module)], { encoding: 'utf8' }).status !== 0;
      const alsoRejectedByNode = errors.filter(
        (result) => (result.error?.code === 'module.syntax' || result.error?.message.includes('levels deep') === true) && nodeRejects(result.module),
      );
      const unexplained = errors.filter((result) => !alsoRejectedByNode.includes(result));
      process.stdout.write(
        `\ncheck over the installed corpus: ${files.length} files in ${seconds} s; ${report.results.length - errors.length} verdicts, ` +
          `${alsoRejectedByNode.length} files Node refuses too (${alsoRejectedByNode.map((r) => r.module).join(', ')})\n`,
      );
      expect(unexplained.map((result) => `${result.module}: ${result.error?.code} ${result.error?.message}`)).toEqual([]);
      expect(report.results.filter((result) => result.error === undefined && !result.ok).map((result) => result.module)).toEqual([]);
    },
    900_000,
  );
});

const SCRIPT_EXTENSIONS = new Set(['.js', '.cjs', '.mjs']);

/** Every .js/.cjs/.mjs file under `dir`, sorted, without following symbolic links. */
function javascriptFiles(dir: string): string[] {
  const found: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop() ?? '';
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile() && SCRIPT_EXTENSIONS.has(path.extname(entry.name))) found.push(full);
    }
  }
  return found.sort();
}
