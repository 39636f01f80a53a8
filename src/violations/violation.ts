/** The one violation shape, and the one place that builds it. */
import type { Location } from '../contract/errors.js';
import { VIOLATION_CODES, type Category, type ViolationCode, type ViolationContext } from './codes.js';
import { MESSAGES, type MessageData, type Prose } from './messages.js';
import { compareText } from '../util/strings.js';

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

type Entry = { severity?: Severity | undefined; hint?: string | undefined };

/** What every violation a validator finds carries besides its code and message data. */
interface FindingFields {
  /** The entity, e.g. `classes.Plugin.methods.run`. */
  path: string;
  expected?: unknown;
  actual?: unknown;
  location?: Location | null;
  /** Where in the contract the broken expectation is written, as a field path (`['imports', 'deny', 0]`). */
  contractPath?: readonly PropertyKey[] | null;
  /** The contract entry (for its `severity` and `hint`). */
  entry?: Entry | undefined;
}

/**
 * What a validator knows when it finds a violation: the code and the data its message is written
 * from (`violations/messages.ts`); category and context follow from the code.
 */
export type FindingInit = { [C in ViolationCode]: FindingFields & { code: C; data: MessageData[C] } }[ViolationCode];

/** A violation as a validator reports it: its contract position not yet resolved from its contract path. */
export interface Finding extends Omit<Violation, 'contractLocation'> {
  /** The field of the contract the violation is about; resolved to `contractLocation` when the report is built. */
  contractPath: readonly PropertyKey[] | null;
}

/** Builds a finding: its words come from the message table. */
export function finding(init: FindingInit): Finding {
  const { category, context } = VIOLATION_CODES[init.code];
  const { message, solution } = (MESSAGES[init.code] as (data: MessageData[ViolationCode]) => Prose)(init.data);
  const out: Finding = {
    code: init.code,
    category,
    context,
    severity: init.entry?.severity ?? 'error',
    path: init.path,
    expected: init.expected ?? null,
    actual: init.actual ?? null,
    message,
    solution,
    location: init.location ?? null,
    contractPath: init.contractPath ?? null,
  };
  if (init.entry?.hint) out.hint = init.entry.hint;
  return out;
}

/** A finding with its contract position, as reports carry it (fields in their published order). */
export function located(f: Finding, contractLocation: Location | null): Violation {
  const out: Violation = {
    code: f.code,
    category: f.category,
    context: f.context,
    severity: f.severity,
    path: f.path,
    expected: f.expected,
    actual: f.actual,
    message: f.message,
    solution: f.solution,
    location: f.location,
    contractLocation,
  };
  if (f.hint !== undefined) out.hint = f.hint;
  if (f.baseline !== undefined) out.baseline = f.baseline;
  return out;
}

/** Deterministic order: module location, then contract location, then path and code. */
export function compareViolations(a: Violation, b: Violation): number {
  return (
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    (a.contractLocation?.line ?? 0) - (b.contractLocation?.line ?? 0) ||
    (a.contractLocation?.column ?? 0) - (b.contractLocation?.column ?? 0) ||
    compareText(a.path, b.path) ||
    compareText(a.code, b.code)
  );
}
