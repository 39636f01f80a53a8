/**
 * Every violation code, with its category and context. Codes are stable: once published a code is
 * never reused for another meaning. docs/violations.md documents each one (a test checks it).
 */

/** What kind of problem a violation is. */
export type Category = 'missing' | 'mismatch' | 'invalid' | 'unverifiable' | 'forbidden';
/** What a violation concerns: the machine, the environment, the module, a class, or its imports. */
export type ViolationContext = 'runtime' | 'environment' | 'module' | 'class' | 'imports';

/** Every violation code, with its category and context. docs/violations.md describes each. */
export const VIOLATION_CODES = {
  // where the module may run
  'mismatch.deployment': { category: 'mismatch', context: 'runtime' },
  'mismatch.arch': { category: 'mismatch', context: 'runtime' },
  'mismatch.os': { category: 'mismatch', context: 'runtime' },
  'mismatch.libc': { category: 'mismatch', context: 'runtime' },
  'mismatch.runtime': { category: 'mismatch', context: 'runtime' },
  'mismatch.runtime-version': { category: 'mismatch', context: 'runtime' },
  'missing.package': { category: 'missing', context: 'runtime' },
  'mismatch.package-version': { category: 'mismatch', context: 'runtime' },
  'mismatch.permission': { category: 'mismatch', context: 'runtime' },
  'missing.env': { category: 'missing', context: 'environment' },
  'invalid.env': { category: 'invalid', context: 'environment' },
  'mismatch.env': { category: 'mismatch', context: 'environment' },
  'missing.secret': { category: 'missing', context: 'environment' },
  // what the module must be
  'mismatch.filename': { category: 'mismatch', context: 'module' },
  'missing.version': { category: 'missing', context: 'module' },
  'mismatch.version': { category: 'mismatch', context: 'module' },
  'missing.variable': { category: 'missing', context: 'module' },
  'missing.function': { category: 'missing', context: 'module' },
  'missing.argument': { category: 'missing', context: 'module' },
  'mismatch.argument': { category: 'mismatch', context: 'module' },
  'mismatch.async': { category: 'mismatch', context: 'module' },
  'mismatch.optional': { category: 'mismatch', context: 'module' },
  'mismatch.annotation': { category: 'mismatch', context: 'module' },
  'mismatch.return-annotation': { category: 'mismatch', context: 'module' },
  'mismatch.value': { category: 'mismatch', context: 'module' },
  'mismatch.kind': { category: 'mismatch', context: 'module' },
  'missing.class': { category: 'missing', context: 'module' },
  'missing.attribute': { category: 'missing', context: 'class' },
  'mismatch.attribute-type': { category: 'mismatch', context: 'class' },
  'missing.method': { category: 'missing', context: 'class' },
  'mismatch.static': { category: 'mismatch', context: 'class' },
  'missing.superclass': { category: 'missing', context: 'class' },
  'missing.implements': { category: 'missing', context: 'class' },
  'unverifiable.value': { category: 'unverifiable', context: 'module' },
  'unverifiable.annotation': { category: 'unverifiable', context: 'module' },
  'unverifiable.export': { category: 'unverifiable', context: 'module' },
  'unverifiable.superclass': { category: 'unverifiable', context: 'class' },
  'unverifiable.method': { category: 'unverifiable', context: 'class' },
  'unverifiable.attribute': { category: 'unverifiable', context: 'class' },
  // who imports the module
  'unverifiable.importer': { category: 'unverifiable', context: 'module' },
  // what the module may import
  'forbidden.import': { category: 'forbidden', context: 'imports' },
  'unverifiable.import': { category: 'unverifiable', context: 'imports' },
} as const satisfies Record<string, { category: Category; context: ViolationContext }>;

/** A stable violation code. */
export type ViolationCode = keyof typeof VIOLATION_CODES;
