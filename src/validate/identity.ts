/** What a module is called and which version it is. */
import { basename, extname } from 'node:path';
import { satisfies, valid, validRange } from '../util/semver.js';
import type { ModuleModel } from '../analysis/model.js';
import type { ModuleChecker, Scope } from './scope.js';

const MODULE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Whether a module's file name is the expected one (without an extension: any JS/TS extension). */
export function filenameMatches(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  if (extname(expected)) return false;
  const ext = extname(actual);
  return MODULE_EXTENSIONS.includes(ext) && basename(actual, ext) === expected;
}

/** `filename`: the module file's name. `scope`: the module expectation. */
export function checkFilename(c: ModuleChecker, expected: string, model: ModuleModel, scope: Scope): void {
  if (filenameMatches(expected, model.filename)) return;
  c.add(scope.field('filename'), undefined, {
    code: 'mismatch.filename',
    data: { expected, actual: model.filename, anyExtension: !extname(expected) },
    expected,
    actual: model.filename,
  });
}

/** `version`: exported by the module or read from its package.json. `scope`: the module expectation. */
export function checkVersion(c: ModuleChecker, expected: string, scope: Scope): void {
  const at = scope.field('version');
  const found = c.model.version;
  if (!found) {
    c.add(at, undefined, { code: 'missing.version', data: { expected }, expected });
    return;
  }
  const range = validRange(expected);
  const ok = found.value === expected || (range !== null && valid(found.value) !== null && satisfies(found.value, range));
  if (!ok) {
    c.add(at, found.location, { code: 'mismatch.version', data: { expected, found: found.value, source: found.source }, expected, actual: found.value });
  }
}
