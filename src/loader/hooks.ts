/**
 * Installs the loader hooks that enforce import contracts on every import edge.
 *
 * - Where Node has `module.registerHooks` (22.15+, 23.5+): one synchronous resolve hook, in the
 *   main thread, for `import`, `import()` and `require()` alike.
 * - Otherwise (Node 20): `module.register()` with asynchronous hooks (hooks-async.ts) for
 *   `import` and `import()`, and a patch of CommonJS resolution for `require()`.
 *
 * Settings come from the environment and the project configuration: `IMPORTSPY_MODE` (else the
 * configuration's `mode`, else `enforce`), `IMPORTSPY_CONFIG` (else the nearest
 * `importspy.config.yml` from the current directory), `IMPORTSPY_LOG`.
 */
import * as nodeModule from 'node:module';
import { extname, isAbsolute, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { findProjectConfig, type ProjectConfig } from '../config/project.js';
import { loadProjectConfigCached } from './config-cache.js';
import { ContractError } from '../contract/errors.js';
import { decide, processLogger, unreadableContractReport, type Mode } from './enforce.js';
import type { AsyncHooksData, HooksMessage } from './hooks-async.js';
import { EdgeEnforcer, fileOf, type HookSettings } from './hooks-edges.js';
import { receiveResolutionsWith, recordResolution } from './hooks-registry.js';
import type { Logger } from './log.js';
import { rememberSecrets, shareSecrets } from '../violations/redact.js';
import { patchWorkers } from './workers.js';
import { callers, patchProcessCalls } from './process-calls.js';
import { loadSummary } from '../analysis/cache.js';
import { nearestPackage, resolveSpecifier } from '../analysis/resolve.js';

export interface InstallOptions {
  /** Overrides `IMPORTSPY_MODE` and the configuration's mode. */
  mode?: Mode;
  /** The environment to read settings from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where to look for `importspy.config.yml` (default the current directory). */
  cwd?: string;
  logger?: Logger;
  /** `sync` (module.registerHooks) or `async` (module.register + CommonJS patch); default: sync where available. */
  mechanism?: 'sync' | 'async';
}

/** How the hooks were installed. */
export interface Installed {
  mechanism: 'sync' | 'async';
  settings: HookSettings;
}

// `module.registerHooks` is newer than the Node 20 typings.
interface SyncResolveContext {
  parentURL?: string | undefined;
  conditions?: readonly string[];
  importAttributes?: Record<string, string>;
}
interface SyncResolveResult {
  url: string;
  format?: string | null | undefined;
  shortCircuit?: boolean;
}
type SyncResolve = (specifier: string, context: SyncResolveContext, nextResolve: (specifier: string, context?: SyncResolveContext) => SyncResolveResult) => SyncResolveResult;
type RegisterHooks = (hooks: { resolve?: SyncResolve }) => unknown;

interface CommonJsParent {
  filename?: string | null;
}
type ResolveFilename = (this: unknown, request: string, parent: CommonJsParent | null | undefined, isMain: boolean, options?: unknown) => string;
type Load = (this: unknown, request: string, parent: CommonJsParent | null | undefined, isMain: boolean) => unknown;

/** A `require()` in progress, and whether its resolution went through the hooks. */
interface RequireFrame {
  parentURL: string;
  specifier: string;
  resolved: boolean;
}
const requires: RequireFrame[] = [];

/** Set during a parentless Module._load that Node itself made, until its resolution. */
let nodeOwnLoad = false;

/** Whether a resolution without a parent is the one of Node's own parentless Module._load (once). */
function nodeOwnResolution(parentURL: string | undefined): boolean {
  if (parentURL !== undefined || !nodeOwnLoad) return false;
  nodeOwnLoad = false;
  return true;
}

let installed: Installed | undefined;

/**
 * Where the first copy of ImportSpy to install the hooks in a thread says so: a second copy (a
 * plugin's own, nested in its node_modules) finds them there and installs nothing, so each edge
 * is enforced once.
 */
const INSTALLED = Symbol.for('importspy.hooks.installed');

/** Reads the settings; an unreadable configuration fails closed in `enforce` mode (it throws). */
export function hookSettings(options: InstallOptions = {}): HookSettings {
  const env = options.env ?? process.env;
  const logger = options.logger ?? processLogger();
  const envMode = options.mode ?? (env['IMPORTSPY_MODE'] ? (env['IMPORTSPY_MODE'] === 'warn' ? 'warn' : 'enforce') : undefined);
  let config: ProjectConfig | null = null;
  const cwd = options.cwd ?? process.cwd();
  const file = findProjectConfig(cwd, env);
  if (file === null) {
    logger.debug(`no project configuration found (no importspy.config.yml, .yaml or .json from ${cwd} up, no IMPORTSPY_CONFIG): only packages' own contracts apply`);
  } else {
    try {
      config = loadProjectConfigCached(file);
      logger.debug(`project configuration ${file}: ${config.contracts.length} contract binding(s)`);
    } catch (error) {
      if (!(error instanceof ContractError)) throw error;
      const mode = envMode ?? 'enforce';
      logger.info(`project configuration ${file} cannot be read → ${mode === 'enforce' ? 'every import blocked' : 'ignored (warn mode)'}`);
      // The report names the configuration: it, not the environment, is what could not be read.
      decide(unreadableContractReport(error, file, null), mode, logger, error);
    }
  }
  // A worker's argv names the main script, not the worker's: there the first edge without an importer is its entry.
  const entry = isMainThread ? (process.argv[1] ?? null) : null;
  return { mode: envMode ?? config?.mode ?? 'enforce', config, entry: entry === null ? null : resolvePath(cwd, entry), cwd: process.cwd() };
}

/**
 * Installs the hooks once per thread. Throws `ContractViolationError` in `enforce` mode when the
 * project configuration cannot be read.
 */
export function installHooks(options: InstallOptions = {}): Installed {
  if (installed) return installed;
  const logger = options.logger ?? processLogger();
  const holder = globalThis as Record<symbol, unknown>;
  const other = holder[INSTALLED] as (Installed & { by: string }) | undefined;
  if (other !== undefined) {
    logger.debug(`loader hooks already installed by ${other.by}: not installed again by ${import.meta.url}`);
    installed = other;
    return other;
  }
  const settings = hookSettings(options);
  // Found before the hooks are in place: ImportSpy's own lookup is not an edge of the program.
  const register = registerFile();
  const registerHooks = (nodeModule as unknown as { registerHooks?: RegisterHooks }).registerHooks;
  const mechanism = options.mechanism ?? (typeof registerHooks === 'function' ? 'sync' : 'async');
  if (mechanism === 'sync' && typeof registerHooks === 'function') {
    const enforcer = new EdgeEnforcer(settings, { logger });
    registerHooks({
      resolve(specifier, context, nextResolve) {
        if (enforcer.resolvingAhead || nodeOwnResolution(context.parentURL)) return nextResolve(specifier, context);
        enforcer.beforeResolve(context.parentURL, specifier, context.conditions?.includes('require') ? 'require' : 'import');
        resolvedThroughHooks(context.parentURL, specifier);
        const result = nextResolve(specifier, context);
        if (context.parentURL !== undefined && result.url.startsWith('file:')) recordResolution(result.url, context.parentURL);
        enforcer.afterResolve({ parentURL: context.parentURL, specifier, url: result.url });
        return result;
      },
    });
    patchCommonJs(enforcer, () => {}, false);
    // What the patches load (node:worker_threads by require()) is ImportSpy's, not an edge.
    enforcer.internally(() => {
      patchWorkers(enforcer, register);
      patchProcessCalls(enforcer);
    });
    installed = { mechanism: 'sync', settings };
  } else {
    // One channel both ways: the hooks thread reports resolutions and importers' rules; this
    // thread reports importers it validated on require(). Each side also drains it synchronously
    // before deciding, so nothing depends on when the event loop turns.
    const { port1, port2 } = new MessageChannel();
    const enforcer = new EdgeEnforcer(settings, {
      logger,
      onRules: (importer, contract) => port1.postMessage({ type: 'rules', importer, contract } satisfies HooksMessage),
    });
    const handle = (message: HooksMessage): void => {
      if (message.type === 'resolved') recordResolution(message.url, message.parentURL);
      else enforcer.adoptRules(message.importer, message.contract);
    };
    const drain = (): void => {
      for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) handle(m.message as HooksMessage);
    };
    port1.on('message', handle);
    receiveResolutionsWith(drain);
    port1.unref();
    // Secrets read on the hooks thread scrub what this thread prints (a caught error's report).
    const secrets = new MessageChannel();
    shareSecrets({ catchUp: () => {
      for (let m = receiveMessageOnPort(secrets.port1); m; m = receiveMessageOnPort(secrets.port1)) rememberSecrets(m.message as string[]);
    } });
    secrets.port1.unref();
    const data: AsyncHooksData = { settings, port: port2, secrets: secrets.port2 };
    nodeModule.register(pathToFileURL(nodeModule.createRequire(import.meta.url).resolve('importspy/internal/hooks-async')), { data, transferList: [port2, secrets.port2] });
    patchCommonJs(enforcer, drain, true);
    enforcer.internally(() => {
      patchWorkers(enforcer, register);
      patchProcessCalls(enforcer);
    });
    installed = { mechanism: 'async', settings };
  }
  Object.defineProperty(holder, INSTALLED, { value: { ...installed, by: import.meta.url }, enumerable: false });
  logger.debug(`loader hooks installed (${installed.mechanism}, mode ${settings.mode})`);
  return installed;
}

/** The file of `importspy/register` in this copy of ImportSpy. */
function registerFile(): string {
  return nodeModule.createRequire(import.meta.url).resolve('importspy/register');
}

/** Whether Node loads a file as an ES module (by its extension, or its package's `type`). */
function isEsmFile(file: string): boolean {
  const ext = extname(file);
  if (ext === '.mjs' || ext === '.mts') return true;
  if (ext !== '.js' && ext !== '.ts') return false;
  return nearestPackage(file)?.type === 'module';
}

/**
 * Node 20 loads an ES module that `require()` names in the main thread, synchronously, and
 * links its static imports without calling the off-thread hooks. Before it does, each edge of
 * that graph (static imports and re-exports, followed through the ES modules it reaches) is
 * enforced here as the hooks would, from the source. A specifier of that graph that cannot be
 * resolved here is refused: what cannot be checked is not let through.
 */
function enforceRequiredEsm(enforcer: EdgeEnforcer, root: string): void {
  const seen = new Set<string>();
  const pending = [root];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    let imports;
    try {
      imports = enforcer.internally(() => loadSummary(file, true).imports);
    } catch (error) {
      // What ImportSpy cannot read might still load: fail closed.
      enforcer.refuseUncheckable(file, 'its static imports', `it cannot be analysed (${error instanceof Error ? error.message : String(error)}), so the edges of an ES module loaded through require() cannot be checked`);
      continue;
    }
    const parentURL = pathToFileURL(file).href;
    for (const imp of imports) {
      if (imp.typeOnly || imp.specifier === null || (imp.kind !== 'static' && imp.kind !== 'reexport')) continue;
      const specifier = imp.specifier;
      enforcer.beforeResolve(parentURL, specifier);
      if (specifier.startsWith('node:') || nodeModule.isBuiltin(specifier)) {
        enforcer.afterResolve({ parentURL, specifier, url: specifier.startsWith('node:') ? specifier : `node:${specifier}` });
        continue;
      }
      const target = specifier.startsWith('file:') ? (fileOf(specifier) ?? undefined) : enforcer.internally(() => resolveSpecifier(file, specifier));
      if (target === undefined) {
        enforcer.refuseUncheckable(file, specifier, 'an ES module loaded through require() on a Node without module.registerHooks imports it, and ImportSpy cannot resolve it to check the edge');
        continue;
      }
      enforcer.afterResolve({ parentURL, specifier, url: pathToFileURL(target).href });
      if (isEsmFile(target)) pending.push(target);
    }
  }
}

/** Marks the innermost `require()` of `specifier` by `parentURL` as seen by the hooks. */
function resolvedThroughHooks(parentURL: string | undefined, specifier: string): void {
  const top = requires[requires.length - 1];
  if (top !== undefined && top.parentURL === parentURL && top.specifier === specifier) top.resolved = true;
}

/**
 * Enforces `require()` edges in the main thread. With `patchResolution` (Node 20) CommonJS
 * resolution itself is wrapped. Either way `Module._load` is wrapped too: Node answers a
 * `require()` from its own caches without resolving — the same specifier already required from
 * the same folder, a `node:` builtin — and so without calling any resolve hook; such an edge is
 * enforced after the fact, before the requirer gets the exports (nothing of the cached module
 * runs again).
 */
function patchCommonJs(enforcer: EdgeEnforcer, drain: () => void, patchResolution: boolean): void {
  const Module = nodeModule.Module as unknown as { _resolveFilename: ResolveFilename; _load: Load };
  const original = Module._resolveFilename;
  const enforce = (self: unknown, request: string, parent: CommonJsParent | null | undefined, isMain: boolean, options?: unknown): string => {
    const parentURL = parent?.filename ? pathToFileURL(parent.filename).href : undefined;
    drain();
    if (enforcer.resolvingAhead) return original.call(self, request, parent, isMain, options);
    if (!parent?.filename && nodeOwnResolution(undefined)) return original.call(self, request, parent, isMain, options);
    enforcer.beforeResolve(parentURL, request, 'require');
    const filename = original.call(self, request, parent, isMain, options);
    const url = isAbsolute(filename) ? pathToFileURL(filename).href : filename.startsWith('node:') ? filename : `node:${filename}`;
    enforcer.afterResolve({ parentURL, specifier: request, url }, isMain);
    if (patchResolution && isAbsolute(filename) && enforcer.internally(() => isEsmFile(filename))) enforceRequiredEsm(enforcer, filename);
    return filename;
  };
  if (patchResolution) {
    Module._resolveFilename = function importspyResolveFilename(request, parent, isMain, options) {
      resolvedThroughHooks(parent?.filename ? pathToFileURL(parent.filename).href : undefined, request);
      return enforce(this, request, parent, isMain, options);
    };
  }
  const load = Module._load;
  Module._load = function importspyLoad(request, parent, isMain) {
    if (!parent?.filename) {
      // Node's ES module loader hands a CommonJS module it resolved (an edge the hooks checked)
      // to Module._load without a parent: Node's own call, not an edge.
      nodeOwnLoad = !isMain && callers(importspyLoad)[0]?.startsWith('node:') === true;
      try {
        return load.call(this, request, parent, isMain);
      } finally {
        nodeOwnLoad = false;
      }
    }
    const frame: RequireFrame = { parentURL: pathToFileURL(parent.filename).href, specifier: request, resolved: false };
    requires.push(frame);
    let exports: unknown;
    try {
      exports = load.call(this, request, parent, isMain);
    } finally {
      requires.pop();
    }
    if (!frame.resolved) enforce(Module, request, parent, isMain);
    return exports;
  };
}
