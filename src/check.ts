/**
 * One module through the pipeline: contract → context → module model → validate → its result.
 * run.ts runs the whole check over many modules with it; `load`, the guard and the hooks check
 * each module through here.
 */
import type { Contract } from './contract/load.js';
import type { ModuleExpectation } from './contract/types.generated.js';
import { processContext, type Context } from './context/capture.js';
import { resolve } from 'node:path';
import { forgetModule, inspectImports, inspectModule, inspectModuleSync, inspectShared } from './analysis/inspect.js';
import { ModuleAnalysisError } from './analysis/errors.js';
import type { ModuleModel } from './analysis/model.js';
import { validate } from './validate/pipeline.js';
import { buildReport, type ModuleReport, type Report } from './violations/report.js';
import { secretValues } from './context/secrets.js';
import { rememberSecrets, secretRedactor } from './violations/redact.js';

/** Options of `checkModule` and `checkModules`. */
export interface CheckOptions {
  /** The machine to check against (default: this one). */
  context?: Context;
  /** `static` (default) reads the source; `runtime` loads the module and inspects its exports. */
  analysis?: 'static' | 'runtime';
  /** Keep each module's parse and model in memory after its check (default true; `check` over many modules turns it off). */
  retain?: boolean;
  /** Called after each module (for progress indicators). */
  onResult?: ((done: number, total: number) => void) | undefined;
  /** The loader hooks check this module's computed imports when they happen (see `ValidateOptions`). */
  runtimeChecked?: boolean;
}

const exportsNeeded = new WeakMap<Contract, boolean>();

/** Whether an expectation reads anything of a module beyond its own imports and its file name. */
const readsExports = (e: ModuleExpectation): boolean => e.version !== undefined || !!e.variables?.length || !!e.functions?.length || !!e.classes?.length;

/**
 * Whether validating against `contract` needs the module's exports (variables, functions,
 * classes, version), at the top level or in any `runtimes[].modules` entry. When it does not,
 * static analysis stops at the module's own import specifiers: its re-exports are not followed.
 */
function needsExports(contract: Contract): boolean {
  let needed = exportsNeeded.get(contract);
  if (needed === undefined) {
    const runtimeModules = (contract.deployments ?? []).flatMap((d) => d.systems ?? []).flatMap((s) => s.runtimes ?? []).flatMap((r) => r.modules ?? []);
    needed = readsExports(contract) || runtimeModules.some(readsExports);
    exportsNeeded.set(contract, needed);
  }
  return needed;
}

/** The static model validation against `contract` needs. */
const staticModel = (contract: Contract, file: string): ModuleModel => (needsExports(contract) ? inspectShared(file) : inspectImports(file));

/** Validates one module (or, with null, the environment alone); never throws for a bad module. */
export function checkModuleSync(contract: Contract, file: string | null, options: CheckOptions = {}): ModuleReport {
  const context = options.context ?? processContext();
  rememberSecrets(secretValues(contract, context.env));
  if (file === null) return resultOf(contract, null, null, context);
  let model: ModuleModel;
  try {
    model = options.analysis === 'runtime' ? inspectModuleSync(file, { mode: 'runtime' }) : staticModel(contract, file);
  } catch (error) {
    return failure(file, error);
  }
  return resultOf(contract, file, model, context, options.runtimeChecked === true);
}

/** Async variant: runtime analysis may need `import()` for ESM with top-level await. */
export async function checkModule(contract: Contract, file: string | null, options: CheckOptions = {}): Promise<ModuleReport> {
  const context = options.context ?? processContext();
  rememberSecrets(secretValues(contract, context.env));
  if (file === null) return resultOf(contract, null, null, context);
  let model: ModuleModel;
  try {
    model = options.analysis === 'runtime' ? await inspectModule(file, { mode: 'runtime' }) : staticModel(contract, file);
  } catch (error) {
    return failure(file, error);
  } finally {
    if (options.retain === false) forgetModule(resolve(file));
  }
  return resultOf(contract, file, model, context);
}

function resultOf(contract: Contract, file: string | null, model: ModuleModel | null, context: Context, runtimeChecked = false): ModuleReport {
  try {
    const { ok, violations } = validate(contract, { context, module: model, runtimeChecked });
    return { module: file, ok, importer: null, violations };
  } catch (error) {
    // A validator that fails must not be mistaken for a pass.
    return secretRedactor().record({ module: file, ok: false, importer: null, violations: [], error: { code: 'importspy.internal', message: `validation failed: ${messageOf(error)}`, location: null } });
  }
}

/** A module ImportSpy could not analyse; the error's text (a syntax error quotes source) is scrubbed. */
function failure(file: string, error: unknown): ModuleReport {
  if (error instanceof ModuleAnalysisError) {
    return secretRedactor().record({ module: file, ok: false, importer: null, violations: [], error: { code: error.code, message: error.message, location: error.location ?? null } });
  }
  return secretRedactor().record({ module: file, ok: false, importer: null, violations: [], error: { code: 'module.unreadable', message: messageOf(error), location: null } });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Validates many modules against one contract; results in the order given. */
export async function checkModules(contract: Contract, files: readonly string[], options: CheckOptions = {}): Promise<Report> {
  const context = options.context ?? processContext();
  const results: ModuleReport[] = [];
  if (files.length === 0) results.push(await checkModule(contract, null, { ...options, context }));
  for (const file of files) {
    results.push(await checkModule(contract, file, { ...options, context }));
    options.onResult?.(results.length, files.length);
  }
  return buildReport(contract.source.file, results);
}
