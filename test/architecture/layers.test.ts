import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// ImportSpy checks its own layering with its own contracts (test/architecture/*.yml): each layer
// of src/ may import only what its contract allows.
const root = fileURLToPath(new URL('../..', import.meta.url));

// A layer's baseline (test/architecture/<layer>.baseline.json) lists what is known and accepted:
// src/analysis/runtime.ts loads the module under analysis (runtime mode) by a computed specifier,
// which static analysis cannot check against a deny list.
function check(dir: string, contract: string, baseline?: string) {
  const args = ['bin/importspy.js', 'check', dir, '-c', contract, '--format', 'json', ...(baseline && existsSync(join(root, baseline)) ? ['--baseline', baseline] : [])];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, IMPORTSPY_MODE: '' } });
  return { status: r.status, report: JSON.parse(r.stdout || 'null') as { results: Array<{ module: string; violations: Array<{ code: string; path: string; baseline?: string }> }> } | null, stderr: r.stderr };
}

describe('layer boundaries', () => {
  for (const layer of ['report', 'analysis', 'contract', 'validate', 'violations']) {
    it(`src/${layer} honours test/architecture/${layer}.yml`, () => {
      const { status, report } = check(`src/${layer}`, `test/architecture/${layer}.yml`, `test/architecture/${layer}.baseline.json`);
      const broken = report?.results.flatMap((r) => r.violations.filter((v) => v.baseline !== 'known').map((v) => `${r.module}: ${v.code} ${v.path}`));
      expect(broken).toEqual([]);
      expect(status).toBe(0);
    });
  }

  it('a layer that reaches further is caught (the rules are live)', () => {
    const { status, report } = check('src/cli', 'test/architecture/report.yml');
    expect(status).toBe(1);
    expect(report?.results.some((r) => r.violations.some((v) => v.code === 'forbidden.import'))).toBe(true);
  });
});
