import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs helper shared with the examples' own runner
import { linkPackage } from '../../examples/setup.mjs';

// Every example runs as a user would run it, against the built package.
const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const register = fileURLToPath(new URL('../../dist/loader/register.js', import.meta.url));

function node(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, args, { cwd: `${examples}${cwd}`, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', IMPORTSPY_MODE: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  (linkPackage as () => void)();
  rmSync(`${examples}plugin-host/plugins/rogue-ran.txt`, { force: true });
});

describe('examples', () => {
  it('the README main job (plugin host, protected package, CLI) succeeds', () => {
    const r = node(['run.mjs'], '');
    expect(r.stdout).toContain('Example OK');
    expect(r.status).toBe(0);
  });

  it('(a) the plugin host admits the compliant plugins and never runs the rogue one', () => {
    const r = node(['host.mjs'], 'plugin-host');
    expect(r.stdout).toContain('admitted audit.cjs: audited 5 characters');
    expect(r.stdout).toContain('admitted greeter.mjs: hello, world');
    expect(r.stdout).toContain('rejected rogue.mjs:');
    expect(r.stdout).toContain('missing.method  classes.Plugin.methods.handle');
    expect(r.stdout).toContain('rogue plugin code ran: no');
    expect(existsSync(`${examples}plugin-host/plugins/rogue-ran.txt`)).toBe(false);
  });

  it('(b) the protected package admits compliant importers and blocks the others, ESM and CommonJS', () => {
    const env = { PAYMENTS_API_KEY: 'canary-b3c1' };
    for (const file of ['checkout.mjs', 'checkout.cjs']) {
      const r = node([file], 'protected-package', env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`${file}: {"amount":10,"currency":"EUR","status":"charged"}`);
    }
    for (const file of ['shortcut.mjs', 'shortcut.cjs']) {
      const r = node([file], 'protected-package', env);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('[missing.function] functions.onPayment');
      expect(r.stderr).not.toContain('canary-b3c1');
    }
    const noKey = node(['checkout.mjs'], 'protected-package', { PAYMENTS_API_KEY: '' });
    expect(noKey.status).toBe(1);
    expect(noKey.stderr).toContain('[missing.secret] environment.secrets.PAYMENTS_API_KEY');
  });

  it('(c) the loader hooks enforce the project configuration on every importer', () => {
    const good = node(['--import', register, 'reports.mjs'], 'hooks');
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain('reports.mjs ran');
    const bad = node(['--import', register, 'backup.mjs'], 'hooks');
    expect(bad.status).toBe(1);
    expect(bad.stdout).not.toContain('backup.mjs ran');
    expect(bad.stderr).toContain('[missing.variable] variables.schemaVersion');
    expect(bad.stderr).toContain('[forbidden.import] imports.node:child_process');
  });

  it('(d) the CI check writes SARIF pointing at the offending lines', () => {
    const r = node(['check.mjs'], 'ci');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('error mismatch.async src/invoices.ts:2:8');
    expect(r.stdout).toContain('importspy exit code 1: the pipeline fails');
    const sarif = JSON.parse(readFileSync(`${examples}ci/importspy.sarif`, 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
  });
});
