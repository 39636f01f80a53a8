/**
 * Controlled import for plugin hosts: resolve a plugin as Node would, validate it statically,
 * and import it only when it complies. A rejected plugin's code never runs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkModule } from '../check.js';
import { buildReport, type Report } from '../violations/report.js';
import { processContext } from '../context/capture.js';
import { resolveMode } from '../mode.js';
import { loggerOf, contractFor, decide, unreadableContractReport, type ContractLike, type EnforceOptions } from './enforce.js';
import { PLUGIN_PROBE_ORDER as EXTENSIONS } from '../util/extensions.js';
import { withoutBom } from '../util/files.js';

/** Options of `load` and `loadAll`. */
export interface LoadOptions extends EnforceOptions {
  /** The contract the plugin must meet: a path (relative to `parentURL`), a URL or an object. */
  contract: ContractLike;
  /** Where relative specifiers and a relative contract path are resolved from (default: the current directory). */
  parentURL?: string | URL;
  /** `static` (default): decide from the source. `runtime` loads the plugin first (its code runs before the verdict). */
  analysis?: 'static' | 'runtime';
}

function parentOf(options: LoadOptions): URL {
  if (options.parentURL === undefined) return pathToFileURL(`${process.cwd()}/`);
  return new URL(String(options.parentURL));
}

function fromDirectory(dir: string): string | undefined {
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    try {
      const pkg = JSON.parse(withoutBom(readFileSync(manifest, 'utf8'))) as { main?: unknown; exports?: unknown };
      const entry = exportsEntry(pkg.exports) ?? (typeof pkg.main === 'string' ? pkg.main : undefined);
      if (entry) return asFile(join(dir, entry));
    } catch {
      // a broken package.json: fall back to index files
    }
  }
  for (const ext of EXTENSIONS) {
    const index = join(dir, `index${ext}`);
    if (existsSync(index)) return index;
  }
  return undefined;
}

/** The `import` (else `default`) target of a package's root export. */
function exportsEntry(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (!exports || typeof exports !== 'object') return undefined;
  const root = (exports as Record<string, unknown>)['.'] ?? exports;
  if (typeof root === 'string') return root;
  if (!root || typeof root !== 'object') return undefined;
  for (const condition of ['import', 'node', 'default']) {
    const target = exportsEntry((root as Record<string, unknown>)[condition]);
    if (target) return target;
  }
  return undefined;
}

function asFile(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (stat.isFile()) return path;
    if (stat.isDirectory()) return fromDirectory(path);
  } catch {
    // try the extensions below
  }
  if (!extname(path)) {
    for (const ext of EXTENSIONS) if (existsSync(path + ext)) return path + ext;
  }
  return undefined;
}

/** Resolves a plugin specifier to a file, without running anything. */
export function resolvePlugin(specifier: string, parentURL: URL): string {
  const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:');
  if (relative) {
    const file = asFile(fileURLToPath(new URL(specifier, parentURL)));
    if (file) return file;
  } else {
    const require = createRequire(parentURL);
    try {
      return require.resolve(specifier);
    } catch {
      // ESM-only packages may not resolve under `require` conditions: read their manifest.
      try {
        const manifest = require.resolve(`${specifier}/package.json`);
        const file = fromDirectory(dirname(manifest));
        if (file) return file;
      } catch {
        // not found either way
      }
    }
  }
  throw Object.assign(new Error(`Cannot find plugin ${JSON.stringify(specifier)} from ${fileURLToPath(parentURL)}`), { code: 'ERR_MODULE_NOT_FOUND' });
}

/** Validates a plugin and, when it may be imported, imports it. Returns the namespace and the report. */
async function admit(specifier: string, options: LoadOptions): Promise<{ namespace?: Record<string, unknown>; report: Report }> {
  const mode = resolveMode({ flag: options.mode, env: process.env });
  const logger = loggerOf(options);
  const context = options.context ?? processContext();
  const parent = parentOf(options);
  const loaded = contractFor(options.contract, fileURLToPath(new URL('.', parent)));
  let file: string;
  try {
    file = resolvePlugin(specifier, parent);
  } catch (error) {
    const report = buildReport('error' in loaded ? loaded.error.file : loaded.contract.source.file, [
      { module: specifier, ok: false, importer: null, violations: [], error: { code: 'module.not-found', message: (error as Error).message, location: null } },
    ]);
    return { report };
  }
  if ('error' in loaded) return { report: unreadableContractReport(loaded.error, file, null) };
  const result = await checkModule(loaded.contract, file, { context, analysis: options.analysis ?? 'static' });
  const report = buildReport(loaded.contract.source.file, [result]);
  logger.info(`load ${file}: ${report.ok ? 'admitted' : mode === 'enforce' ? 'rejected' : 'admitted despite violations (warn)'}`);
  if (!report.ok && mode === 'enforce') return { report };
  if (!report.ok) decide(report, 'warn', logger);
  const namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return { namespace, report };
}

/**
 * Resolves `specifier` from `parentURL`, validates the plugin statically against the contract,
 * and only then imports it.
 * @returns the plugin's module namespace.
 * @throws {ContractViolationError} in `enforce` mode when the plugin does not comply, cannot be
 * found or analysed, or the contract cannot be read; the plugin's code has not run.
 */
export async function load<T = Record<string, unknown>>(specifier: string, options: LoadOptions): Promise<T> {
  const { namespace, report } = await admit(specifier, options);
  if (namespace === undefined) decide(report, 'enforce', loggerOf(options));
  return namespace as T;
}

/** What `loadAll` resolves to. */
export interface LoadAllResult<T> {
  /** Plugins that comply (in `warn` mode: every plugin that could be imported), with their namespaces. */
  admitted: Array<{
    /** As given, or the file URL for a directory's plugin. */
    specifier: string;
    /** The plugin's module namespace. */
    namespace: T;
    /** Its report. */
    report: Report;
  }>;
  /** Plugins that were not imported, with the reason. */
  rejected: Array<{
    /** As given, or the file URL for a directory's plugin. */
    specifier: string;
    /** Why it was not imported. */
    report: Report;
  }>;
}

/** The plugins of a directory: its module files, and its sub-folders that have a package.json or an index file. */
export function pluginsIn(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isFile() && EXTENSIONS.includes(extname(entry.name)) && !entry.name.includes('.d.')) out.push(full);
    else if (entry.isDirectory() && entry.name !== 'node_modules' && fromDirectory(full)) out.push(full);
  }
  return out.sort();
}

/**
 * Loads every plugin named (or every plugin of a directory), admitting the compliant ones. One
 * rejected plugin never stops the others; each gets its own report.
 */
export async function loadAll<T = Record<string, unknown>>(specifiersOrDirectory: string | readonly string[], options: LoadOptions): Promise<LoadAllResult<T>> {
  let specifiers: string[];
  if (typeof specifiersOrDirectory === 'string') {
    const dir = fileURLToPath(new URL(specifiersOrDirectory, parentOf(options)));
    specifiers = pluginsIn(dir).map((file) => pathToFileURL(file).href);
  } else {
    specifiers = [...specifiersOrDirectory];
  }
  const result: LoadAllResult<T> = { admitted: [], rejected: [] };
  for (const specifier of specifiers) {
    try {
      const { namespace, report } = await admit(specifier, options);
      if (namespace === undefined) result.rejected.push({ specifier, report });
      else result.admitted.push({ specifier, namespace: namespace as T, report });
    } catch (error) {
      // The plugin complied but failed while loading: report it, keep going.
      const report = buildReport(null, [
        { module: specifier, ok: false, importer: null, violations: [], error: { code: 'module.load-failed', message: error instanceof Error ? error.message : String(error), location: null } },
      ]);
      result.rejected.push({ specifier, report });
    }
  }
  return result;
}
