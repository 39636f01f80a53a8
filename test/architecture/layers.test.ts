import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// ImportSpy checks its own layering with its own contracts (test/architecture/*.yml): each layer
// of src/ may import only what its contract allows.
const root = fileURLToPath(new URL('../..', import.meta.url));

function check(dir: string, contract: string) {
  const r = spawnSync(process.execPath, ['bin/importspy.js', 'check', dir, '-c', contract, '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, IMPORTSPY_MODE: '' } });
  return { status: r.status, report: JSON.parse(r.stdout || 'null') as { results: Array<{ module: string; violations: Array<{ code: string; path: string }> }> } | null, stderr: r.stderr };
}

describe('layer boundaries', () => {
  for (const layer of ['report', 'analysis', 'contract', 'validate']) {
    it(`src/${layer} honours test/architecture/${layer}.yml`, () => {
      const { status, report } = check(`src/${layer}`, `test/architecture/${layer}.yml`);
      const broken = report?.results.flatMap((r) => r.violations.map((v) => `${r.module}: ${v.code} ${v.path}`));
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
