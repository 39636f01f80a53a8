import { describe, expect, it } from 'vitest';
import { inspectModuleSync } from '../../src/analysis/inspect.js';
import { parseJsDoc } from '../../src/analysis/jsdoc.js';
import { cls, fixture, fn, variable } from './helpers.js';

describe('JSDoc annotations in JavaScript', () => {
  const model = inspectModuleSync(fixture('jsdoc/lib.js'));

  it('reads @type on variables as a declared annotation', () => {
    expect(variable(model, 'limits')).toMatchObject({ annotation: 'Record<string, number>', annotationDeclared: true });
  });

  it('reads @param (multi-line, optional, rest) and @returns', () => {
    const send = fn(model, 'send');
    expect(send.parameters.map((p) => [p.name, p.annotation, p.optional, p.rest])).toEqual([
      ['to', 'string', false, false],
      ['message', '{ subject: string, body?: string }', false, false],
      ['retries', 'number', true, false],
      ['tags', 'string[]', false, true],
    ]);
    expect(send.returnAnnotation).toBe('Promise<boolean>');
    expect(fn(model, 'double')).toMatchObject({ returnAnnotation: 'number', parameters: [{ annotation: 'number' }] });
  });

  it('reads JSDoc on class fields, constructor assignments and methods', () => {
    const mailer = cls(model, 'Mailer');
    expect(mailer.attributes.map((a) => [a.name, a.annotation, a.annotationDeclared])).toEqual([
      ['host', 'string', true],
      ['port', 'number | undefined', true],
    ]);
    expect(mailer.methods.find((m) => m.kind === 'method')).toMatchObject({ returnAnnotation: 'void', parameters: [{ name: 'address', annotation: 'string' }] });
  });

  it('parses tags with a hand-written scanner', () => {
    const doc = parseJsDoc('*\n * @param {{ a: { b: string } }} opts\n * @param {number=} n\n * @param {string} opts.a ignored\n * @return {void}');
    expect([...doc.params]).toEqual([
      ['opts', { type: '{ a: { b: string } }', optional: false, rest: false }],
      ['n', { type: 'number', optional: true, rest: false }],
    ]);
    expect(doc.returns).toBe('void');
  });
});

describe('a .d.ts beside a .js file', () => {
  it('supplies the annotations the JavaScript lacks', () => {
    const model = inspectModuleSync(fixture('dts/lib.js'));
    expect(variable(model, 'name')).toMatchObject({ annotation: 'string', annotationDeclared: true, value: { known: true, value: 'lib' } });
    expect(fn(model, 'add')).toMatchObject({
      returnAnnotation: 'number',
      parameters: [{ name: 'a', annotation: 'number' }, { name: 'b', annotation: 'number' }],
    });
    const counter = cls(model, 'Counter');
    expect(counter.methods.find((m) => m.kind === 'method')).toMatchObject({ returnAnnotation: 'void', parameters: [{ annotation: 'number' }] });
    expect(counter.attributes[0]).toMatchObject({ name: 'value', annotation: 'number', annotationDeclared: true });
    // Locations still point into the JavaScript source.
    expect(fn(model, 'add').location.file).toBe(fixture('dts/lib.js'));
  });
});
