import { describe, expect, it } from 'vitest';
import { inspectModule, inspectModuleSync } from '../../src/analysis/inspect.js';
import { cls, fixture, fn, variable } from './helpers.js';

describe('runtime mode', () => {
  it('describes the live exports of an ES module, with static annotations and locations', async () => {
    const model = await inspectModule(fixture('esm/basic.mjs'), { mode: 'runtime' });
    expect(model.mode).toBe('runtime');
    expect([...model.exports].sort()).toEqual(
      ['MODE', 'RETRIES', 'FLAGS', 'SETTINGS', 'computed', 'version', 'initialize', 'counter', 'arrow', 'Service', 'default'].sort(),
    );
    // Values the static analysis could not evaluate are known once the module has run.
    expect(variable(model, 'computed').value).toEqual({ known: true, value: 'readFileSynchelper' });
    expect(variable(model, 'SETTINGS').value).toEqual({ known: true, value: { debug: false, level: 2, name: 'plain' } });
    const initialize = fn(model, 'initialize');
    expect(initialize).toMatchObject({ async: true, generator: false, location: { line: 11 } });
    expect(initialize.parameters.map((p) => [p.name, p.optional, p.rest])).toEqual([
      ['config', false, false],
      ['retries', true, false],
      ['rest', false, true],
    ]);
    expect(fn(model, 'counter').parameters.map((p) => p.name)).toEqual(['{ start, end = 10 }', '[first, , third]']);
    const service = cls(model, 'Service');
    expect(service.methods.map((m) => `${m.static ? 'static ' : ''}${m.kind} ${m.name}`).sort()).toEqual(
      // The constructor is not on the prototype: it comes from the static model.
      ['constructor constructor', 'get url', 'method start', 'static method create'].sort(),
    );
    // Instance attributes set in the constructor come from the static model: nothing is constructed.
    expect(service.attributes.map((a) => `${a.type}:${a.name}`)).toEqual(
      expect.arrayContaining(['class:kind', 'instance:url', 'instance:port', 'instance:host', 'instance:name']),
    );
    expect(service.attributes.find((a) => a.name === 'kind')?.value).toEqual({ known: true, value: 'service' });
    expect(model.version).toMatchObject({ value: '1.2.3', source: 'export' });
  });

  it('loads CommonJS synchronously and takes function details from the live functions', () => {
    const model = inspectModuleSync(fixture('cjs/basic.cjs'), { mode: 'runtime' });
    expect(model.mode).toBe('runtime');
    expect(model.exports).toEqual(['greet', 'Store', 'LIMIT', 'helper', 'label', 'join', 'make', 'extra']);
    // `make` was a call's result statically; at run time it is a number.
    expect(variable(model, 'make').value).toEqual({ known: true, value: 1 });
    expect(model.unresolvedExports).toEqual([]);
    expect(fn(model, 'greet').parameters[1]).toMatchObject({ name: 'greeting', default: { known: true, value: 'hello' } });
    expect(cls(model, 'Store').methods.map((m) => m.name)).toEqual(['add', 'constructor']);
  });

  it('builds the superclass chain from the live prototypes', () => {
    const model = inspectModuleSync(fixture('classes/runtime-chain.mjs'), { mode: 'runtime' });
    expect(cls(model, 'FromPackage').superclasses.map((s) => [s.name, s.resolved])).toEqual([
      ['Base', true],
      ['Core', true],
    ]);
    expect(cls(model, 'FromPackage').superclasses[0]?.attributes.map((a) => a.name)).toContain('plugins');
    const builtin = cls(model, 'FromBuiltin').superclasses;
    expect(builtin[0]).toMatchObject({ name: 'EventEmitter', resolved: true });
    expect(builtin[0]?.methods.map((m) => m.name)).toContain('emit');
  });
});
