import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModuleAnalysisError } from '../../src/analysis/errors.js';
import { inspectModule, inspectModuleSync } from '../../src/analysis/inspect.js';
import { fixture, fn } from './helpers.js';

function failure(run: () => unknown): ModuleAnalysisError {
  try {
    run();
  } catch (error) {
    if (error instanceof ModuleAnalysisError) return error;
    throw error;
  }
  throw new Error('expected a ModuleAnalysisError');
}

describe('modules that cannot be analysed', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'importspy-errors-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('reports a syntax error at its line and column', () => {
    const error = failure(() => inspectModuleSync(fixture('broken/syntax.ts')));
    expect(error.code).toBe('module.syntax');
    expect(error.file).toBe(fixture('broken/syntax.ts'));
    expect(error.location).toEqual({ file: fixture('broken/syntax.ts'), line: 3, column: 10 });
    expect(error.message).toContain('syntax.ts:3:10');
  });

  it('rejects through the async entry point too', async () => {
    await expect(inspectModule(fixture('broken/syntax.ts'))).rejects.toMatchObject({ code: 'module.syntax' });
  });

  it('tells a missing file from an unreadable one', () => {
    expect(failure(() => inspectModuleSync(fixture('esm/nope.mjs'))).code).toBe('module.not-found');
    expect(failure(() => inspectModuleSync(fixture('esm'))).code).toBe('module.unreadable');
    const binary = path.join(directory, 'binary.js');
    writeFileSync(binary, Buffer.from([0x65, 0x78, 0xff, 0xfe, 0x00, 0x80]));
    const error = failure(() => inspectModuleSync(binary));
    expect(error).toMatchObject({ code: 'module.unreadable', message: expect.stringContaining('UTF-8') });
  });

  it('never runs the analysed module in static mode', () => {
    const marker = path.join(directory, 'marker.txt');
    process.env['IMPORTSPY_MARKER'] = marker;
    try {
      // The fixture writes the marker and calls process.exit(3) at its top level.
      const model = inspectModuleSync(fixture('danger/exit.mjs'), { cache: false });
      expect(model.exports).toEqual(['harmless', 'danger']);
      expect(fn(model, 'danger').parameters[0]?.name).toBe('a');
    } finally {
      delete process.env['IMPORTSPY_MARKER'];
    }
    expect(existsSync(marker)).toBe(false);
  });
});
