/** Declared annotations and values, compared the same way for variables, parameters and attributes. */
import type { SourceLocation, ValueModel } from '../analysis/model.js';
import { deepEqual } from '../util/equal.js';
import type { Subject } from '../violations/messages.js';
import { literalBase, normaliseType, sameType } from './annotation.js';
import type { Entry, ModuleChecker, Scope } from './scope.js';

interface Declared {
  /** What the message speaks about. */
  of: Subject;
  /** Where in the module. */
  loc: SourceLocation | undefined;
  entry: Entry;
  /** The module's annotation was inferred (from an initialiser), not written. */
  inferred?: boolean;
}

/** Compares a declared annotation; reports a mismatch or an unverifiable annotation. */
export function checkAnnotation(c: ModuleChecker, scope: Scope, expected: string | undefined, actual: string | undefined, o: Declared & { code?: 'mismatch.annotation' | 'mismatch.return-annotation' }): void {
  if (expected === undefined) return;
  if (actual === undefined) {
    c.add(scope, o.loc, { code: 'unverifiable.annotation', data: { of: o.of, expected, jsdoc: c.model.language === 'js' }, entry: o.entry, expected });
    return;
  }
  // An inferred literal type (`const mode = 'fast'` is "fast") is also a value of its primitive type.
  const widened = o.inferred === true ? literalBase(actual) : undefined;
  if (!sameType(expected, actual) && (widened === undefined || !sameType(expected, widened))) {
    c.add(scope, o.loc, { code: o.code ?? 'mismatch.annotation', data: { of: o.of, expected, actual }, entry: o.entry, expected: normaliseType(expected), actual: normaliseType(actual) });
  }
}

/** Compares a declared value; an undeterminable value is `unverifiable` (fail closed). */
export function checkValue(c: ModuleChecker, scope: Scope, expected: unknown, actual: ValueModel | undefined, o: Declared): void {
  if (expected === undefined) return;
  if (!actual || !actual.known) {
    const data = actual ? { of: o.of, reason: 'not-static' as const, runtime: c.runtime } : { of: o.of, reason: 'no-value' as const, expected };
    c.add(scope, o.loc, { code: 'unverifiable.value', data, entry: o.entry, expected });
    return;
  }
  if (!deepEqual(actual.value, expected)) {
    c.add(scope, o.loc, { code: 'mismatch.value', data: { of: o.of, expected, actual: actual.value }, entry: o.entry, expected, actual: actual.value });
  }
}
