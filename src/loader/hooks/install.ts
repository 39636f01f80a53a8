/**
 * Installs the loader hooks that enforce import contracts on every import edge.
 *
 * - Where Node has `module.registerHooks` (22.15+, 23.5+): one synchronous resolve hook, in the
 *   main thread, for `import`, `import()` and `require()` alike (sync.ts).
 * - Otherwise (Node 20): `module.register()` with asynchronous hooks on their own thread
 *   (async.ts, talking to this one over channel.ts) for `import` and `import()`, and a patch of
 *   CommonJS resolution for `require()` (commonjs.ts).
 *
 * Either way `worker_threads.Worker` (workers.ts) and the process's builtin loaders
 * (process-calls.ts) are wrapped.
 *
 * Settings come from the environment and the project configuration: `IMPORTSPY_MODE` (else the
 * configuration's `mode`, else `enforce`), `IMPORTSPY_CONFIG` (else the nearest
 * `importspy.config.yml` from the current directory), `IMPORTSPY_LOG`.
 */
import * as nodeModule from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findProjectConfig, type ProjectConfig } from '../../contract/project-config.js';
import { loadProjectConfigCached } from '../../contract/config-cache.js';
import { ContractError } from '../../contract/errors.js';
import { decide, processLogger, unreadableContractReport } from '../enforce.js';
import { resolveMode, type Mode } from '../../mode.js';
import type { Logger } from '../log.js';
import { MainEnd } from './channel.js';
import { patchCommonJs } from './commonjs.js';
import { EdgeEnforcer, type HookSettings } from './edges.js';
import { patchProcessCalls } from './process-calls.js';
import { hasSyncHooks, registerSyncHooks } from './sync.js';
import { isMainThread, patchWorkers, patchWorkersOnFirstUse } from './workers.js';

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
      const mode = resolveMode({ flag: options.mode, env });
      logger.info(`project configuration ${file} cannot be read → ${mode === 'enforce' ? 'every import blocked' : 'ignored (warn mode)'}`);
      // The report names the configuration: it, not the environment, is what could not be read.
      decide(unreadableContractReport(error, file, null), mode, logger, error);
    }
  }
  // A worker's argv names the main script, not the worker's: there the first edge without an importer is its entry.
  const entry = isMainThread() ? (process.argv[1] ?? null) : null;
  return { mode: resolveMode({ flag: options.mode, env, config: config?.mode }), config, entry: entry === null ? null : resolvePath(cwd, entry), cwd: process.cwd() };
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
  const mechanism = options.mechanism ?? (hasSyncHooks() ? 'sync' : 'async');
  if (mechanism === 'sync' && hasSyncHooks()) {
    const enforcer = new EdgeEnforcer(settings, { logger });
    registerSyncHooks(enforcer);
    patchCommonJs(enforcer, () => {}, false);
    // What the patches load (node:worker_threads by require()) is ImportSpy's, not an edge.
    enforcer.internally(() => {
      // Where importspy/register is, looked up when the Worker class is first wrapped (inside
      // `internally`: ImportSpy's own lookup is not an edge of the program).
      patchWorkersOnFirstUse(enforcer, registerFile);
      patchProcessCalls(enforcer);
    });
    installed = { mechanism: 'sync', settings };
  } else {
    const channel = new MainEnd();
    const enforcer = new EdgeEnforcer(settings, {
      logger,
      onRules: (importer, contract) => channel.sendRules(importer, contract),
      onEdge: (importer, specifier, via) => channel.sendEdge(importer, specifier, via),
    });
    channel.listen(enforcer);
    nodeModule.register(pathToFileURL(nodeModule.createRequire(import.meta.url).resolve('importspy/internal/hooks-async')), channel.registerOptions(settings));
    patchCommonJs(enforcer, () => channel.drain(), true);
    // What the patches load (node:worker_threads by require()) is ImportSpy's, not an edge.
    enforcer.internally(() => {
      patchWorkers(enforcer, registerFile());
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

