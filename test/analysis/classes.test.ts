import { describe, expect, it } from 'vitest';
import { inspectModuleSync } from '../../src/analysis/inspect.js';
import { cls, fixture, variable } from './helpers.js';

describe('extends chains', () => {
  it('follows bases across files, nearest first, each with its own members', () => {
    const model = inspectModuleSync(fixture('classes/child.ts'));
    const child = cls(model, 'Child');
    expect(child.superclasses.map((s) => [s.name, s.resolved, s.file])).toEqual([
      ['Base', true, fixture('classes/base.ts')],
      ['Root', true, fixture('classes/root.ts')],
    ]);
    const [base, root] = child.superclasses;
    expect(base?.implements).toEqual(['Disposable']);
    expect(base?.methods.map((m) => m.name)).toEqual(['start']);
    expect(base?.attributes.map((a) => `${a.type}:${a.name}:${a.annotation}`)).toEqual(['instance:name:string']);
    expect(root?.attributes.map((a) => `${a.type}:${a.name}`)).toEqual(['class:registry', 'instance:id']);
    expect(cls(model, 'FromNamespace').superclasses.map((s) => s.name)).toEqual(['Root']);
  });

  it('follows a base class into a package, and marks unresolvable bases', () => {
    const model = inspectModuleSync(fixture('classes/from-package.mjs'));
    const fromPackage = cls(model, 'FromPackage');
    expect(fromPackage.superclasses.map((s) => [s.name, s.resolved])).toEqual([
      ['Base', true],
      ['Core', true],
    ]);
    expect(fromPackage.superclasses[0]?.file).toBe(fixture('node_modules/base-pkg/index.js'));
    expect(fromPackage.superclasses[0]?.methods.map((m) => m.name)).toEqual(['register']);
    expect(cls(model, 'FromBuiltin').superclasses).toEqual([
      { name: 'EventEmitter', resolved: false, attributes: [], methods: [], implements: [] },
    ]);
    expect(cls(model, 'FromMissing').superclasses[0]).toMatchObject({ name: 'Missing', resolved: false });
    expect(cls(model, 'Mixed').superclasses[0]).toMatchObject({ name: 'mix(Base)', resolved: false });
    expect(model.notes).toContain('base class EventEmitter of FromBuiltin could not be resolved');
  });

  it('ends a cycle in the extends chain with a note', () => {
    const model = inspectModuleSync(fixture('classes/cycle.js'));
    expect(cls(model, 'A').superclasses.map((s) => s.name)).toEqual(['B']);
    expect(model.notes).toEqual(['cycle in the extends chain of A at A']);
  });
});

describe("ImportSpy's Python example in TypeScript", () => {
  const model = inspectModuleSync(fixture('extension/extension.ts'));

  it('has the module variables', () => {
    // A const: TypeScript gives it the literal type.
    expect(variable(model, 'plugin_name')).toMatchObject({ annotation: '"plugin"', value: { known: true, value: 'plugin' } });
    expect(variable(model, 'plugin_description').value).toEqual({ known: true, value: 'This is a plugin' });
  });

  it('has Extension with class and instance attributes, methods and the Plugin base', () => {
    const extension = cls(model, 'Extension');
    expect(extension.attributes.map((a) => [a.type, a.name, a.value?.value])).toEqual([
      ['class', 'extension_name', 'extension'],
      ['class', 'extension_description', 'This is an extension'],
      ['instance', 'extension_instance_name', 'extension_instance_name'],
      ['instance', 'extension_instance_description', 'extension_instance_description'],
    ]);
    const add = extension.methods.find((m) => m.name === 'add_extension');
    expect(add).toMatchObject({ returnAnnotation: 'string', parameters: [{ name: 'msg', position: 0, annotation: 'string' }] });
    expect(extension.methods.map((m) => m.name)).toEqual(['constructor', 'add_extension', 'remove_extension', 'http_get_request']);
    expect(extension.superclasses.map((s) => s.name)).toEqual(['Plugin']);
    expect(extension.superclasses[0]?.attributes.map((a) => a.name)).toEqual(['plugin_base_name', 'plugin_state']);
  });

  it('has Foo with get_bar', () => {
    expect(cls(model, 'Foo').methods.map((m) => m.name)).toEqual(['get_bar']);
  });
});
