/** The report of one validation, and the error that carries it when an import is blocked. */
import type { Location } from '../contract/errors.js';
import type { Violation } from './violation.js';

/** How the importing module was identified (embedded guard). */
export type ImporterVia = 'require' | 'hooks' | 'dynamic-import' | 'entry';

/** ImportSpy could not decide about a module (it is unreadable or does not parse). */
export interface ModuleError {
  code: string;
  message: string;
  location: Location | null;
}

/** The outcome for one module (or, with no module, for the environment alone). */
export interface ModuleReport {
  /** The validated module's path, or null when only the environment was checked. */
  module: string | null;
  /** False when an `error`-severity violation exists or ImportSpy could not decide. */
  ok: boolean;
  /** For a guard: the importer that was validated and how it was found. */
  importer: { file: string; via: ImporterVia } | null;
  /** Why no importer was validated, when that is the case. */
  note?: string;
  violations: Violation[];
  error?: ModuleError;
}

/** The outcome of a run: one contract, any number of modules. */
export interface Report {
  ok: boolean;
  /** The contract file, or null for an in-memory contract. */
  contract: string | null;
  results: ModuleReport[];
  summary: { modules: number; compliant: number; violations: number; fixed?: BaselineEntry[] };
}

/** A known violation in a baseline file: keyed without line numbers, which move. */
export interface BaselineEntry {
  module: string;
  code: string;
  path: string;
}

export function isBlocking(v: Violation): boolean {
  return v.severity === 'error';
}

export function buildReport(contract: string | null, results: ModuleReport[]): Report {
  const violations = results.reduce((n, r) => n + r.violations.length, 0);
  return {
    ok: results.every((r) => r.ok),
    contract,
    results,
    summary: { modules: results.filter((r) => r.module !== null).length, compliant: results.filter((r) => r.module !== null && r.ok).length, violations },
  };
}

/**
 * Thrown when an import breaks its contract (or, in `enforce` mode, when ImportSpy cannot decide).
 * `violations` lists every problem found, `report` is the full report.
 */
export class ContractViolationError extends Error {
  override name = 'ContractViolationError';
  readonly code = 'ERR_IMPORT_CONTRACT';
  readonly violations: readonly Violation[];
  readonly report: Report;

  constructor(report: Report, message?: string) {
    const violations = report.results.flatMap((r) => r.violations);
    super(message ?? summarise(report));
    this.violations = violations;
    this.report = report;
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
