/**
 * The message table writes the words of every violation code: each code has a renderer, each
 * renderer is exercised here with every shape of data its validators report, and no other source
 * file writes violation prose.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VIOLATION_CODES, type ViolationCode } from '../../src/index.js';
import { MESSAGES, render, type MessageData, type Subject } from '../../src/violations/messages.js';

const fn: Subject = { kind: 'function', name: 'load' };
const method: Subject = { kind: 'method', name: 'run', owner: 'Plugin' };

/** Every shape of data each code is reported with; the type makes a missing code a compile error. */
const SAMPLES: { [C in ViolationCode]: Array<MessageData[C]> } = {
  'mismatch.deployment': [
    { closest: 1, alternatives: [{ label: 'deployments[0]', messages: ['architecture is x64, the contract expects arm64'] }] },
    { closest: 0, alternatives: [] },
  ],
  'mismatch.arch': [{ expected: 'arm64', actual: 'x64' }],
  'mismatch.os': [{ expected: 'darwin', actual: 'linux' }],
  'mismatch.libc': [{ expected: 'musl', actual: 'glibc' }, { expected: 'musl', actual: null }],
  'mismatch.runtime': [{ expected: 'bun', actual: 'node' }],
  'mismatch.runtime-version': [{ name: 'node', version: '20.19.0', range: '>=22' }],
  'missing.package': [{ name: 'zod', range: '^4', from: '/app' }, { name: 'zod', range: undefined, from: '/app' }],
  'mismatch.package-version': [{ name: 'zod', found: '3.0.0', range: '^4' }, { name: 'zod', found: null, range: '^4' }],
  'mismatch.permission': [
    { model: false, deny: ['net'] },
    { model: false, deny: [] },
    { model: true, permission: 'fs.read on /etc', scope: 'fs.read', reference: '/etc', undecided: undefined },
    { model: true, permission: 'gpu', scope: 'gpu', reference: undefined, undecided: 'unknown scope' },
  ],
  'missing.env': [{ name: 'PORT', value: 8080, secret: false }, { name: 'TOKEN', value: undefined, secret: true }],
  'invalid.env': [{ name: 'PORT', annotation: 'number', raw: 'eighty', secret: false }, { name: 'DEBUG', annotation: 'boolean', raw: 'maybe', secret: true }],
  'mismatch.env': [{ name: 'MODE', expected: 'prod', actual: 'dev', secret: false }, { name: 'KEY', expected: 'x', actual: 'y', secret: true }],
  'missing.secret': [{ name: 'API_KEY' }],
  'mismatch.filename': [{ expected: 'plugin', actual: 'other.ts', anyExtension: true }, { expected: 'plugin.ts', actual: 'other.ts', anyExtension: false }],
  'missing.version': [{ expected: '^1' }],
  'mismatch.version': [{ expected: '^2', found: '1.0.0', source: 'export' }],
  'missing.variable': [{ name: 'config' }],
  'missing.function': [{ name: 'load' }],
  'missing.class': [{ name: 'Plugin' }],
  'missing.argument': [{ name: 'input', index: 0, of: fn }],
  'mismatch.argument': [{ name: 'input', index: 0, of: fn, found: 'other' }, { name: 'input', index: 0, of: method, foundAt: 1 }],
  'mismatch.async': [{ of: fn, expected: true, actual: false }, { of: method, expected: false, actual: true }],
  'mismatch.optional': [{ name: 'input', of: fn, expected: true, actual: false }, { name: 'input', of: fn, expected: false, actual: true }],
  'mismatch.annotation': [{ of: { kind: 'parameter', name: 'input', of: method }, expected: 'string', actual: 'number' }],
  'mismatch.return-annotation': [{ of: { kind: 'return', of: fn }, expected: 'Promise<void>', actual: 'void' }],
  'mismatch.value': [{ of: { kind: 'default', of: { kind: 'parameter', name: 'n', of: fn } }, expected: 1, actual: 2 }],
  'mismatch.kind': [{ name: 'load', expected: 'function', actual: 'class' }],
  'missing.attribute': [
    { name: 'id', owner: 'Plugin', type: 'class' },
    { name: 'id', owner: 'Plugin', type: 'instance' },
    { name: 'id', owner: 'Plugin', type: undefined },
  ],
  'mismatch.attribute-type': [{ name: 'id', owner: 'Plugin', expected: 'class', actual: 'instance' }, { name: 'id', owner: 'Plugin', expected: 'instance', actual: 'class' }],
  'missing.method': [{ name: 'run', owner: 'Plugin', static: false }, { name: 'create', owner: 'Plugin', static: true }],
  'mismatch.static': [{ constructorOf: 'Plugin' }, { name: 'run', owner: 'Plugin', expected: true, actual: false }],
  'missing.superclass': [{ owner: 'Plugin', name: 'Base', chain: ['Other'] }, { owner: 'Plugin', name: 'Base', chain: [] }],
  'missing.implements': [{ owner: 'Plugin', name: 'Runnable' }],
  'unverifiable.value': [{ of: { kind: 'variable', name: 'x' }, reason: 'no-value', expected: 1 }, { of: { kind: 'attribute', name: 'id', owner: 'Plugin' }, reason: 'not-static', runtime: true }],
  'unverifiable.annotation': [{ of: { kind: 'constructor', owner: 'Plugin' }, expected: 'string', jsdoc: true }],
  'unverifiable.export': [
    { name: 'load', kind: 'function', reason: 'undetermined', runtime: false },
    { name: 'load', kind: 'function', reason: 'unresolved-reexport', from: ['./gone.js'], runtime: true },
    { name: 'get', kind: 'function', reason: 'open-exports', how: ['it is passed to extend(), which may add members ImportSpy cannot list'], runtime: true },
  ],
  'unverifiable.superclass': [{ owner: 'Plugin', base: 'External', name: 'Base', runtime: true }],
  'unverifiable.method': [{ constructorOf: 'Plugin', base: 'External', runtime: false }, { name: 'run', owner: 'Plugin', static: true, base: 'External', runtime: true }],
  'unverifiable.attribute': [{ name: 'id', owner: 'Plugin', base: 'External', runtime: false }],
  'unverifiable.importer': [{ target: '/app/plugin.js', parent: undefined, seen: 'edge' }, { target: '/app/plugin.js', parent: 'data:text/javascript,', seen: 'bound' }],
  'forbidden.import': [
    { specifier: 'node:fs', seen: { call: 'static', kind: 'value' }, rule: 'node:fs' },
    { specifier: 'node:child_process', seen: { call: 'binding', kind: 'value' }, rule: 'node:child_process' },
    { specifier: 'zod', seen: { call: 'static', kind: 'type' }, allowList: true },
    { specifier: 'zod', seen: { call: 'dynamic', kind: 'dynamic' }, allowList: true },
    { specifier: 'zod', seen: { call: 'run-time' }, rule: 'zod' },
    { specifier: 'zod', seen: { call: 'run-time' }, allowList: true },
  ],
  'unverifiable.import': [
    { reason: 'computed', call: 'require', list: 'allow' },
    { reason: 'unknown-binding', binding: 'secret_wrap', list: 'deny' },
    { reason: 'url', scheme: 'data', runtime: false },
    { reason: 'url', scheme: 'blob', runtime: true },
    { reason: 'run-time-binding', binding: 'secret_wrap' },
  ],
};

describe('the message table', () => {
  it('has a renderer for every violation code, and none for a code that does not exist', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual(Object.keys(VIOLATION_CODES).sort());
    for (const code of Object.keys(VIOLATION_CODES)) expect(typeof MESSAGES[code as ViolationCode], code).toBe('function');
  });

  it.each(Object.keys(VIOLATION_CODES) as ViolationCode[])('renders %s from its data, in one line each', (code) => {
    const samples = SAMPLES[code] as Array<MessageData[ViolationCode]>;
    expect(samples.length, code).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const data of samples) {
      const { message, solution } = render(code, data as never);
      for (const text of [message, solution]) {
        expect(text.trim().length, code).toBeGreaterThan(0);
        expect(text, code).not.toMatch(/\n|undefined|\[object Object\]|NaN/);
      }
      seen.add(`${message}\n${solution}`);
    }
    // Every shape of data says something different.
    expect(seen.size, code).toBe(samples.length);
  });

  it('names an entity the same way in every message', () => {
    expect(render('mismatch.annotation', { of: { kind: 'parameter', name: 'input', of: method }, expected: 'string', actual: 'number' }).message).toBe(
      'parameter input of method run of class Plugin is annotated number, the contract expects string',
    );
    expect(render('mismatch.value', { of: { kind: 'default', of: { kind: 'parameter', name: 'n', of: fn } }, expected: 1, actual: 2 })).toEqual({
      message: 'the default of parameter n of function load is 2, the contract expects 1',
      solution: 'set the default of parameter n of function load to 1',
    });
  });
});

describe('violation prose lives in the table only', () => {
  const src = fileURLToPath(new URL('../../src/', import.meta.url));
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

  it('no validator or hook writes "the contract expects" or a solution of its own', () => {
    const offenders = files(src)
      // The table itself, and the reference text generated from docs/violations.md.
      .filter((file) => !file.endsWith(join('violations', 'messages.ts')) && !file.endsWith('.generated.ts'))
      .filter((file) => {
        const text = readFileSync(file, 'utf8');
        return text.includes('the contract expects') || /\bsolution: [`'"]/.test(text);
      })
      .map((file) => relative(src, file));
    expect(offenders).toEqual([]);
  });
});
