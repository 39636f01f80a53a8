/**
 * Properties of the module analyser on generated TypeScript and JavaScript modules: it throws
 * nothing but ModuleAnalysisError, it sees every export as what it is, and `init` then `check`
 * always passes (in process through `contractFromModel` + `validate`, and a few runs of the CLI).
 *
 * Replay a failure with the seed and path from its message:
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run test/property   (after `npm run build`)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { captureContext, defineContract, inspectModule, ModuleAnalysisError, validate, type ModuleModel } from '../../src/index.js';
import { contractFromModel } from '../../src/generate/from-model.js';
import { BASE, moduleSpec, renderModule, writeModule, type ModuleSpec } from './modules.js';
import { checkAsync } from './settings.js';

const root = mkdtempSync(join(tmpdir(), 'importspy-property-analysis-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const bin = fileURLToPath(new URL('../../bin/importspy.js', import.meta.url));
const context = captureContext({ arch: 'x64', platform: 'linux', libc: 'glibc', runtime: { name: 'node', version: '22.3.0' }, env: {}, packages: {}, cwd: root });

/** Each export of the spec is in the model, as the kind it was written as. */
function expectKinds(spec: ModuleSpec, model: ModuleModel): void {
  const kinds = (name: string): string[] => [
    ...(model.variables.some((v) => v.name === name) ? ['variable'] : []),
    ...(model.functions.some((f) => f.name === name) ? ['function'] : []),
    ...(model.classes.some((k) => k.name === name) ? ['class'] : []),
  ];
  expect(spec.entries.map((e) => [e.name, kinds(e.name)])).toEqual(spec.entries.map((e) => [e.name, [e.kind]]));
  for (const e of spec.entries) {
    if (e.kind !== 'class' || !e.extendsBase) continue;
    expect(model.classes.find((k) => k.name === e.name)?.superclasses.map((s) => [s.name, s.resolved])).toEqual([[BASE, true]]);
  }
}

describe('module analyser on generated modules', () => {
  it('throws nothing but ModuleAnalysisError, even on a cut or corrupted module', async () => {
    const damaged = moduleSpec.chain((spec) =>
      fc.tuple(fc.constant(spec), fc.nat(), fc.constantFrom('', '{', '}', '(', 'export', '`', '"', '/*', '@', '\u0000', '\ud800', 'class {', '=>')),
    );
    await checkAsync(
      fc.asyncProperty(damaged, async ([spec, at, insert]) => {
        const text = renderModule(spec);
        const cut = at % (text.length + 1);
        const file = writeModule(root, spec, text.slice(0, cut) + insert + text.slice(cut));
        try {
          await inspectModule(file);
        } catch (error) {
          if (!(error instanceof ModuleAnalysisError)) throw error;
          expect(error.code).toMatch(/^module\.(syntax|unreadable|not-found)$/);
        }
      }),
      100,
    );
  });

  it('sees every export as its kind, and passes the contract init writes for it (init → check)', async () => {
    await checkAsync(
      fc.asyncProperty(moduleSpec, async (spec) => {
        const file = writeModule(root, spec);
        const model = await inspectModule(file);
        expectKinds(spec, model);
        const contract = defineContract(contractFromModel(model));
        expect(validate(contract, { module: model, context }).violations).toEqual([]);
      }),
      150,
    );
  });

  it('init then check through the CLI exits 0', async () => {
    await checkAsync(
      fc.asyncProperty(moduleSpec, async (spec) => {
        const file = writeModule(root, spec);
        const out = join(root, `${Math.random().toString(36).slice(2)}.yml`);
        const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', IMPORTSPY_CACHE: '0' };
        const init = spawnSync(process.execPath, [bin, 'init', file, '-o', out], { encoding: 'utf8', env, cwd: root });
        expect(init.status, init.stderr).toBe(0);
        const check = spawnSync(process.execPath, [bin, 'check', file, '-c', out, '--format', 'json'], { encoding: 'utf8', env, cwd: root });
        expect(check.status, check.stdout + check.stderr).toBe(0);
      }),
      5,
    );
  });
});
