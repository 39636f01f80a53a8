/**
 * The synchronous resolve hook of `module.registerHooks` (Node 22.15+, 23.5+): one hook, in the
 * main thread, for `import`, `import()` and `require()` alike.
 */
import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { nodeOwnResolution, rememberRequire, resolvedThroughHooks } from './commonjs.js';
import type { EdgeEnforcer } from './edges.js';
import { rememberLoadedSource } from './loaded-sources.js';
import { recordResolution } from './registry.js';
import { loadingOwnCode } from '../../util/own-code.js';
import { beforeWorkerThreads } from './workers.js';

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
interface SyncLoadResult {
  format?: string | null | undefined;
  source?: unknown;
  shortCircuit?: boolean;
}
type SyncLoad = (url: string, context: object, nextLoad: (url: string, context?: object) => SyncLoadResult) => SyncLoadResult;
type RegisterHooks = (hooks: { resolve?: SyncResolve; load?: SyncLoad }) => unknown;

/** Whether this Node has `module.registerHooks`. */
export function hasSyncHooks(): boolean {
  return typeof (nodeModule as unknown as { registerHooks?: RegisterHooks }).registerHooks === 'function';
}

/**
 * Registers the resolve hook that hands every edge to `enforcer`, and records resolutions for the
 * guard; and a load hook that changes nothing, keeping the source Node loaded for the module's
 * first edge (loaded-sources.ts).
 */
export function registerSyncHooks(enforcer: EdgeEnforcer): void {
  const registerHooks = (nodeModule as unknown as { registerHooks: RegisterHooks }).registerHooks;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (enforcer.resolvingAhead || loadingOwnCode() || nodeOwnResolution(context.parentURL)) {
        const own = nextResolve(specifier, context);
        beforeWorkerThreads(own.url);
        return own;
      }
      const required = context.conditions?.includes('require') === true;
      // The importer's other imports of the same kind, bound ahead on its first edge, are
      // resolved by the same chain with the same context: Node's own answer.
      const resolveImport = {
        kind: required ? ('require' as const) : ('import' as const),
        resolve: (other: string): string | null => {
          try {
            const found = nextResolve(other, context).url;
            return found.startsWith('file:') ? fileURLToPath(found) : null;
          } catch {
            return null;
          }
        },
      };
      enforcer.beforeResolve(context.parentURL, specifier, required ? 'require' : 'import', resolveImport);
      resolvedThroughHooks(context.parentURL, specifier);
      const result = nextResolve(specifier, context);
      beforeWorkerThreads(result.url);
      if (required) rememberRequire(context.parentURL, specifier, result.url);
      if (context.parentURL !== undefined && result.url.startsWith('file:')) recordResolution(result.url, context.parentURL);
      enforcer.afterResolve({ parentURL: context.parentURL, specifier, url: result.url });
      return result;
    },
    load(url, context, nextLoad) {
      const result = nextLoad(url, context);
      if (result.source != null && url.startsWith('file:') && !enforcer.resolvingAhead && !loadingOwnCode()) rememberLoadedSource(url, result.source, result.format);
      return result;
    },
  });
}
