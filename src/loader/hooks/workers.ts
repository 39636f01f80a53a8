/**
 * Worker threads under the hooks. A worker inherits its parent's `--import` flags, so the hooks
 * install themselves in it — but not when it is started with `eval: true` (Node runs no preload
 * for an evaluated script) or with an `execArgv` of its own that leaves them out.
 * `worker_threads.Worker` is wrapped so that every worker gets them:
 *
 * - an `execArgv` without them gets `--import importspy/register` added;
 * - CommonJS eval code starts by installing the hooks (its `require()`s then go through them; its
 *   importer, `[worker eval]`, is no module file, so a protected module is refused to it);
 * - ES module eval code is linked before any of its statements run, so its static imports are
 *   checked here, in the parent, as edges with no identifiable importer: one that reaches a
 *   protected module refuses the worker. Its `import()`s are checked in the worker.
 */
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveSpecifier } from '../../analysis/resolve.js';
import type { EdgeEnforcer } from './edges.js';

type WorkerClass = new (filename: string | URL, options?: WorkerOptionsLike) => object;
interface WorkerOptionsLike {
  eval?: boolean;
  execArgv?: string[];
  [key: string]: unknown;
}

const WRAPPED = Symbol.for('importspy.worker');

/**
 * Whether `node:worker_threads` is loaded in this thread already: always in a worker (Node's own
 * bootstrap of a worker loads it), in the main thread only once some code asked for it. Told by
 * Node's list of loaded builtins; where that list is missing, taken to be loaded (the Worker
 * class is then wrapped at once, as before this check).
 */
function threadsLoaded(): boolean {
  const loaded = (process as { moduleLoadList?: unknown }).moduleLoadList;
  return !Array.isArray(loaded) || loaded.includes('NativeModule worker_threads');
}

const workerThreads = (): { isMainThread: boolean } => process.getBuiltinModule('node:worker_threads');

/**
 * Whether this is the process's main thread, without loading `node:worker_threads` (about 2–5 ms
 * of a start-up) where it can be told otherwise: a thread in which the module is not loaded yet
 * is no worker, and `process._debugProcess` exists only in the main thread. Misjudging a worker
 * as the main thread (a preload that planted the property) only makes its entry point be looked
 * for under the main script's name, as a main thread would.
 */
export function isMainThread(): boolean {
  if (!threadsLoaded() && typeof (process as { _debugProcess?: unknown })._debugProcess === 'function') return true;
  return workerThreads().isMainThread;
}

let wrapLater: (() => void) | undefined;

/**
 * Wraps `worker_threads.Worker` now if the module is loaded, else just before anyone is handed
 * it: every way to it after this point — `import`, `import()`, `require()` (the resolve hook, see
 * {@link beforeWorkerThreads}) and `process.getBuiltinModule()` (wrapped, process-calls.ts) —
 * comes through ImportSpy first. Code that took the module before the hooks were installed (a
 * `--require` preload) took it while it was loaded, so there the class is wrapped at once. For
 * the synchronous hooks only: with `module.register()` the resolve hook runs on its own thread.
 */
export function patchWorkersOnFirstUse(enforcer: EdgeEnforcer, registerFile: () => string): void {
  if (threadsLoaded()) return patchWorkers(enforcer, registerFile());
  wrapLater = () => enforcer.internally(() => patchWorkers(enforcer, registerFile()));
}

/** Called with each builtin about to be handed to a caller: wraps Worker first when it is `node:worker_threads`. */
export function beforeWorkerThreads(id: string): void {
  if (wrapLater === undefined || (id !== 'node:worker_threads' && id !== 'worker_threads')) return;
  const wrap = wrapLater;
  wrapLater = undefined;
  wrap();
}

/** Wraps `worker_threads.Worker` (once per thread, whichever copy of ImportSpy comes first). */
export function patchWorkers(enforcer: EdgeEnforcer, registerFile: string): void {
  const threads = nodeModule.createRequire(import.meta.url)('node:worker_threads') as { Worker: WorkerClass & { [WRAPPED]?: true } };
  const Original = threads.Worker;
  if (Original[WRAPPED]) return;
  const registerURL = pathToFileURL(registerFile).href;
  const hasHooks = (args: readonly string[]): boolean => args.some((a) => a.includes(registerFile) || a.includes(registerURL) || a.includes('importspy/register'));
  class Worker extends Original {
    constructor(filename: string | URL, options?: WorkerOptionsLike) {
      const opts: WorkerOptionsLike = { ...options };
      if (Array.isArray(opts.execArgv) && !hasHooks(opts.execArgv)) opts.execArgv = [...opts.execArgv, '--import', registerURL];
      let code = filename;
      if (opts.eval === true && typeof filename === 'string') {
        if (enforcer.internally(() => isModuleCode(filename))) checkEvalImports(enforcer, filename);
        else code = `process.getBuiltinModule('node:module').createRequire(${JSON.stringify(registerFile)})(${JSON.stringify(registerFile)});${filename}`;
      }
      super(code, opts);
    }
  }
  Object.defineProperty(Worker, WRAPPED, { value: true });
  threads.Worker = Worker;
  nodeModule.syncBuiltinESMExports();
}

interface ModuleInfo {
  hasModuleSyntax: boolean;
  staticImports: Array<{ moduleRequest: { value: string } }>;
}
type ParseSync = (file: string, code: string, options: { sourceType: 'unambiguous' }) => { module: ModuleInfo };

function parse(code: string): ModuleInfo {
  const { parseSync } = nodeModule.createRequire(import.meta.url)('oxc-parser') as { parseSync: ParseSync };
  return parseSync('[worker eval].js', code, { sourceType: 'unambiguous' }).module;
}

/**
 * Words without which code has no module syntax: an `import`/`export` declaration, `import.meta`,
 * a top-level `await`; a keyword cannot be spelt with an escape in valid code, but oxc still
 * reports one, so a backslash sends the code to the parser too.
 */
const MODULE_WORDS = ['import', 'export', 'await', '\\'];

/** Whether eval code is an ES module. Code holding none of MODULE_WORDS is not, and is not parsed (oxc costs a start-up of its own). */
function isModuleCode(code: string): boolean {
  if (!MODULE_WORDS.some((word) => code.includes(word))) return false;
  return parse(code).hasModuleSyntax;
}

/** The static imports of ES module eval code, as edges with no importer (throws when one is refused). */
function checkEvalImports(enforcer: EdgeEnforcer, code: string): void {
  const base = join(process.cwd(), '[worker eval]');
  for (const { moduleRequest } of enforcer.internally(() => parse(code)).staticImports) {
    const specifier = moduleRequest.value;
    if (specifier.startsWith('node:') || nodeModule.isBuiltin(specifier)) continue;
    const target = enforcer.internally(() => resolveSpecifier(base, specifier));
    if (target !== undefined) enforcer.afterResolve({ parentURL: undefined, specifier, url: pathToFileURL(target).href }, false, true);
  }
}
