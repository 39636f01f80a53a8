import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../src/cli/index.js';
import { importspy } from './helpers.js';

// A project of 30 compliant plugins and one that breaks the contract (with a long hint, to see
// the wrapping), and one whose only problem is a warning.
let dir: string;
const HINT = 'plugins must export dispose so that the host can release their sockets, timers and file handles when it shuts down or reloads them';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-output-'));
  mkdirSync(join(dir, 'clean'));
  for (let i = 0; i < 30; i++) writeFileSync(join(dir, 'clean', `p${String(i).padStart(2, '0')}.mjs`), 'export function run() {}\nexport function dispose() {}\n');
  writeFileSync(join(dir, 'bad.mjs'), 'export function run() {}\n');
  writeFileSync(join(dir, 'warned.mjs'), 'export function run() {}\nexport function dispose() {}\n');
  writeFileSync(join(dir, 'spymodel.yml'), `functions:\n  - name: run\n  - name: dispose\n    hint: ${HINT}\n`);
  writeFileSync(join(dir, 'warn.yml'), 'functions:\n  - name: run\n  - name: stop\n    severity: warn\n  - name: dispose\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Captured {
  status: number;
  stdout: string;
  stderr: string;
}

async function inProcess(args: string[], tty: { isTTY: boolean; columns?: number }, env: Record<string, string> = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const status = await cli(args, {
    stdout: { write: (s: string) => (stdout += s), ...tty },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd: dir,
  });
  return { status, stdout, stderr };
}

describe('the text report at scale', () => {
  it('30 compliant modules print one summary line; --verbose lists them', () => {
    const run = importspy(['check', 'clean'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('OK: 30 modules checked, 30 compliant, 0 violations\n');
    const verbose = importspy(['check', 'clean', '--verbose'], { cwd: dir });
    expect(verbose.stdout.split('\n').filter((l) => l.startsWith('✔ clean/p')).length).toBe(30);
  });

  it('only the module with violations is listed, then the summary', () => {
    const run = importspy(['check', 'clean', 'bad.mjs'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n').filter((l) => /^[✔✖!]/.test(l))).toEqual(['✖ bad.mjs breaks spymodel.yml: 1 violation']);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('FAILED: 31 modules checked, 30 compliant, 1 violation');
  });

  it('--quiet shows errors only', () => {
    const all = importspy(['check', 'bad.mjs', 'warned.mjs', '-c', 'warn.yml'], { cwd: dir });
    expect(all.stdout).toContain('warn  missing.function  functions.stop');
    expect(all.stdout).toContain('! warned.mjs complies');
    const quiet = importspy(['check', 'bad.mjs', 'warned.mjs', '-c', 'warn.yml', '--quiet'], { cwd: dir });
    expect(quiet.status).toBe(1);
    expect(quiet.stdout).not.toContain('functions.stop');
    expect(quiet.stdout).not.toContain('warned.mjs');
    expect(quiet.stdout).toContain('error missing.function  functions.dispose');
  });

  it('wraps at the terminal width on a TTY, at 80 otherwise', async () => {
    const widths = async (tty: { isTTY: boolean; columns?: number }) => {
      const run = await inProcess(['check', 'bad.mjs'], tty, { NO_COLOR: '1' });
      expect(run.status).toBe(1);
      return run.stdout.split('\n').map((l) => l.length);
    };
    const wide = await widths({ isTTY: true, columns: 140 });
    const piped = await widths({ isTTY: false, columns: 140 });
    expect(Math.max(...wide)).toBeGreaterThan(100);
    expect(Math.max(...wide)).toBeLessThanOrEqual(140);
    expect(Math.max(...piped)).toBeLessThanOrEqual(80);
  });

  it('colour on a TTY, none with TERM=dumb', async () => {
    expect((await inProcess(['check', 'bad.mjs'], { isTTY: true })).stdout).toMatch(/\u001b\[/);
    expect((await inProcess(['check', 'bad.mjs'], { isTTY: true }, { TERM: 'dumb' })).stdout).not.toMatch(/\u001b\[/);
  });
});

describe('baselines in the text report', () => {
  it('says which known entries are fixed and how to drop them', () => {
    const baseline = join(dir, 'baseline.json');
    writeFileSync(join(dir, 'fixme.mjs'), 'export function run() {}\n');
    expect(importspy(['check', 'fixme.mjs', 'bad.mjs', '--update-baseline', '--baseline', baseline], { cwd: dir }).status).toBe(0);
    writeFileSync(join(dir, 'fixme.mjs'), 'export function run() {}\nexport function dispose() {}\n');
    const run = importspy(['check', 'fixme.mjs', 'bad.mjs', '--baseline', baseline], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('✔ 1 baseline entry fixed (no longer found):\n  fixme.mjs  missing.function  functions.dispose\n  drop it from the baseline: run the same check with --update-baseline\n');
  });
});

describe('--format json is always one JSON document', () => {
  it('an invalid contract: the problems, exit 2', () => {
    writeFileSync(join(dir, 'invalid.yml'), 'functions:\n  - nme: run\n');
    const run = importspy(['check', 'bad.mjs', '-c', 'invalid.yml', '--format', 'json'], { cwd: dir });
    expect(run.status).toBe(2);
    const doc = JSON.parse(run.stdout) as { ok: boolean; contract: string; error: { code: string; problems: Array<{ code: string; path: string; location: { line: number } }> } };
    expect(doc.ok).toBe(false);
    expect(doc.contract).toBe('invalid.yml');
    expect(doc.error.code).toBe('contract.invalid');
    expect(doc.error.problems.map((p) => [p.code, p.path, p.location.line])).toContainEqual(['contract.unknown-key', 'functions[0].nme', 2]);
    expect(run.stderr).toContain('unknown key `nme`');
  });

  it('an option the parser rejects: a usage error in the document, exit 2', () => {
    const run = importspy(['check', 'bad.mjs', '--format', 'json', '--jobs', '0'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'usage', message: expect.stringContaining('--jobs must be a positive integer') }, results: [] });
    const typo = importspy(['check', 'bad.mjs', '--format', 'json', '--verbos'], { cwd: dir });
    expect(typo.status).toBe(2);
    expect(JSON.parse(typo.stdout)).toMatchObject({ error: { code: 'usage', message: 'unknown option --verbos; did you mean --verbose?' } });
  });

  it('a glob that matches nothing: a usage error in the document, exit 2', () => {
    const run = importspy(['check', 'nothing/**/*.ts', '--format', 'json'], { cwd: dir });
    expect(run.status).toBe(2);
    const doc = JSON.parse(run.stdout) as { ok: boolean; error: { code: string; message: string } };
    expect(doc.error).toMatchObject({ code: 'usage', message: expect.stringContaining('nothing/**/*.ts matches no module files') });
  });
});
