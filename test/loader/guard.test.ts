import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// These tests run the built package (`npm test` builds first): fixtures import 'importspy' by name.
const dir = fileURLToPath(new URL('../fixtures/guard/', import.meta.url));

function run(file: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', IMPORTSPY_MODE: '', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('guard(import.meta) in ESM', () => {
  it('admits a compliant importer, found as the entry module', () => {
    const r = run('good-importer.mjs');
    expect(r.stdout).toContain('importer ran: answer=42 via=entry');
    expect(r.status).toBe(0);
  });

  it('blocks a non-compliant importer before its code runs, naming every violation', () => {
    const r = run('bad-importer.mjs');
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('importer ran');
    expect(r.stderr).toContain('ContractViolationError');
    expect(r.stderr).toContain('[missing.variable] variables.name');
    expect(r.stderr).toContain('[missing.function] functions.run');
    expect(r.stderr).toContain('bad-importer.mjs (found via entry)');
  });

  it('finds the caller of a dynamic import()', () => {
    const good = run('dynamic-good.mjs');
    expect(good.stdout).toContain('importer ran: via=dynamic-import file=dynamic-good.mjs');
    const bad = run('bad-dynamic.mjs');
    expect(bad.stdout).toContain('blocked: ERR_IMPORT_CONTRACT missing.variable,missing.function');
  });

  it('warn mode reports on stderr and lets the import through', () => {
    const r = run('bad-importer.mjs', { IMPORTSPY_MODE: 'warn' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('importer ran');
    expect(r.stderr).toContain('missing.function');
  });

  it('fails closed when the contract is invalid', () => {
    const r = run('uses-broken.mjs');
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('importer ran');
    expect(r.stderr).toContain('unknown key `argumnets`; did you mean `arguments`?');
  });

  it('reports a module run as the entry point as having no importer, and checks the environment only', () => {
    const r = run('env-only.mjs', { GUARD_TOKEN: 'x' });
    const out = JSON.parse(r.stdout.trim()) as { importer: unknown; note: string; ok: boolean };
    expect(out.importer).toBeNull();
    expect(out.note).toContain('entry point');
    // The second deployment (any arm64 machine) or the first (x64 linux with the token) passes here.
    expect(out.ok).toBe(process.arch === 'arm64' || (process.arch === 'x64' && process.platform === 'linux'));
  });
});

describe('guard(module) in CommonJS', () => {
  it('admits a compliant requirer, found via require', () => {
    const r = run('good-importer.cjs');
    expect(r.stdout).toContain('importer ran: answer=42 via=require');
    expect(r.status).toBe(0);
  });

  it('blocks a non-compliant requirer', () => {
    const r = run('bad-importer.cjs');
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('importer ran');
    expect(r.stderr).toContain('bad-importer.cjs (found via require)');
  });

  it('CommonJS requiring a guarded ES module (Node >= 20.19) is found via require', () => {
    const r = run('cjs-requires-esm.cjs');
    expect(r.stdout).toContain('importer ran: via=require file=cjs-requires-esm.cjs');
  });
});
