/**
 * The one registry of the codes ImportSpy emits: violation codes, contract problem codes and the
 * codes of a module ImportSpy could not decide about. Every code is a member of one literal union,
 * {@link Code}. Codes are stable: once published a code is never reused for another meaning.
 * docs/violations.md documents each one, and documents no other (test/docs/docs.test.ts checks
 * both ways).
 */

/** What kind of problem a violation is. */
export type Category = 'missing' | 'mismatch' | 'invalid' | 'unverifiable' | 'forbidden';
/** What a violation concerns: the machine, the environment, the module, a class, or its imports. */
export type ViolationContext = 'runtime' | 'environment' | 'module' | 'class' | 'imports';

/** How a violation code is classified. */
export interface ViolationCodeInfo {
  /** What kind of problem the code names. */
  readonly category: Category;
  /** What the code concerns. */
  readonly context: ViolationContext;
}

const VIOLATIONS = {
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
} as const satisfies Record<string, ViolationCodeInfo>;

/** A stable violation code: a way in which a module or its environment breaks a contract. */
export type ViolationCode = keyof typeof VIOLATIONS;

/** Every violation code, with its category and context. docs/violations.md describes each. */
export const VIOLATION_CODES: Readonly<Record<ViolationCode, ViolationCodeInfo>> = VIOLATIONS;

/** Every code a problem with a contract itself can have. */
export const CONTRACT_PROBLEM_CODES = [
  'contract.not-found',
  'contract.unreadable',
  'contract.too-large',
  'contract.binary',
  'contract.encoding',
  'contract.empty',
  'contract.syntax',
  'contract.too-deep',
  'contract.alias',
  'contract.forbidden-key',
  'contract.unknown-key',
  'contract.renamed-key',
  'contract.invalid-value',
  'contract.invalid-type',
  'contract.missing-field',
] as const;

/** A stable code for a problem with a contract itself (one of `CONTRACT_PROBLEM_CODES`). */
export type ContractProblemCode = (typeof CONTRACT_PROBLEM_CODES)[number];

/** Why a module could not be analysed (the code of a `ModuleAnalysisError`). */
export type ModuleAnalysisErrorCode = 'module.syntax' | 'module.unreadable' | 'module.not-found';

/**
 * Every code a report's `error` can carry besides a contract problem code: the module could not be
 * analysed or loaded, ImportSpy itself failed, or the contract is invalid.
 */
export const MODULE_ERROR_CODES = [
  'module.syntax',
  'module.unreadable',
  'module.not-found',
  'module.load-failed',
  'importspy.worker-failed',
  'importspy.internal',
  'contract.invalid',
] as const;

/** The code of a module result ImportSpy could not decide about (see `ModuleError`): one of `MODULE_ERROR_CODES` or a contract problem code. */
export type ModuleErrorCode = (typeof MODULE_ERROR_CODES)[number] | ContractProblemCode;

/** Every code ImportSpy emits. */
export type Code = ViolationCode | ContractProblemCode | ModuleErrorCode;

/** Every code ImportSpy emits, violation codes first. */
export const CODES: readonly Code[] = [...(Object.keys(VIOLATIONS) as ViolationCode[]), ...MODULE_ERROR_CODES, ...CONTRACT_PROBLEM_CODES];
