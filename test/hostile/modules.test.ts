/**
 * Hostile modules: whatever someone else wrote, `check` gives a clear error within a stated time,
 * never crashes, and never presents an undecided module as a pass (`ok: false`, exit 2).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectModule, ModuleAnalysisError } from '../../src/index.js';
import { excessiveNesting, MAX_NESTING } from '../../src/analysis/depth.js';
import { hostile, json, run, type TimedRun } from './helpers.js';

/** A check of a small hostile module: far above its real cost on a loaded 2-core machine, far below a hang. */
const BOUND_MS = 10_000;
/** A check of two 5 MB modules in parallel (about 3 s here, 10 s on a loaded machine). */
const BIG_BOUND_MS = 30_000;

let dir: string;
let contract: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-hostile-modules-'));
  contract = join(dir, 'spymodel.yml');
  writeFileSync(contract, 'variables:\n  - name: x\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** No crash, no hang, exit 2, and the module's result is a failure with `code`. */
function expectUndecided(result: TimedRun, code: string, bound = BOUND_MS): ReturnType<typeof json>['results'][number] {
  expect(result.signal, result.stderr).toBeNull();
  expect(result.status, result.stderr).toBe(2);
  expect(result.ms).toBeLessThan(bound);
  const report = json(result.stdout);
  expect(report.ok).toBe(false);
  const failed = report.results.find((r) => r.error !== undefined);
  expect(failed?.ok).toBe(false);
  expect(failed?.error?.code).toBe(code);
  return failed as ReturnType<typeof json>['results'][number];
}

describe('syntax errors', () => {
  it.each([
    ['modules/syntax-error.mjs', 3],
    ['modules/syntax-error.ts', 1],
  ])('%s is module.syntax with its line, exit 2', async (name, line) => {
    const result = await run(['check', '-c', contract, hostile(name), '--format', 'json']);
    const failed = expectUndecided(result, 'module.syntax');
    expect(failed.error?.location?.line).toBe(line);
  });

  it('invalid UTF-8 is module.unreadable', async () => {
    const result = await run(['check', '-c', contract, hostile('modules/invalid-utf8.mjs'), '--format', 'json']);
    expect(expectUndecided(result, 'module.unreadable').error?.message).toContain('UTF-8');
  });
});

describe('a 5 MB generated module', () => {
  /** 5 MiB of exported functions, with `tail` as its last line. */
  function big(name: string, tail: string): { file: string; lines: number } {
    const lines = ['export const x = 1;'];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const line = `export function f${i}(a, b = ${i}) { return a + b * ${i} + "${'pad'.repeat(5)}"; }`;
      lines.push(line);
      size += line.length + 1;
    }
    lines.push(tail);
    return { file: write(name, `${lines.join('\n')}\n`), lines: lines.length };
  }

  it('is analysed in bounded time, a missing export still found; with a syntax error on its last line: module.syntax there, exit 2', async () => {
    const { file } = big('big.mjs', 'export const last = true;');
    const { file: broken, lines } = big('big-broken.mjs', 'export const broken = ;');
    const needsY = write('needs-y.yml', 'variables:\n  - name: x\n  - name: y\n');
    const result = await run(['check', '-c', needsY, file, broken, '--jobs', '2', '--format', 'json'], { timeoutMs: BIG_BOUND_MS });
    const failed = expectUndecided(result, 'module.syntax', BIG_BOUND_MS);
    expect(failed.module).toContain('big-broken.mjs');
    expect(failed.error?.location?.line).toBe(lines);
    const other = json(result.stdout).results.find((r) => r.module?.endsWith('big.mjs'));
    expect(other?.ok).toBe(false);
    expect(other?.violations.map((v) => v.code)).toEqual(['missing.variable']);
  });
});

/** 10,000 levels of each construct the parser recurses on (it overflows its native stack near 2,000-6,000). */
const DEEP: Record<string, string> = {
  parentheses: `${'('.repeat(10_000)}1${')'.repeat(10_000)}`,
  arrays: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  objects: `${'{a:'.repeat(10_000)}1${'}'.repeat(10_000)}`,
  templates: `${'`${'.repeat(10_000)}1${'}`'.repeat(10_000)}`,
  conditionals: `${'a ? b\n: '.repeat(10_000)}c`,
  'conditional consequents': `${'a ? '.repeat(10_000)}b${' : c'.repeat(10_000)}`,
  assignments: `${'a = '.repeat(10_000)}1`,
  arrows: `${'x => '.repeat(10_000)}1`,
  'prefix operators': `${'!-'.repeat(10_000)}x`,
  'new expressions': `${'new '.repeat(10_000)}X`,
  functions: `${'function () {'.repeat(10_000)}${'}'.repeat(10_000)}`,
  'if statements': `0;\n${'if (a)\n'.repeat(10_000)}x`,
  'else-if chains': `0;\nif (a) {}\n${'else if (a) {}\n'.repeat(10_000)}`,
};

describe('deeply nested code', () => {
  it('every construct nested 10,000 deep is module.unreadable naming the limit, also in worker threads (smaller stacks), exit 2', async () => {
    const files = Object.entries(DEEP).map(([name, code], i) => write(`deep-${i}.mjs`, `export const x = ${code};\n`));
    files.push(write('deep-types.ts', `export const x = 1 as ${'Array<'.repeat(10_000)}T${'>'.repeat(10_000)};\n`));
    // An arrow's return type is a `:` inside the consequent that does not end it.
    files.push(write('deep-arrows.ts', `export const x = ${'a ? (y): T => '.repeat(10_000)}1${' : 2'.repeat(10_000)};\n`));
    for (const jobs of ['1', '2']) {
      const result = await run(['check', '-c', contract, '--jobs', jobs, ...files, '--format', 'json'], { timeoutMs: 3 * BOUND_MS });
      expect(result.signal, result.stderr).toBeNull();
      expect(result.status, result.stderr).toBe(2);
      expect(result.ms).toBeLessThan(3 * BOUND_MS);
      const report = json(result.stdout);
      expect(report.ok).toBe(false);
      for (const r of report.results) {
        expect(r.ok).toBe(false);
        expect(r.error?.code, r.module ?? '').toBe('module.unreadable');
        expect(r.error?.message).toContain(`nested more than ${MAX_NESTING} levels deep`);
        expect(r.error?.location).not.toBeNull();
      }
    }
  });

  it('the API throws ModuleAnalysisError (the process survives)', async () => {
    const file = write('deep-api.mjs', `export const x = ${DEEP['parentheses'] ?? ''};\n`);
    const error = await inspectModule(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModuleAnalysisError);
    expect(error).toMatchObject({ code: 'module.unreadable', location: { line: 1, column: 17 + MAX_NESTING } });
  });

  it('nesting just under the limit is analysed as usual', async () => {
    const file = write('near-limit.mjs', `export const x = ${'['.repeat(900)}${']'.repeat(900)};\n`);
    const result = await run(['check', '-c', contract, '--jobs', '2', file, file, '--format', 'json']);
    expect(result.status, result.stdout).toBe(0);
  });

  it('a conditional nests as deep as its consequents, not as long as its text: a minified decision tree of 4,096 leaves is analysed', () => {
    const tree = (low: number, high: number): string => {
      if (high - low === 1) return String(low);
      const middle = (low + high) >> 1;
      return `x<${middle}?${tree(low, middle)}:${tree(middle, high)}`;
    };
    const source = `export const f = (x) => ${tree(0, 4096)};\n`;
    expect(source.split('?').length).toBeGreaterThan(4000);
    expect(excessiveNesting(source, 40)).toBe(-1);
    expect(excessiveNesting(`export const g = ${'a ? '.repeat(2000)}b${' : c'.repeat(2000)};\n`)).toBeGreaterThan(0);
  });

  it('the counting shortcut never lets through what the full pass refuses, at the limit itself', () => {
    // Each source nests exactly 12 levels by the estimate, each step through another construct:
    // with a limit of 11 the counting bound is above the limit and the full pass must run.
    const sources = [
      '('.repeat(12),
      `x = ${'['.repeat(11)}`,
      `${'{'.repeat(12)}`,
      `x = ${'`${'.repeat(11)}`,
      `${'a = '.repeat(12)}b`,
      `${'a **= '.repeat(12)}b`,
      `x = ${'!'.repeat(11)}y`,
      `x = ${'~-'.repeat(5)}~y`,
      `x = ${'new '.repeat(11)}Y`,
      `x = ${'typeof await '.repeat(5)}void y`,
      `x = ${'a => '.repeat(11)}b`,
      `x = ${'a ? '.repeat(11)}b`,
    ];
    for (const source of sources) {
      expect(excessiveNesting(source, 11), source).toBeGreaterThanOrEqual(0);
      expect(excessiveNesting(source, 12), source).toBe(-1);
    }
  });

  it('strings, comments, regular expressions and template text do not count', () => {
    const noise = `"${'('.repeat(5000)}" + '${'['.repeat(5000)}' + /${'\\('.repeat(5000)}/ + \`${'{'.repeat(5000)}\`; // ${'('.repeat(5000)}\n/* ${'['.repeat(5000)} */`;
    expect(excessiveNesting(`export const x = ${noise};\n`)).toBe(-1);
    expect(excessiveNesting(`${'a = 1\n'.repeat(5000)}${'if (a) {}\n'.repeat(5000)}${'}if(a){'.repeat(5000)}`)).toBe(-1);
  });
});

describe('circular re-exports', () => {
  it('export * cycles terminate; an export found through the cycle complies', async () => {
    const result = await run(['check', '-c', contract, hostile('modules/cycle-a.mjs'), hostile('modules/cycle-b.mjs'), '--format', 'json']);
    expect(result.status, result.stdout).toBe(0);
    expect(result.ms).toBeLessThan(BOUND_MS);
  });

  it('a named export that only re-exports itself around a cycle is not a pass', async () => {
    const needsZ = write('needs-z.yml', 'variables:\n  - name: z\n');
    const result = await run(['check', '-c', needsZ, hostile('modules/cycle-b.mjs'), '--format', 'json']);
    expect(result.status).toBe(1);
    expect(json(result.stdout).results[0]?.violations.map((v) => v.code)).toEqual(['unverifiable.export']);
  });

  it('a module re-exporting from itself is not a pass', async () => {
    const needsNothing = write('needs-nothing.yml', 'variables:\n  - name: nothing\n');
    const result = await run(['check', '-c', needsNothing, hostile('modules/self.mjs'), '--format', 'json']);
    expect(result.status).toBe(1);
    expect(json(result.stdout).ok).toBe(false);
  });
});

describe('files that cannot be read', () => {
  it('a symbolic link loop is module.unreadable, not followed forever', async () => {
    symlinkSync(join(dir, 'loop-b.mjs'), join(dir, 'loop-a.mjs'));
    symlinkSync(join(dir, 'loop-a.mjs'), join(dir, 'loop-b.mjs'));
    const result = await run(['check', '-c', contract, join(dir, 'loop-a.mjs'), '--format', 'json']);
    expect(expectUndecided(result, 'module.unreadable').error?.message).toContain('loop');
  });

  it('a FIFO named x.mjs is module.unreadable at once (reading it would block forever)', async () => {
    const fifo = join(dir, 'fifo.mjs');
    const made = await new Promise<number | null>((resolve) => spawn('mkfifo', [fifo]).on('close', resolve).on('error', () => resolve(null)));
    if (made !== 0) return expect.soft(made, 'mkfifo is not available here').toBe(0);
    const result = await run(['check', '-c', contract, fifo, '--format', 'json']);
    expect(expectUndecided(result, 'module.unreadable').error?.message).toContain('not a regular file');
    // The same FIFO as a contract.
    const asContract = await run(['check', '-c', fifo, hostile('modules/cycle-a.mjs'), '--format', 'json']);
    expect(asContract).toMatchObject({ status: 2, signal: null });
    expect(asContract.stderr).toContain('not a regular file');
  });

  it('a directory named x.mjs is module.unreadable through the API; the CLI refuses a folder with no modules (exit 2)', async () => {
    const folder = join(dir, 'folder.mjs');
    mkdirSync(folder);
    await expect(inspectModule(folder)).rejects.toMatchObject({ code: 'module.unreadable' });
    const result = await run(['check', '-c', contract, folder, '--format', 'json']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('folder.mjs contains no module files');
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'usage' }, results: [] });
  });

  // chmod 000 does not stop root from reading: as root, the FIFO and directory cases above stand in.
  it.skipIf(process.getuid?.() === 0)('a file without read permission is module.unreadable (skipped as root, who can read it anyway)', async () => {
    const file = write('secret.mjs', 'export const x = 1;\n');
    chmodSync(file, 0o000);
    const result = await run(['check', '-c', contract, file, '--format', 'json']);
    expect(expectUndecided(result, 'module.unreadable').error?.message).toContain('permission denied');
  });
});

describe('a module that changes during analysis', () => {
  it('each check reports one consistent version of the file: never a crash, never a pass of the broken one', async () => {
    const file = write('changing.mjs', 'export const x = 1;\n');
    const versions = ['export const x = 1;\n', 'export const y = 1;\n', 'export const x = ;\n', ''];
    // A writer flips the file between versions, by rename and by truncating rewrite, while checks run.
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const content = versions[i % versions.length] ?? '';
        if (i % 2 === 0) {
          writeFileSync(`${file}.tmp`, content);
          renameSync(`${file}.tmp`, file);
        } else writeFileSync(file, content);
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => run(['check', '-c', contract, file, file, '--jobs', '2', '--format', 'json'])));
      for (const result of results) {
        expect(result.signal, result.stderr).toBeNull();
        expect([0, 1, 2]).toContain(result.status);
        expect(result.ms).toBeLessThan(BOUND_MS * 2);
        const report = json(result.stdout);
        expect(report.ok).toBe(result.status === 0);
        for (const r of report.results) if (r.ok) expect(r.error).toBeUndefined();
      }
    } finally {
      stop = true;
      await writer;
    }
  });
});
