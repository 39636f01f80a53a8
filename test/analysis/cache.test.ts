import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clearAnalysisCache, inspectModuleSync } from '../../src/analysis/inspect.js';
import { variable } from './helpers.js';

describe('the analysis cache', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'importspy-cache-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('reuses an unchanged model and notices a changed dependency', () => {
    const index = path.join(directory, 'index.mjs');
    const dependency = path.join(directory, 'dep.mjs');
    writeFileSync(index, "export * from './dep.mjs';\n");
    writeFileSync(dependency, 'export const value = 1;\n');
    const first = inspectModuleSync(index);
    const second = inspectModuleSync(index);
    expect(second).toEqual(first);
    // Callers get copies: changing one does not change the cached model.
    second.exports.push('mutated');
    expect(inspectModuleSync(index).exports).toEqual(['value']);

    // Same size, different content: found by the hash, not by size or time.
    writeFileSync(dependency, 'export const value = 2;\n');
    expect(variable(inspectModuleSync(index), 'value').value).toEqual({ known: true, value: 2 });
  });

  it('can be bypassed and cleared', () => {
    const file = path.join(directory, 'solo.mjs');
    writeFileSync(file, 'export const a = 1;\n');
    expect(inspectModuleSync(file, { cache: false }).exports).toEqual(['a']);
    inspectModuleSync(file);
    clearAnalysisCache();
    writeFileSync(file, 'export const b = 1;\n');
    expect(inspectModuleSync(file).exports).toEqual(['b']);
  });
});
