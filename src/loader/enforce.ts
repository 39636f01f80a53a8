/**
 * Enforcement shared by the guard, `load` and the loader hooks: validate an importer (or a
 * plugin) against a contract, cache the verdict per (module, contract) while neither changes,
 * and turn it into a decision: throw in `enforce` mode, report once on stderr in `warn` mode.
 */
import { toContract, type Contract } from '../contract/load.js';
import type { ContractInput } from '../contract/types.generated.js';
import { ContractError } from '../contract/errors.js';
import type { Context } from '../context/capture.js';
import type { Mode } from '../mode.js';
import { checkModuleSync, formatReport } from './deferred.js';
import { buildReport, ContractViolationError, type ImporterVia, type ModuleReport, type Report } from '../violations/report.js';
import { createLogger, scrubbingLogger, type Logger } from './log.js';
import { fileStamp } from '../util/files.js';
import { secretValues } from '../context/secrets.js';
import { rememberSecrets, secretRedactor } from '../violations/redact.js';

/** A contract in any form the API accepts. */
export type ContractLike = Contract | ContractInput | string | URL;

/** Options shared by `guard`, `load` and `loadAll`. */
export interface EnforceOptions {
  /** `enforce` (default) blocks; `warn` reports on stderr and lets the import through. */
  mode?: Mode;
  /** The machine to check against (default: this one, captured once per process). */
  context?: Context;
  /** Where diagnostics go (default: stderr at `IMPORTSPY_LOG` level). */
  logger?: Logger;
}

let defaultLogger: Logger | undefined;

export function processLogger(): Logger {
  defaultLogger ??= createLogger();
  return defaultLogger;
}

/** The caller's logger (its messages scrubbed of secrets' values), else this process's. */
export function loggerOf(options: { logger?: Logger | undefined }): Logger {
  return options.logger ? scrubbingLogger(options.logger) : processLogger();
}

/**
 * Loads a contract for enforcement; an unreadable contract becomes a failed report, never a pass.
 * The values its secrets have in this process's environment are remembered from here on, before
 * anything is validated or logged, so that no output of the thread can carry them.
 */
export function contractFor(contract: ContractLike, base: string | undefined): { contract: Contract } | { error: ContractError } {
  try {
    const loaded = toContract(contract, base);
    rememberSecrets(secretValues(loaded, process.env));
    return { contract: loaded };
  } catch (error) {
    if (error instanceof ContractError) return { error };
    throw error;
  }
}

interface Verdict {
  stamp: string;
  result: ModuleReport;
}
const verdicts = new WeakMap<Contract, Map<string, Verdict>>();

const stampOf = (file: string): string => fileStamp(file) ?? 'missing';

/**
 * Validates `file` (or, with null, the environment alone) against a contract. The verdict is
 * cached per (contract, file) and reused while the file's size and mtime are unchanged.
 * `runtimeChecked`: the loader hooks check the module's computed imports when they happen.
 */
export function checkCached(contract: Contract, file: string | null, context: Context, runtimeChecked = false): ModuleReport {
  const key = `${runtimeChecked ? 'r' : 's'}:${file ?? ''}`;
  let table = verdicts.get(contract);
  if (!table) {
    table = new Map();
    verdicts.set(contract, table);
  }
  const stamp = file ? stampOf(file) : '';
  const hit = table.get(key);
  if (hit && hit.stamp === stamp) return hit.result;
  const result = checkModuleSync(contract, file, { context, runtimeChecked });
  table.set(key, { stamp, result });
  return result;
}

const reported = new Set<string>();

/**
 * Acts on a report: in `enforce` mode throws `ContractViolationError` unless it is ok; in `warn`
 * mode prints it on stderr (once per distinct report) and returns.
 */
export function decide(report: Report, mode: Mode, logger: Logger, cause?: unknown): void {
  if (report.ok) return;
  if (mode === 'enforce') {
    const error = new ContractViolationError(report);
    if (cause !== undefined) Object.defineProperty(error, 'cause', { value: secretRedactor().error(cause), enumerable: false, configurable: true, writable: true });
    throw error;
  }
  const text = formatReport(report, 'text');
  if (reported.has(text)) return;
  reported.add(text);
  logger.warn(`import contract not met (warn mode, import allowed):\n${text}`);
}

/** A report for a contract that could not be read: ImportSpy cannot decide, so it fails closed. */
export function unreadableContractReport(error: ContractError, subject: string | null, importer: ModuleReport['importer']): Report {
  return buildReport(error.file, [
    { module: subject, ok: false, importer, violations: [], error: { code: error.problems[0]?.code ?? 'contract.invalid', message: error.message, location: error.problems[0]?.location ?? null } },
  ]);
}

/** The report of one importer check, with the importer recorded. */
export function importerReport(contract: Contract, result: ModuleReport, importer: { file: string; via: ImporterVia } | null, note?: string): Report {
  const withImporter: ModuleReport = { ...result, importer };
  if (note) withImporter.note = note;
  return buildReport(contract.source.file, [withImporter]);
}
