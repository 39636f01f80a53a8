import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectModuleSync } from '../../src/analysis/inspect.js';
import { contractFromModel } from '../../src/generate/from-model.js';
import { loadContract, parseContract } from '../../src/contract/load.js';
import { validate } from '../../src/index.js';
import { cls, fixture, fn, variable } from './helpers.js';

const resolution = (relative: string): string => fileURLToPath(new URL(`../fixtures/resolution/${relative}`, import.meta.url));

function codes(file: string, yaml: string): Array<[string, string]> {
  const { violations } = validate(parseContract(yaml, { file: 'spymodel.yml' }), { module: inspectModuleSync(file) });
  return violations.map((v) => [v.code, v.path]);
}

describe('annotations as TypeScript infers them', () => {
  const file = fixture('shapes/inference.ts');

  it('leaves `a;` unannotated although its constructor assigns a string; a readonly literal keeps its literal type', () => {
    const settings = cls(inspectModuleSync(file), 'Settings');
    const annotation = (name: string) => settings.attributes.find((a) => a.name === name)?.annotation;
    expect(annotation('a')).toBeUndefined();
    expect(annotation('b')).toBe('string');
    expect(annotation('c')).toBe('"v"');
    expect(annotation('d')).toBe('string');
    expect(annotation('e')).toBeUndefined();
    expect(annotation('f')).toBe('(number | string)[]');
    // The value the constructor assigns is still known.
    expect(settings.attributes.find((a) => a.name === 'a')?.value).toEqual({ known: true, value: 'v' });
  });

  it('reports unverifiable.annotation for them, never a guessed match; an inferred literal type also meets its primitive', () => {
    const contract = `classes:\n  - name: Settings\n    attributes:\n${['a', 'b', 'c', 'd', 'e'].map((n) => `      - { name: ${n}, annotation: string }`).join('\n')}\n      - { name: f, annotation: Array<string | number> }\n`;
    expect(codes(file, contract)).toEqual([
      ['unverifiable.annotation', 'classes.Settings.attributes.a.annotation'],
      ['unverifiable.annotation', 'classes.Settings.attributes.e.annotation'],
    ]);
    // "v" is not "w", nor a number.
    const other = `classes:\n  - name: Settings\n    attributes:\n      - { name: c, annotation: "'w'" }\n      - { name: b, annotation: "'v'" }\n      - { name: c, annotation: number }\n`;
    expect(codes(file, other)).toEqual([
      ['mismatch.annotation', 'classes.Settings.attributes.b.annotation'],
      ['mismatch.annotation', 'classes.Settings.attributes.c.annotation'],
      ['mismatch.annotation', 'classes.Settings.attributes.c.annotation'],
    ]);
  });
});

describe('declarations a package ships', () => {
  it('come from the `types` condition of exports when no .d.ts sits beside the file', () => {
    const model = inspectModuleSync(resolution('node_modules/typed-pkg/lib/main.js'));
    expect(fn(model, 'typed').parameters.map((p) => p.annotation)).toEqual(['number', 'number']);
    expect(cls(model, 'Typed').attributes.find((a) => a.name === 'label')).toMatchObject({ annotation: 'string', annotationDeclared: true });
    // `make = factory()` leaves the JavaScript open: the declarations say it is a function.
    expect(fn(model, 'make')).toMatchObject({ returnAnnotation: 'Typed', parameters: [{ name: 'seed', annotation: 'number' }] });
  });

  it('come from `typings` for a CommonJS main, filling exports the JavaScript cannot classify', () => {
    const model = inspectModuleSync(resolution('node_modules/typings-pkg/lib/index.js'));
    expect(model.unresolvedExports).toEqual([]);
    expect(fn(model, 'compute')).toMatchObject({ returnAnnotation: 'number', parameters: [{ name: 'x', annotation: 'number' }] });
    expect(variable(model, 'label')).toMatchObject({ annotation: 'string | undefined', annotationDeclared: true });
    expect(codes(resolution('node_modules/typings-pkg/lib/index.js'), 'functions:\n  - name: compute\n    arguments: [{ name: x, annotation: number }]\n')).toEqual([]);
  });
});

describe('classes as users write them', () => {
  const file = fixture('shapes/members.ts');
  const model = inspectModuleSync(file);

  it('models the constructor, function-valued properties and overloads', () => {
    const widget = cls(model, 'Widget');
    const method = (name: string) => widget.methods.find((m) => m.name === name);
    expect(method('constructor')).toMatchObject({ kind: 'constructor', parameters: [{ name: 'label' }, { name: 'size', optional: true }] });
    expect(method('run')).toMatchObject({ kind: 'method', property: true, static: false, returnAnnotation: 'void' });
    expect(method('make')).toMatchObject({ property: true, static: true });
    expect(method('format')?.overloads?.map((o) => o.parameters.map((p) => `${p.name}: ${p.annotation}`))).toEqual([
      ['value: string'],
      ['value: number', 'digits: number'],
    ]);
    expect(fn(model, 'parse').overloads).toHaveLength(2);
  });

  it('passes a contract every entry of which it meets', () => {
    expect(validate(loadContract(fixture('shapes/members.yml')), { module: model }).violations).toEqual([]);
  });

  it('checks an entry against the overloads only: the implementation signature is not callable', () => {
    const contract = 'functions:\n  - name: parse\n    arguments: [{ name: input, annotation: string | Uint8Array }]\n';
    const { violations } = validate(parseContract(contract), { module: model });
    expect(violations.map((v) => v.code)).toEqual(['mismatch.argument']);
    expect(violations[0]?.message).toContain('no overload of function parse matches; the closest of 2 is shown');
  });

  it('checks constructor arguments, the implicit constructor included', () => {
    expect(
      codes(file, 'classes:\n  - name: Widget\n    methods:\n      - name: constructor\n        arguments: [{ name: label, annotation: number }]\n  - name: Plain\n    methods:\n      - name: constructor\n        arguments: [{ name: options }]\n'),
    ).toEqual([
      ['mismatch.annotation', 'classes.Widget.methods.constructor.arguments.label.annotation'],
      ['missing.argument', 'classes.Plain.methods.constructor.arguments.options'],
    ]);
  });

  it('makes members that may come from an unresolvable base unverifiable, not missing', () => {
    expect(codes(file, 'classes:\n  - name: Widget\n    methods: [{ name: dispose }]\n    attributes: [{ name: state }]\n')).toEqual([
      ['unverifiable.method', 'classes.Widget.methods.dispose'],
      ['unverifiable.attribute', 'classes.Widget.attributes.state'],
    ]);
    expect(codes(file, 'classes:\n  - name: Plain\n    methods: [{ name: dispose }]\n')).toEqual([['missing.method', 'classes.Plain.methods.dispose']]);
  });

  it('init writes the constructor and the first overload, and the module meets what it writes', () => {
    const written = contractFromModel(model);
    const widget = written.classes?.find((k) => k.name === 'Widget');
    expect(widget?.methods?.[0]).toEqual({ name: 'constructor', arguments: [{ name: 'label', annotation: 'string' }, { name: 'size', annotation: 'number', optional: true }] });
    expect(widget?.methods?.find((m) => m.name === 'format')?.arguments).toEqual([{ name: 'value', annotation: 'string' }]);
    expect(written.functions?.find((f) => f.name === 'parse')?.arguments).toEqual([{ name: 'text', annotation: 'string' }]);
    const { violations } = validate(parseContract(JSON.stringify(written)), { module: model });
    expect(violations).toEqual([]);
  });
});
