import { describe, expect, it } from 'vitest';
import { inspectModule, loadContract, parseContract, validate } from '../../src/index.js';
import { normaliseType, sameType } from '../../src/validate/annotation.js';
import { FAILING, PASSING } from './cases.js';
import { checkApi, fixture, seen } from './helpers.js';

describe('module validation through the public API', () => {
  it.each(PASSING)('passes: $name', async ({ module, contract, mode }) => {
    expect(await checkApi(module, contract, mode)).toEqual([]);
  });

  it.each(FAILING)('fails: $name', async ({ module, contract, mode, violations }) => {
    expect(await checkApi(module, contract, mode)).toEqual(violations);
  });

  it('gives every violation its category, context, message and solution', async () => {
    const model = await inspectModule(fixture('ts/plugin.ts'));
    const { ok, violations } = validate(loadContract(fixture('ts/fail.yml')), { module: model });
    expect(ok).toBe(false);
    for (const v of violations) {
      expect(v.category).toBe(v.code.split('.')[0]);
      expect(['module', 'class', 'imports']).toContain(v.context);
      expect(v.message.length).toBeGreaterThan(10);
      expect(v.solution.length).toBeGreaterThan(5);
      expect(v.location?.file).toMatch(/validate\/ts\/(plugin|base)\.ts$/);
      expect(v.contractLocation?.file).toBe(fixture('ts/fail.yml'));
    }
  });

  it('reports in the same order however often it runs', async () => {
    const first = await checkApi('ts/plugin.ts', 'ts/fail.yml');
    const second = await checkApi('ts/plugin.ts', 'ts/fail.yml');
    expect(second).toEqual(first);
  });
});

describe('the ImportSpy extension example', () => {
  const example = '../modules/extension/extension.ts';

  /** The example contract with one change made by `edit`. */
  async function mutated(edit: (text: string) => string) {
    const { readFileSync } = await import('node:fs');
    const text = edit(readFileSync(fixture('extension/spymodel.yml'), 'utf8'));
    const contract = parseContract(text);
    return validate(contract, { module: await inspectModule(fixture(example)) }).violations.map(seen);
  }

  it.each([
    ['a variable value', (t: string) => t.replace('value: This is a plugin', 'value: This is an extension'), 'mismatch.value', 'variables.plugin_description.value'],
    ['a class attribute becomes an instance one', (t: string) => t.replace('- type: class\n        name: extension_name', '- type: instance\n        name: extension_name'), 'mismatch.attribute-type', 'classes.Extension.attributes.extension_name.type'],
    ['an instance attribute value', (t: string) => t.replace('value: extension_instance_name', 'value: other'), 'mismatch.value', 'classes.Extension.attributes.extension_instance_name.value'],
    ['an argument annotation', (t: string) => t.replace('- name: msg\n            annotation: string', '- name: msg\n            annotation: number'), 'mismatch.annotation', 'classes.Extension.methods.add_extension.arguments.msg.annotation'],
    ['a return annotation', (t: string) => t.replace('return_annotation: string', 'return_annotation: number'), 'mismatch.return-annotation', 'classes.Extension.methods.add_extension.return_annotation'],
    ['a missing method', (t: string) => t.replace('name: get_bar', 'name: get_baz'), 'missing.method', 'classes.Foo.methods.get_baz'],
    ['another superclass', (t: string) => t.replace('- Plugin', '- BasePlugin'), 'missing.superclass', 'classes.Extension.superclasses.BasePlugin'],
    ['the filename', (t: string) => t.replace('filename: extension.ts', 'filename: plugin.ts'), 'mismatch.filename', 'filename'],
  ])('fails when the contract changes %s', async (_what, edit, code, path) => {
    const violations = await mutated(edit);
    expect(violations.map((v) => [v.code, v.path])).toEqual([[code, path]]);
  });

  it('counts the members Extension inherits from Plugin as its own, and checks Plugin as a class entry', async () => {
    const violations = await mutated((t) =>
      t
        .replace('      - name: http_get_request', '      - name: run\n        return_annotation: void\n      - name: http_get_request')
        .replace(
          '    superclasses:\n      - Plugin',
          '    superclasses:\n      - name: Plugin\n        attributes: [{ name: plugin_base_name, type: instance, value: plugin_base }, { name: plugin_state, annotation: string }]',
        ),
    );
    expect(violations).toEqual([]);
  });
});

describe('annotation normalisation', () => {
  it.each([
    ['Record<string,unknown>', 'Record< string , unknown >'],
    ['Array<string>', 'string[]'],
    ['ReadonlyArray<number>', 'readonly number[]'],
    ['Array<string | number>', '(number | string)[]'],
    ['string | number | null', 'null | string | number'],
    ['A & B', 'B & A'],
    ['{ a: string, b: number, }', '{ a: string; b: number }'],
    ['{ a: string; b: number; }', '{a:string,b:number}'],
    ["'x' | \"y\"", '"y" | "x"'],
    ['Map<string, Array<{ id: number; }>>', 'Map<string, { id: number }[]>'],
    ['(a: string) => void', '(a: string) => void'],
    ['Promise<void>', 'Promise < void >'],
  ])('%s ≡ %s', (a, b) => {
    expect(sameType(a, b)).toBe(true);
  });

  it.each([
    ['string', 'number'],
    ['string[]', 'number[]'],
    ['Array<string>', 'Set<string>'],
    ['{ a: string }', '{ a?: string }'],
    ['string | number', 'string'],
    ['-1', '1'],
  ])('%s ≢ %s', (a, b) => {
    expect(sameType(a, b)).toBe(false);
  });

  it('prints one canonical form', () => {
    expect(normaliseType('Array<Map<string,number>>')).toBe('Map<string, number>[]');
    expect(normaliseType('{ b: number, a: string, }')).toBe('{ b: number; a: string }');
  });
});

describe('values', () => {
  it('compares literals, negative numbers, template strings, arrays, objects and `as const` deep-equal', async () => {
    const contract = parseContract(
      [
        'variables:',
        '  - { name: RETRIES, value: -3 }',
        '  - { name: GREETING, value: hello }',
        '  - { name: LIMITS, value: { modes: [fast, safe], max: 10 } }',
        '  - { name: SHAPE, value: { b: 1, a: x } }',
        '  - { name: CHOICE, value: null }',
      ].join('\n')
    );
    expect(validate(contract, { module: await inspectModule(fixture('ts/plugin.ts')) }).violations).toEqual([]);
  });

  it('does not enforce a value the contract omits, even when it cannot be determined', async () => {
    const contract = parseContract('variables: [{ name: STARTED }, { name: LABEL }]');
    const model = await inspectModule(fixture('runtime/live.mjs'));
    expect(validate(contract, { module: model }).violations.map((v) => v.code)).toEqual(['missing.variable']);
  });

  it('reports an annotation that JS cannot state as unverifiable, with a JSDoc hint', async () => {
    const contract = parseContract('variables: [{ name: LABEL, annotation: string }]');
    const [v] = validate(contract, { module: await inspectModule(fixture('runtime/live.mjs')) }).violations;
    expect(v?.code).toBe('unverifiable.annotation');
    expect(v?.path).toBe('variables.LABEL.annotation');
    expect(v?.solution).toContain('JSDoc');
  });
});

describe('per-runtime modules', () => {
  it('applies an entry with a filename only to that module, and one without to every module', async () => {
    const violations = await checkApi('per-runtime/beta.mjs', 'per-runtime/spymodel.yml');
    expect(violations).toHaveLength(2);
    const [owner, channel] = violations;
    expect(owner).toMatchObject({ code: 'missing.variable', at: 'beta.mjs:1:1', contractAt: '14:29' });
    expect(owner?.path).toMatch(/^deployments\[\d\]\.systems\[\d\]\.runtimes\[0\]\.modules\[2\]\.variables\.owner$/);
    expect(channel).toMatchObject({ code: 'mismatch.value', expected: 'beta', actual: 'stable', at: 'beta.mjs:3:14', contractAt: '13:53' });
    expect(channel?.path).toMatch(/^deployments\[\d\]\.systems\[\d\]\.runtimes\[0\]\.modules\[1\]\.variables\.channel\.value$/);
  });
});

describe('optional and static', () => {
  it.each([
    ['optional: true on a required parameter', 'functions: [{ name: initialize, arguments: [{ name: config, optional: true }] }]', 'mismatch.optional'],
    ['optional: false on a defaulted parameter', 'functions: [{ name: initialize, arguments: [{ name: config }, { name: retries, optional: false }] }]', 'mismatch.optional'],
    ['static: true on an instance method', 'classes: [{ name: Plugin, methods: [{ name: run, static: true }] }]', 'mismatch.static'],
    ['static: false on a static method', 'classes: [{ name: Plugin, methods: [{ name: create, static: false }] }]', 'mismatch.static'],
  ])('%s is a violation', async (_what, text, code) => {
    const { violations } = validate(parseContract(text), { module: await inspectModule(fixture('ts/plugin.ts')) });
    expect(violations.map((v) => v.code)).toEqual([code]);
  });

  it('accepts either when the flag is omitted', async () => {
    const text = 'functions: [{ name: initialize, arguments: [{ name: config }, { name: retries }] }]\nclasses: [{ name: Plugin, methods: [{ name: run }, { name: create }] }]';
    expect(validate(parseContract(text), { module: await inspectModule(fixture('ts/plugin.ts')) }).violations).toEqual([]);
  });
});

describe('version', () => {
  it('is missing when there is no exported version and no package.json', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'importspy-version-'));
    try {
      writeFileSync(join(dir, 'lone.mjs'), 'export const x = 1;\n');
      const [v] = validate(parseContract('version: ^1'), { module: await inspectModule(join(dir, 'lone.mjs')) }).violations;
      expect(v).toMatchObject({ code: 'missing.version', path: 'version', expected: '^1' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the nearest package.json when nothing is exported', async () => {
    const model = await inspectModule(fixture('version/pkg/index.mjs'));
    const [v] = validate(parseContract('version: ^3'), { module: model }).violations;
    expect(v).toMatchObject({ code: 'mismatch.version', expected: '^3', actual: '2.5.0' });
    expect(v?.message).toContain('package.json');
  });
});

describe('filename', () => {
  it.each([
    ['plugin', true],
    ['plugin.ts', true],
    ['plugin.js', false],
    ['plug', false],
  ])('filename: %s against plugin.ts → %s', async (filename, ok) => {
    const contract = parseContract(`filename: ${filename}`);
    expect(validate(contract, { module: await inspectModule(fixture('ts/plugin.ts')) }).ok).toBe(ok);
  });
});
