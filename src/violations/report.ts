/** The report of one validation, and the error that carries it when an import is blocked. */
import type { Location } from '../contract/errors.js';
import type { Violation } from './violation.js';
import type { ModuleErrorCode } from './codes.js';
import { secretRedactor } from './redact.js';

/** How the importing module was identified (embedded guard). */
export type ImporterVia = 'require' | 'hooks' | 'dynamic-import' | 'entry';

/** ImportSpy could not decide about a module (it is unreadable or does not parse). */
export interface ModuleError {
  /** A stable code: `module.syntax`, `module.not-found`, a `contract.*` code... */
  code: ModuleErrorCode;
  /** What went wrong. */
  message: string;
  /** Where, when known (the syntax error's position, for instance). */
  location: Location | null;
}

/** The outcome for one module (or, with no module, for the environment alone). */
export interface ModuleReport {
  /** The validated module's path, or null when only the environment was checked. */
  module: string | null;
  /** False when an `error`-severity violation exists or ImportSpy could not decide. */
  ok: boolean;
  /** For a guard: the importer that was validated and how it was found. */
  importer: {
    /** The importing module's path. */
    file: string;
    /** How it was found. */
    via: ImporterVia;
  } | null;
  /** Why no importer was validated, when that is the case. */
  note?: string;
  /** Every violation, in a deterministic order. */
  violations: Violation[];
  /** Set when ImportSpy could not decide about the module. */
  error?: ModuleError;
}

/** The outcome of a run: one contract, any number of modules. */
export interface Report {
  /** False when any result is not ok. */
  ok: boolean;
  /** The contract file, or null for an in-memory contract. */
  contract: string | null;
  /** One result per module, in the order they were given. */
  results: ModuleReport[];
  /** Counts for the whole run. */
  summary: {
    /** Modules checked (the environment alone does not count). */
    modules: number;
    /** Modules that comply. */
    compliant: number;
    /** Violations found, `warn` ones included. */
    violations: number;
    /** With a baseline: its entries that were not found any more. */
    fixed?: BaselineEntry[];
  };
}

/** A known violation in a baseline file: keyed without line numbers, which move. */
export interface BaselineEntry {
  /** The module path relative to the working directory, or `<environment>`. */
  module: string;
  /** The violation code. */
  code: string;
  /** The violation path. */
  path: string;
}

export function isBlocking(v: Violation): boolean {
  return v.severity === 'error';
}

/**
 * Every report ImportSpy hands out is built here, and leaves scrubbed of every secret value the
 * thread has read, whichever field carried it (a specifier, an error message, a path...).
 */
export function buildReport(contract: string | null, results: ModuleReport[]): Report {
  const violations = results.reduce((n, r) => n + r.violations.length, 0);
  return secretRedactor().record({
    ok: results.every((r) => r.ok),
    contract,
    results,
    summary: { modules: results.filter((r) => r.module !== null).length, compliant: results.filter((r) => r.module !== null && r.ok).length, violations },
  });
}

/**
 * Thrown when an import breaks its contract (or, in `enforce` mode, when ImportSpy cannot decide).
 * `violations` lists every problem found, `report` is the full report. Its report, message and
 * stack are scrubbed of every secret value the thread has read, whoever built the report.
 */
export class ContractViolationError extends Error {
  /** Always `ContractViolationError`. */
  override name = 'ContractViolationError';
  /** Always `ERR_IMPORT_CONTRACT`. */
  readonly code = 'ERR_IMPORT_CONTRACT';
  /** Every violation of every result. */
  readonly violations: readonly Violation[];
  /** The full report. */
  readonly report: Report;

  constructor(report: Report, message?: string) {
    const redactor = secretRedactor();
    const clean = redactor.record(report);
    super(redactor.text(message ?? summarise(clean)));
    this.violations = clean.results.flatMap((r) => r.violations);
    this.report = clean;
    // The stack repeats the message, and its frames name files: scrubbed as text once, here.
    if (!redactor.empty && typeof this.stack === 'string') this.stack = redactor.text(this.stack);
  }

  /**
   * `error instanceof ContractViolationError` also holds for the same error made by another copy
   * of ImportSpy in the process, or rebuilt in this thread from the off-thread hooks of Node 20:
   * an `Error` whose `code` is `ERR_IMPORT_CONTRACT` and that carries its `violations`.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (this !== ContractViolationError || !(value instanceof Error)) return false;
    const fields = value as Error & { code?: unknown; violations?: unknown };
    return fields.code === 'ERR_IMPORT_CONTRACT' && Array.isArray(fields.violations);
  }
}

function summarise(report: Report): string {
  const lines: string[] = [];
  for (const r of report.results) {
    const who = r.importer ? `${r.importer.file} (found via ${r.importer.via})` : (r.module ?? 'this environment');
    if (r.error) lines.push(`${who}: ImportSpy could not decide: ${r.error.message}`);
    for (const v of r.violations) {
      if (v.severity !== 'error') continue;
      lines.push(`  [${v.code}] ${v.path}: ${v.message}\n    fix: ${v.solution}`);
    }
    if (r.violations.length > 0 && !r.error) lines.unshift(`${who} does not comply with ${report.contract ?? 'the contract'}:`);
  }
  return lines.join('\n') || 'Import contract violated';
}
