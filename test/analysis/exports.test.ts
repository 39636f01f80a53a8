import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectModuleSync } from '../../src/analysis/inspect.js';
import { cls, fixture, fn, variable } from './helpers.js';

describe('following exports across files', () => {
  const model = inspectModuleSync(fixture('reexport/index.ts'));

  it('follows export *, renames, namespaces, re-exported imports and export { default } from', () => {
    expect(model.exports).toEqual(['renamed', 'nsB', 'imported', 'alias', 'default', 'missing', 'a', 'fromA']);
    // `export *` never passes on a default export (a.ts has one).
    expect(variable(model, 'renamed').value).toEqual({ known: true, value: 2 });
    expect(variable(model, 'renamed').location.file).toBe(fixture('reexport/b.ts'));
    expect(variable(model, 'imported').value).toEqual({ known: true, value: true });
    expect(variable(model, 'alias').value).toEqual({ known: true, value: 1 });
    expect(variable(model, 'nsB').value).toEqual({ known: false });
    expect(fn(model, 'fromA').parameters[0]?.annotation).toBe('number');
    expect(cls(model, 'default').methods.map((m) => m.name)).toEqual(['run']);
  });

  it('leaves a re-export of a missing file unresolved', () => {
    expect(model.unresolvedExports).toEqual(['missing']);
  });

  it('counts re-exports as imports and skips type-only ones', () => {
    expect(model.imports.map((i) => `${i.kind}:${i.specifier}:${i.typeOnly}`)).toEqual([
      'static:./b.js:false',
      'reexport:./a.js:false',
      'reexport:./b.js:false',
      'reexport:./b.js:false',
      'reexport:./c.mjs:false',
      'reexport:./does-not-exist.js:false',
    ]);
  });

  it('ends a circular re-export pair with a result and notes', () => {
    const circular = inspectModuleSync(fixture('circular/a.mjs'), { cache: false });
    expect(circular.exports).toEqual(['again', 'fromA', 'fromB', 'ownB']);
    expect(variable(circular, 'ownB').value).toEqual({ known: true, value: 'b' });
    // again → b.fromB → a.again: a genuine cycle, so neither name resolves.
    expect(circular.unresolvedExports).toEqual(['again', 'fromB']);
    expect(circular.notes.some((note) => note.startsWith('circular re-export'))).toBe(true);
  });

  it('notes a re-exported file that does not parse instead of failing', () => {
    const partial = inspectModuleSync(fixture('broken/reexports-broken.mjs'));
    expect(partial.exports).toEqual(['fine']);
    expect(partial.notes[0]).toContain('syntax-error.mjs:1:14');
  });
});

describe('symbolic link loops', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'importspy-loop-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('end with a note, not a hang', () => {
    symlinkSync(path.join(directory, 'loop-b.mjs'), path.join(directory, 'loop-a.mjs'));
    symlinkSync(path.join(directory, 'loop-a.mjs'), path.join(directory, 'loop-b.mjs'));
    const index = path.join(directory, 'index.mjs');
    writeFileSync(index, "export * from './loop-a.mjs';\nexport { x } from './loop-b.mjs';\nexport const ok = 1;\n");
    const model = inspectModuleSync(index);
    expect(model.exports).toEqual(['x', 'ok']);
    expect(model.unresolvedExports).toEqual(['x']);
    expect(model.notes.some((note) => note.includes('symbolic link loop'))).toBe(true);
  });

  it('make the analysed file itself unreadable', () => {
    expect(() => inspectModuleSync(path.join(directory, 'loop-a.mjs'))).toThrow(
      expect.objectContaining({ code: 'module.unreadable' }),
    );
  });
});
