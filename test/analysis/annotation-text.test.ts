/**
 * An annotation written over several lines, or with runs of spaces, reads as the one-line text
 * a contract writes: runs of whitespace become one space, none at either end. Annotations already
 * written that way are kept exactly as written.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { inspectModuleSync } from '../../src/analysis/inspect.js';
import { fn } from './helpers.js';

it('gives each annotation as one line, with single spaces', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'importspy-annotation-'));
  const file = path.join(dir, 'shapes.ts');
  writeFileSync(
    file,
    [
      'export function spread(a: Map<\n  string,\n  number\n>, b: {  x:   1 }, c: Array<string | number>, d: Record<string,\tunknown>): Promise<\r\n  void\r\n> {',
      '  return Promise.resolve();',
      '}',
      '',
    ].join('\n'),
  );
  const spread = fn(inspectModuleSync(file), 'spread');
  expect(spread.parameters.map((p) => p.annotation)).toEqual(['Map< string, number >', '{ x: 1 }', 'Array<string | number>', 'Record<string, unknown>']);
  expect(spread.returnAnnotation).toBe('Promise< void >');
});
