import { describe, expect, it } from 'vitest';
import { inspectModule, inspectModuleSync } from '../../src/analysis/inspect.js';
import { cls, fixture, fn, variable } from './helpers.js';

describe('ES modules', () => {
  const model = inspectModuleSync(fixture('esm/basic.mjs'));

  it('lists every export, default included, in declaration order', () => {
    expect(model.format).toBe('esm');
    expect(model.language).toBe('js');
    expect(model.filename).toBe('basic.mjs');
    expect(model.exports).toEqual([
      'MODE', 'RETRIES', 'FLAGS', 'SETTINGS', 'computed', 'version',
      'initialize', 'counter', 'arrow', 'Service', 'default',
    ]);
    expect(model.unresolvedExports).toEqual([]);
  });

  it('evaluates literal initializers and types them as TypeScript does (a const keeps its literal type, arrays widen)', () => {
    expect(variable(model, 'MODE')).toMatchObject({ annotation: '"production"', annotationDeclared: false, value: { known: true, value: 'production' } });
    expect(variable(model, 'RETRIES').value).toEqual({ known: true, value: -3 });
    expect(variable(model, 'FLAGS')).toMatchObject({ annotation: 'string[]', value: { known: true, value: ['a', 'b'] } });
    expect(variable(model, 'SETTINGS').value).toEqual({ known: true, value: { debug: false, level: 2, name: 'plain' } });
    expect(variable(model, 'computed').value).toEqual({ known: false });
    expect(variable(model, 'computed').annotation).toBeUndefined();
  });

  it('describes functions: async, generator, defaults, rest, destructured names', () => {
    const initialize = fn(model, 'initialize');
    expect(initialize.async).toBe(true);
    expect(initialize.parameters.map((p) => [p.name, p.position, p.optional, p.rest])).toEqual([
      ['config', 0, false, false],
      ['retries', 1, true, false],
      ['rest', 2, false, true],
    ]);
    expect(initialize.parameters[1]?.default).toEqual({ known: true, value: 3 });
    const counter = fn(model, 'counter');
    expect(counter.generator).toBe(true);
    expect(counter.parameters.map((p) => p.name)).toEqual(['{ start, end = 10 }', '[first, , third]']);
    expect(fn(model, 'arrow')).toMatchObject({ async: true, parameters: [{ name: 'a' }, { name: 'b' }] });
    expect(fn(model, 'default').parameters).toEqual([]);
  });

  it('finds class attributes from fields, the constructor and accessors, not #private ones', () => {
    const service = cls(model, 'Service');
    expect(service.attributes.map((a) => `${a.type}:${a.name}`)).toEqual([
      'class:kind', 'instance:name', 'instance:url', 'instance:port', 'instance:host',
    ]);
    expect(service.attributes.find((a) => a.name === 'host')?.value).toEqual({ known: true, value: 'localhost' });
    expect(service.methods.map((m) => `${m.static ? 'static ' : ''}${m.kind} ${m.name}`)).toEqual([
      'constructor constructor', 'get url', 'static method create', 'method start',
    ]);
  });

  it('records static, dynamic and computed imports with positions', () => {
    expect(model.imports.map((i) => [i.kind, i.specifier, i.location.line])).toEqual([
      ['static', 'node:fs', 1],
      ['static', './helper.mjs', 2],
      ['dynamic', './helper.mjs', 12],
      ['dynamic', null, 13],
    ]);
  });

  it('takes the version from an exported `version`', () => {
    expect(model.version).toEqual({ value: '1.2.3', source: 'export', location: expect.objectContaining({ line: 9 }) });
  });

  it('gives the same model through the async entry point', async () => {
    expect(await inspectModule(fixture('esm/basic.mjs'))).toEqual(model);
  });
});

describe('CommonJS modules', () => {
  it('follows module.exports = { ... }, module.exports.x and exports.x', () => {
    const model = inspectModuleSync(fixture('cjs/basic.cjs'));
    expect(model.format).toBe('cjs');
    // `exports.flag = true` comes after `module.exports = {...}`: it sets a property of the
    // discarded object, so (as at run time) it is not an export.
    // Node gives every CommonJS module the default export `module.exports`.
    expect(model.exports).toEqual(['greet', 'Store', 'LIMIT', 'helper', 'label', 'join', 'make', 'extra', 'default']);
    expect(fn(model, 'greet').parameters[1]).toMatchObject({ name: 'greeting', default: { known: true, value: 'hello' } });
    expect(cls(model, 'Store').attributes[0]).toMatchObject({ name: 'items', type: 'instance' });
    expect(variable(model, 'LIMIT').value).toEqual({ known: true, value: 10 });
    // `helper: require('./helper.cjs')` is that module's exports object.
    expect(variable(model, 'helper').value).toEqual({ known: false });
    expect(fn(model, 'join').parameters.map((p) => p.name)).toEqual(['a', 'b']);
    // A call's result is a value nothing is known about: a variable of unknown value, exactly as
    // `export const make = helper.make()` is in an ES module (a contract asking for a function
    // or class there is unverifiable, never missing).
    expect(model.unresolvedExports).toEqual([]);
    expect(variable(model, 'make').value).toEqual({ known: false });
    expect(model.imports.map((i) => `${i.kind}:${i.specifier}`)).toEqual([
      'require:node:path', 'require:./helper.cjs', 'require:./helper.cjs',
    ]);
  });

  it('names module.exports = class the default export', () => {
    const model = inspectModuleSync(fixture('cjs/whole-class.cjs'));
    expect(model.exports).toEqual(['default']);
    expect(cls(model, 'default').methods[0]?.name).toBe('render');
  });

  it('passes on the exports of module.exports = require(...)', () => {
    const model = inspectModuleSync(fixture('cjs/reexport.cjs'));
    expect(model.exports).toEqual(['make', 'NAME', 'default']);
    expect(fn(model, 'make').location.file).toBe(fixture('cjs/helper.cjs'));
  });

  it('treats a .js file with only CommonJS exports as CommonJS inside a "type": "module" package', () => {
    const model = inspectModuleSync(fixture('cjs/in-module-package.js'));
    expect(model.format).toBe('cjs');
    expect(variable(model, 'answer').value).toEqual({ known: true, value: 42 });
  });
});

describe('TypeScript modules', () => {
  const model = inspectModuleSync(fixture('ts/types.ts'));

  it('exports only runtime bindings, never types', () => {
    expect(model.language).toBe('ts');
    expect(model.exports).not.toContain('Alias');
    expect(model.exports).not.toContain('Shape');
    expect(model.exports).not.toContain('Readable');
    expect(model.exports).toContain('Color');
  });

  it('reads declared annotations as source text and infers the rest', () => {
    expect(variable(model, 'MODE')).toMatchObject({ annotation: "'dev' | 'prod'", annotationDeclared: true });
    expect(variable(model, 'COUNT')).toMatchObject({ annotation: '3', annotationDeclared: false });
    expect(variable(model, 'LEVELS')).toMatchObject({
      annotation: 'readonly ["low", "high"]',
      constAssertion: true,
      value: { known: true, value: ['low', 'high'] },
    });
    expect(variable(model, 'CONFIG').annotation).toBe('{ readonly retries: 2; readonly name: "x" }');
    expect(variable(model, 'TIMEOUT')).toMatchObject({ annotation: 'number', annotationDeclared: true });
    expect(variable(model, 'uninitialised')).toMatchObject({ annotation: 'Map<string, number>' });
    expect(variable(model, 'uninitialised').value).toBeUndefined();
  });

  it('skips the this parameter and keeps positions, defaults and annotations', () => {
    const configure = fn(model, 'configure');
    expect(configure.parameters.map((p) => [p.name, p.position, p.annotation, p.optional, p.rest])).toEqual([
      ['options', 0, 'Record<string, unknown>', false, false],
      ['retries', 1, 'number', true, false],
      ['{ verbose, depth = 1 }', 2, '{ verbose: boolean; depth?: number }', true, false],
      ['extra', 3, 'string[]', false, true],
    ]);
    expect(configure.parameters[2]?.default).toEqual({ known: true, value: { verbose: false } });
    expect(configure.returnAnnotation).toBe('Promise<void>');
    expect(fn(model, 'overloaded').parameters[0]?.annotation).toBe('string | number');
    expect(fn(model, 'handler')).toMatchObject({ returnAnnotation: 'boolean', parameters: [{ annotation: 'Event' }, { annotation: '{ id: string }' }] });
  });

  it('describes class members, parameter properties, accessors and implements', () => {
    const shape = cls(model, 'Shape2D');
    expect(shape.implements).toEqual(['Shape', 'Iterable']);
    const attributes = Object.fromEntries(shape.attributes.map((a) => [`${a.type}:${a.name}`, a.annotation]));
    expect(attributes).toEqual({
      'class:dimensions': 'number',
      'class:label': 'string',
      'instance:color': 'string',
      'instance:tag': 'string',
      'instance:size': 'number',
      'instance:emitter': 'EventEmitter',
      'instance:stream': 'Readable',
      'instance:width': 'number',
      'instance:height': 'number',
    });
    const fromJson = shape.methods.find((m) => m.name === 'fromJson');
    expect(fromJson).toMatchObject({ static: true, async: true, returnAnnotation: 'Promise<Shape2D | null>' });
    expect(fromJson?.parameters[1]).toMatchObject({ name: 'reviver', optional: true, annotation: '(key: string) => T' });
    expect(shape.methods.filter((m) => m.name === 'size').map((m) => m.kind)).toEqual(['get', 'set']);
  });

  it('marks type-only imports and re-exports', () => {
    expect(model.imports.map((i) => [i.kind, i.specifier, i.typeOnly])).toEqual([
      ['static', 'node:stream', true],
      ['static', 'node:events', true],
      ['static', 'node:fs', false],
      ['reexport', 'node:stream', true],
    ]);
  });

  it('computes line:column in UTF-16 units after non-ASCII text', () => {
    const unicode = inspectModuleSync(fixture('ts/unicode.ts'));
    expect(variable(unicode, 'after').location).toMatchObject({ line: 2, column: 41 });
    expect(fn(unicode, 'läuft').parameters[0]).toMatchObject({ name: 'ärger', location: { line: 3, column: 23 } });
  });

  it('decides the format from .mts/.cts and maps ./x.js imports to TypeScript sources', () => {
    expect(inspectModuleSync(fixture('ts/format.mts')).format).toBe('esm');
    const cts = inspectModuleSync(fixture('ts/format.cts'));
    expect(cts.format).toBe('cjs');
    expect(cts.imports[0]).toMatchObject({ kind: 'require', specifier: 'node:path' });
    const reexports = inspectModuleSync(fixture('ts/js-import.ts'));
    expect(reexports.exports).toEqual(['total', 'kind']);
    expect(variable(reexports, 'kind').value).toEqual({ known: true, value: 'mts' });
    expect(variable(reexports, 'total').location.file).toBe(fixture('ts/types.ts'));
  });
});
