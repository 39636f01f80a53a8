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
