/** The one violation shape, and the one place that builds it. */
import type { Location } from '../contract/errors.js';
import { VIOLATION_CODES, type Category, type ViolationCode, type ViolationContext } from './codes.js';

/** `error` blocks and fails; `warn` is reported only. Set by a contract entry's `severity`. */
export type Severity = 'error' | 'warn';

/** One way in which a module or its environment breaks a contract. */
export interface Violation {
  /** Stable code, e.g. `missing.method`. */
  code: ViolationCode;
  /** What kind of problem, from the code. */
  category: Category;
  /** What it concerns, from the code. */
  context: ViolationContext;
  /** `warn` violations are reported but never block or fail a run. */
  severity: Severity;
  /** The entity, e.g. `classes.Plugin.methods.run.arguments.input.annotation`. */
  path: string;
  /** What the contract asks for (JSON-compatible), or null. */
  expected: unknown;
  /** What was found (JSON-compatible), or null. A secret's value is never here. */
  actual: unknown;
  /** One line: what is wrong. */
  message: string;
  /** One line: how to fix it. */
  solution: string;
  /** The contract entry's own `hint:`, when it has one. */
  hint?: string;
  /** Where in the module, when the violation concerns a place in it. */
  location: Location | null;
  /** Where in the contract the broken expectation is written. */
  contractLocation: Location | null;
  /** Set when a baseline is in use: whether this violation was already known. */
  baseline?: 'known' | 'new';
}

/** What a validator knows when it finds a violation; category and context follow from the code. */
export interface ViolationInit {
  code: ViolationCode;
  path: string;
  message: string;
  solution: string;
  expected?: unknown;
  actual?: unknown;
  location?: Location | null;
  contractLocation?: Location | null;
  /** The contract entry (for its `severity` and `hint`). */
  entry?: { severity?: Severity | undefined; hint?: string | undefined } | undefined;
}

export function violation(init: ViolationInit): Violation {
  const { category, context } = VIOLATION_CODES[init.code];
  const out: Violation = {
    code: init.code,
    category,
    context,
    severity: init.entry?.severity ?? 'error',
    path: init.path,
    expected: init.expected ?? null,
    actual: init.actual ?? null,
    message: init.message,
    solution: init.solution,
    location: init.location ?? null,
    contractLocation: init.contractLocation ?? null,
  };
  if (init.entry?.hint) out.hint = init.entry.hint;
  return out;
}

/** Renders a value for a message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Deterministic order: module location, then contract location, then path and code. */
export function compareViolations(a: Violation, b: Violation): number {
  return (
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    (a.contractLocation?.line ?? 0) - (b.contractLocation?.line ?? 0) ||
    (a.contractLocation?.column ?? 0) - (b.contractLocation?.column ?? 0) ||
    a.path.localeCompare(b.path) ||
    a.code.localeCompare(b.code)
  );
}
