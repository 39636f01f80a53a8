import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const project = fileURLToPath(new URL('../fixtures/project/', import.meta.url));

function importspy(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [`${root}bin/importspy.js`, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', IMPORTSPY_MODE: '', IMPORTSPY_CONFIG: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('check with a project configuration', () => {
  it('checks every protected module against its own contract when no module is named', () => {
    const r = importspy(project, ['check', '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { results: Array<{ module: string; ok: boolean; violations: Array<{ code: string }> }> };
    expect(report.results.map((x) => [x.module, x.ok, x.violations.map((v) => v.code).join()])).toEqual([
      ['src/plugins/a.mjs', true, ''],
      ['src/plugins/b.mjs', false, 'missing.function'],
      ['lib/db.mjs', false, 'mismatch.value'],
    ]);
  });

  it('finds the nearest configuration walking up, and honours --config', () => {
    expect(importspy(join(project, 'lib'), ['check', '--format', 'json']).status).toBe(1);
    const elsewhere = mkdtempSync(join(tmpdir(), 'importspy-noconfig-'));
    expect(importspy(elsewhere, ['check', '--config', join(project, 'importspy.config.yml'), '--format', 'json']).status).toBe(1);
  });

  it('an unknown key or a missing contract file in the configuration is exit 2 with file:line:column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'importspy-badconfig-'));
    writeFileSync(join(dir, 'importspy.config.yml'), 'contracts:\n  - modules: "*.mjs"\n    contrat: ./x.yml\n  - modules: "*.mjs"\n    contract: ./missing.yml\n');
    const r = importspy(dir, ['check']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('importspy.config.yml:3:5 contracts[0].contrat: unknown key `contrat`; did you mean `contract`?');
    expect(r.stderr).toContain('contracts[0].contract: required field `contract` is missing');
    const fixed = 'contracts:\n  - modules: "*.mjs"\n    contract: ./missing.yml\n';
    writeFileSync(join(dir, 'importspy.config.yml'), fixed);
    const missing = importspy(dir, ['check']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('importspy.config.yml:3:15 contracts[0].contract: contract file ./missing.yml does not exist');
  });
});
