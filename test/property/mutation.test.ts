/**
 * Single mutations: a generated module and the full contract it satisfies (names, annotations,
 * values, defaults, async, static, optional, base class, implements) give no violation; one
 * mutation of either side — a renamed export, a changed annotation, a removed method, a changed
 * value — gives exactly the one violation that names it, with its code and path.
 *
 * Replay a failure with the seed and path from its message:
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run test/property   (after `npm run build`)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { captureContext, defineContract, inspectModule, validate, type ContractInput } from '../../src/index.js';
import { contractOf, moduleSpec, renderModule, writeModule, type CallableSpec, type Literal, type ModuleSpec } from './modules.js';
import { checkAsync } from './settings.js';

const root = mkdtempSync(join(tmpdir(), 'importspy-property-mutation-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const context = captureContext({ arch: 'x64', platform: 'linux', libc: 'glibc', runtime: { name: 'node', version: '22.3.0' }, env: {}, packages: {}, cwd: root });

type Contract = ReturnType<typeof contractOf>;
/** One mutation: what it changes, and the one violation it must produce. */
interface Mutation {
  label: string;
  apply: (spec: ModuleSpec, contract: Contract) => void;
  code: string;
  path: string;
}

const PLURAL = { variable: 'variables', function: 'functions', class: 'classes' } as const;
/** A type no generated annotation equals, or the original wrapped in an array. */
const changeType = (type: string, wrap: boolean): string => (wrap ? `Array<${type}>` : 'Mutated_');
/** A value no generated literal equals. */
const changeValue = (value: Literal): Literal => ({ mutated_: [value] });

/** Every single mutation the spec allows, each applied to the module or to the contract. */
function mutations(spec: ModuleSpec, wrap: boolean): Mutation[] {
  const out: Mutation[] = [];
  const entry = (contract: Contract, kind: keyof typeof PLURAL, name: string) =>
    (contract[PLURAL[kind]] as Array<{ name: string }>).find((e) => e.name === name) as Record<string, unknown> & { name: string };
  const callableMutations = (c: CallableSpec, prefix: string, find: (s: ModuleSpec) => CallableSpec, inContract: (k: Contract) => NonNullable<ContractInput['functions']>[number]) => {
    c.params.forEach((p, i) => {
      if (p.annotation !== undefined) {
        const path = `${prefix}.arguments.${p.name}.annotation`;
        out.push({ label: `module: annotation of ${path}`, code: 'mismatch.annotation', path, apply: (s) => void ((find(s).params[i] as { annotation?: string }).annotation = changeType(p.annotation as string, wrap)) });
        out.push({ label: `contract: annotation of ${path}`, code: 'mismatch.annotation', path, apply: (_s, k) => void ((inContract(k).arguments?.[i] as { annotation?: string }).annotation = changeType(p.annotation as string, wrap)) });
      }
      if (p.default !== undefined) {
        const path = `${prefix}.arguments.${p.name}.value`;
        out.push({ label: `module: default of ${path}`, code: 'mismatch.value', path, apply: (s) => void ((find(s).params[i] as { default?: Literal }).default = changeValue(p.default as Literal)) });
        out.push({ label: `contract: default of ${path}`, code: 'mismatch.value', path, apply: (_s, k) => void ((inContract(k).arguments?.[i] as { value?: Literal }).value = changeValue(p.default as Literal)) });
      }
    });
    if (c.returns !== undefined) {
      const path = `${prefix}.return_annotation`;
      out.push({ label: `module: ${path}`, code: 'mismatch.return-annotation', path, apply: (s) => void (find(s).returns = changeType(c.returns as string, wrap)) });
      out.push({ label: `contract: ${path}`, code: 'mismatch.return-annotation', path, apply: (_s, k) => void (inContract(k).return_annotation = changeType(c.returns as string, wrap)) });
    }
  };

  spec.entries.forEach((e, index) => {
    const path = `${PLURAL[e.kind]}.${e.name}`;
    const code = `missing.${e.kind}`;
    // A renamed export leaves the old name missing; a contract naming another export, the new one.
    out.push({ label: `module: rename ${path}`, code, path, apply: (s) => void ((s.entries[index] as { name: string }).name = `${e.name}_renamed`) });
    out.push({ label: `contract: rename ${path}`, code, path: `${path}_renamed`, apply: (_s, k) => void (entry(k, e.kind, e.name).name = `${e.name}_renamed`) });

    if (e.kind === 'variable') {
      if (e.annotation !== undefined) {
        out.push({ label: `module: annotation of ${path}`, code: 'mismatch.annotation', path: `${path}.annotation`, apply: (s) => void ((s.entries[index] as { annotation?: string }).annotation = changeType(e.annotation as string, wrap)) });
        out.push({ label: `contract: annotation of ${path}`, code: 'mismatch.annotation', path: `${path}.annotation`, apply: (_s, k) => void (entry(k, 'variable', e.name)['annotation'] = changeType(e.annotation as string, wrap)) });
      }
      out.push({ label: `module: value of ${path}`, code: 'mismatch.value', path: `${path}.value`, apply: (s) => void ((s.entries[index] as { value: Literal }).value = changeValue(e.value)) });
      out.push({ label: `contract: value of ${path}`, code: 'mismatch.value', path: `${path}.value`, apply: (_s, k) => void (entry(k, 'variable', e.name)['value'] = changeValue(e.value)) });
    } else if (e.kind === 'function') {
      const find = (s: ModuleSpec) => s.entries[index] as CallableSpec;
      const inContract = (k: Contract) => entry(k, 'function', e.name) as unknown as NonNullable<ContractInput['functions']>[number];
      callableMutations(e, path, find, inContract);
    } else {
      const klass = (s: ModuleSpec) => s.entries[index] as typeof e;
      const inContract = (k: Contract) => entry(k, 'class', e.name) as unknown as NonNullable<ContractInput['classes']>[number];
      e.methods.forEach((m, i) => {
        const mpath = `${path}.methods.${m.name}`;
        out.push({ label: `module: remove ${mpath}`, code: 'missing.method', path: mpath, apply: (s) => void klass(s).methods.splice(i, 1) });
        out.push({ label: `module: rename ${mpath}`, code: 'missing.method', path: mpath, apply: (s) => void ((klass(s).methods[i] as { name: string }).name = `${m.name}_renamed`) });
        out.push({ label: `contract: rename ${mpath}`, code: 'missing.method', path: `${mpath}_renamed`, apply: (_s, k) => void ((inContract(k).methods?.[i] as { name: string }).name = `${m.name}_renamed`) });
        callableMutations(m, mpath, (s) => klass(s).methods[i] as CallableSpec, (k) => inContract(k).methods?.[i] as NonNullable<ContractInput['functions']>[number]);
      });
      e.attributes.forEach((a, i) => {
        const apath = `${path}.attributes.${a.name}`;
        out.push({ label: `contract: rename ${apath}`, code: 'missing.attribute', path: `${apath}_renamed`, apply: (_s, k) => void ((inContract(k).attributes?.[i] as { name: string }).name = `${a.name}_renamed`) });
        if (a.annotation !== undefined) {
          out.push({ label: `module: annotation of ${apath}`, code: 'mismatch.annotation', path: `${apath}.annotation`, apply: (s) => void ((klass(s).attributes[i] as { annotation?: string }).annotation = changeType(a.annotation as string, wrap)) });
          out.push({ label: `contract: annotation of ${apath}`, code: 'mismatch.annotation', path: `${apath}.annotation`, apply: (_s, k) => void ((inContract(k).attributes?.[i] as { annotation?: string }).annotation = changeType(a.annotation as string, wrap)) });
        }
        if (a.value !== undefined && a.form === 'field') {
          out.push({ label: `module: value of ${apath}`, code: 'mismatch.value', path: `${apath}.value`, apply: (s) => void ((klass(s).attributes[i] as { value?: Literal }).value = changeValue(a.value as Literal)) });
          out.push({ label: `contract: value of ${apath}`, code: 'mismatch.value', path: `${apath}.value`, apply: (_s, k) => void ((inContract(k).attributes?.[i] as { value?: Literal }).value = changeValue(a.value as Literal)) });
        }
      });
    }
  });
  return out;
}

const seen = (violations: ReadonlyArray<{ code: string; path: string }>) => violations.map((v) => `${v.code} at ${v.path}`);

describe('single mutations of a compliant (module, contract) pair', () => {
  it('the generated module passes its full contract; one mutation yields exactly the violation that names it', async () => {
    const cases = moduleSpec.chain((spec) => fc.tuple(fc.constant(spec), fc.nat(), fc.boolean()));
    await checkAsync(
      fc.asyncProperty(cases, async ([spec, pick, wrap]) => {
        const contract = contractOf(spec);
        const model = await inspectModule(writeModule(root, spec));
        expect(seen(validate(defineContract(contract), { module: model, context }).violations), 'the unmutated pair').toEqual([]);

        const all = mutations(spec, wrap);
        const mutation = all[pick % all.length] as Mutation;
        const mutatedSpec = structuredClone(spec);
        const mutatedContract = structuredClone(contract);
        mutation.apply(mutatedSpec, mutatedContract);
        const text = renderModule(mutatedSpec);
        const mutatedModel = text === renderModule(spec) ? model : await inspectModule(writeModule(root, mutatedSpec, text));
        const result = validate(defineContract(mutatedContract), { module: mutatedModel, context });
        expect(seen(result.violations), mutation.label).toEqual([`${mutation.code} at ${mutation.path}`]);
        expect(result.ok).toBe(false);
      }),
      200,
    );
  });
});
