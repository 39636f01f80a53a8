/**
 * A module is analysed at its real path, whatever link led to it: a linked folder on the way, the
 * file itself a link, a link to a link. Real paths are remembered per process, as Node's loaders
 * remember theirs; clearing the analysis caches forgets them, and a path that does not resolve
 * fails each time it is asked.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { clearAnalysisCache, inspectModuleSync } from '../../src/analysis/inspect.js';

it('analyses a module at its real path, through linked folders and linked files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'importspy-real-'));
  mkdirSync(path.join(dir, 'one', 'deep'), { recursive: true });
  mkdirSync(path.join(dir, 'two'));
  writeFileSync(path.join(dir, 'one', 'deep', 'a.mjs'), 'export const a = 1;\n');
  writeFileSync(path.join(dir, 'two', 'a.mjs'), 'export const b = 2;\n');
  symlinkSync(path.join(dir, 'one'), path.join(dir, 'folder-link'), 'dir');
  symlinkSync(path.join(dir, 'folder-link', 'deep', 'a.mjs'), path.join(dir, 'file-link.mjs'));
  symlinkSync(path.join(dir, 'file-link.mjs'), path.join(dir, 'link-to-link.mjs'));
  const real = path.join(dir, 'one', 'deep', 'a.mjs');
  for (const through of ['folder-link/deep/a.mjs', 'file-link.mjs', 'link-to-link.mjs', 'one/deep/a.mjs']) {
    const model = inspectModuleSync(path.join(dir, through));
    expect({ through, file: model.file, exports: model.exports }).toEqual({ through, file: real, exports: ['a'] });
  }

  // Relinked: the process keeps the path it found (as Node does) until the caches are cleared.
  rmSync(path.join(dir, 'folder-link'));
  symlinkSync(path.join(dir, 'two'), path.join(dir, 'folder-link'), 'dir');
  clearAnalysisCache();
  const relinked = inspectModuleSync(path.join(dir, 'folder-link', 'a.mjs'));
  expect([relinked.file, relinked.exports]).toEqual([path.join(dir, 'two', 'a.mjs'), ['b']]);

  // Gone: an error each time, never a remembered answer.
  rmSync(path.join(dir, 'two', 'a.mjs'));
  clearAnalysisCache();
  expect(() => inspectModuleSync(path.join(dir, 'folder-link', 'a.mjs'))).toThrow(/a\.mjs/);
  expect(() => inspectModuleSync(path.join(dir, 'folder-link', 'a.mjs'))).toThrow(/a\.mjs/);
  writeFileSync(path.join(dir, 'two', 'a.mjs'), 'export const c = 3;\n');
  expect(inspectModuleSync(path.join(dir, 'folder-link', 'a.mjs')).exports).toEqual(['c']);
});
