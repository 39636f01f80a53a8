import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// ImportSpy checks its own layering with its own contracts (test/architecture/*.yml): each layer
// of src/ may import only what its contract allows, type-only imports included where a rule says
// so. Every top-level folder of src/ has one (<folder>.yml); the top-level files have two:
// entry.yml for the entry points, top.yml for the rest.
const root = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY_POINTS = ['src/index.ts', 'src/internal.ts'];

// A layer's baseline (test/architecture/<layer>.baseline.json) lists what is known and accepted
// (each entry to be removed, never added to, as the code is fixed): src/contract/from-model.ts
// builds a contract from a module's model, a type of the analysis layer (it leaves contract/ for
// a layer of generated outputs, issue 11);
// src/analysis/runtime.ts loads the module under analysis (runtime mode) and src/loader/load.ts
// the plugin it admitted, each by a computed specifier, which static analysis cannot check
// against a deny list.
function check(modules: string[], contract: string, baseline?: string) {
  const args = ['bin/importspy.js', 'check', ...modules, '-c', contract, '--format', 'json', ...(baseline && existsSync(join(root, baseline)) ? ['--baseline', baseline] : [])];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, IMPORTSPY_MODE: '' } });
  return { status: r.status, report: JSON.parse(r.stdout || 'null') as { results: Array<{ module: string; violations: Array<{ code: string; path: string; baseline?: string }> }> } | null, stderr: r.stderr };
}

const layers = readdirSync(join(root, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

function expectHonoured(modules: string[], contract: string, baseline?: string): void {
  const { status, report, stderr } = check(modules, contract, baseline);
  const broken = report?.results.flatMap((r) => r.violations.filter((v) => v.baseline !== 'known').map((v) => `${r.module}: ${v.code} ${v.path}`));
  expect(broken, stderr).toEqual([]);
  expect(status, stderr).toBe(0);
}

describe('layer boundaries', () => {
  it('every top-level folder of src/ has a layer contract', () => {
    expect(layers.length).toBeGreaterThanOrEqual(9);
    expect(layers.filter((layer) => !existsSync(join(root, `test/architecture/${layer}.yml`)))).toEqual([]);
  });

  for (const layer of layers) {
    it(`src/${layer} honours test/architecture/${layer}.yml`, () => {
      expectHonoured([`src/${layer}`], `test/architecture/${layer}.yml`, `test/architecture/${layer}.baseline.json`);
    });
  }

  it('the top-level files honour test/architecture/top.yml, the entry points entry.yml', () => {
    expectHonoured(['src/*.ts', ...ENTRY_POINTS.map((f) => `!${f}`)], 'test/architecture/top.yml');
    expectHonoured(ENTRY_POINTS, 'test/architecture/entry.yml');
  });

  it('a layer that reaches further is caught (the rules are live)', () => {
    const { status, report } = check(['src/cli'], 'test/architecture/report.yml');
    expect(status).toBe(1);
    expect(report?.results.some((r) => r.violations.some((v) => v.code === 'forbidden.import'))).toBe(true);
  });

  describe('type-only imports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'importspy-layers-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const fixture = 'test/fixtures/layers/type-only.ts';

    it('are caught by the layer contracts, whose rules name kind: type', () => {
      const { status, report } = check([fixture], 'test/architecture/violations.yml');
      expect(status).toBe(1);
      expect(report?.results[0]?.violations.map((v) => v.code)).toEqual(['forbidden.import']);
    });

    it('are not seen by a plain-string rule (which is why the contracts say kind)', () => {
      const plain = join(dir, 'plain.yml');
      writeFileSync(plain, 'imports:\n  deny: ["../cli/**"]\n');
      const { status, report } = check([fixture], plain);
      expect(report?.results[0]?.violations).toEqual([]);
      expect(status).toBe(0);
    });
  });
});
