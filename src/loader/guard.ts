/**
 * Embedded mode: a protected module calls `guard(import.meta, { contract })` (ESM) or
 * `guard(module, { contract })` (CommonJS) at its top. The guard finds who is importing it,
 * validates that importer and the environment, and throws when they do not comply, so the
 * import fails before the importer's code goes on.
 */
import { createRequire } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realPathOf } from '../util/files.js';
import { processContext } from '../context/capture.js';
import { resolveMode } from '../mode.js';
import { loggerOf, contractFor, checkCached, decide, unreadableContractReport, importerReport, type ContractLike, type EnforceOptions } from './enforce.js';
import type { ImporterVia, Report } from '../violations/report.js';
import { importerFromHooks } from './hooks/registry.js';

/** `import.meta` of an ES module. */
export interface ModuleMeta {
  /** The module's URL. */
  url: string;
}

/** The `module` object of a CommonJS module (only the fields the guard reads). */
export interface CommonJsModule {
  /** The module's file. */
  filename: string;
  /** The module that first required it (deprecated in Node, still set). */
  parent?: {
    /** The requiring module's file. */
    filename?: string | null;
  } | null | undefined;
  /** The module id. */
  id?: string;
}

/** Options of `guard`. */
export interface GuardOptions extends EnforceOptions {
  /** The contract: a path relative to the protected module, a URL, or a contract object. */
  contract: ContractLike;
}

/** ImportSpy's own code (dist/, bundled or not): its frames are never the importer. */
let ownDir: string | undefined;
const OWN_CODE = (): string => (ownDir ??= dirname(createRequire(import.meta.url).resolve('importspy')));

/** The real path of a file, remembered (util/files.ts); a path that does not resolve stays as given. */
function real(file: string): string {
  try {
    return realPathOf(file);
  } catch {
    return file;
  }
}

function isModuleMeta(target: ModuleMeta | CommonJsModule): target is ModuleMeta {
  return typeof (target as ModuleMeta).url === 'string';
}

interface Importer {
  file: string;
  via: ImporterVia;
}

/** Files on the current call stack, innermost first (structured call sites, no string parsing). */
function stackFiles(): string[] {
  const original = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 50;
    Error.prepareStackTrace = (_error, sites) => sites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, guard);
    const sites = holder.stack ?? [];
    return sites.map((s) => s.getFileName() ?? s.getScriptNameOrSourceURL() ?? '').filter(Boolean);
  } finally {
    Error.prepareStackTrace = original;
    Error.stackTraceLimit = limit;
  }
}

function toFile(nameOrUrl: string): string | null {
  if (nameOrUrl.startsWith('file:')) return fileURLToPath(nameOrUrl);
  return isAbsolute(nameOrUrl) ? nameOrUrl : null;
}

/** Who is importing `self`, and how that was found; null when nothing is (entry point). */
export function findImporter(self: string, target: ModuleMeta | CommonJsModule): Importer | null {
  // CommonJS: the module that required this one.
  if (!isModuleMeta(target) && target.parent && target.parent.filename) return { file: target.parent.filename, via: 'require' };
  // Loader hooks record every resolution in-thread.
  const parent = importerFromHooks(isModuleMeta(target) ? target.url : `file://${self}`) ?? importerFromHooks(self);
  const file = parent ? toFile(parent) : null;
  if (file && real(file) !== self) return { file, via: 'hooks' };
  // A synchronous caller on the stack (require from ESM-loaded code, a dynamic import's caller).
  let throughRequire = !isModuleMeta(target);
  for (const name of stackFiles()) {
    // Node's CommonJS loader between us and the caller: the caller used require().
    if (name.startsWith('node:internal/modules/cjs')) throughRequire = true;
    const file = toFile(name);
    if (!file || real(file) === self || file.startsWith(OWN_CODE())) continue;
    return { file, via: throughRequire ? 'require' : 'dynamic-import' };
  }
  // As ImportSpy for Python does: the program's entry module.
  const entry = process.argv[1];
  if (entry) {
    const file = real(resolve(entry));
    if (file !== self) return { file, via: 'entry' };
  }
  return null;
}

/**
 * Validates the importing module and the environment against the contract.
 * @returns the report (ok, or in `warn` mode possibly not ok).
 * @throws {ContractViolationError} in `enforce` mode when they do not comply or ImportSpy cannot decide.
 */
export function guard(target: ModuleMeta | CommonJsModule, options: GuardOptions): Report {
  const mode = resolveMode({ flag: options.mode, env: process.env });
  const logger = loggerOf(options);
  const context = options.context ?? processContext();
  const self = real(isModuleMeta(target) ? fileURLToPath(target.url) : target.filename);

  const loaded = contractFor(options.contract, dirname(self));
  const importer = findImporter(self, target);
  if ('error' in loaded) {
    const report = unreadableContractReport(loaded.error, self, importer);
    decide(report, mode, logger, loaded.error);
    return report;
  }
  const { contract } = loaded;
  const note = importer ? undefined : `${self} has no importer (it runs as the entry point): only the environment was checked`;
  logger.debug(`guard ${self}: importer ${importer ? `${importer.file} (via ${importer.via})` : 'none'}`);
  const result = checkCached(contract, importer ? real(importer.file) : null, context);
  const report = importerReport(contract, result, importer, note);
  logger.info(`guard ${self}: ${report.ok ? 'admitted' : mode === 'enforce' ? 'blocked' : 'allowed (warn)'} ${importer?.file ?? 'environment'}`);
  decide(report, mode, logger);
  return report;
}
