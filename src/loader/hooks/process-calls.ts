/**
 * The ways of reaching a builtin that are no import edge: `process.getBuiltinModule(id)` and
 * `process.binding(name)` / `process._linkedBinding(name)`. No resolve hook sees them, so under
 * the hooks they are wrapped, and the calling module — the first file on the call stack that is
 * not Node's own or ImportSpy's — is held to its `imports` rules as for an import of that
 * builtin (a binding counts as the builtin it belongs to; one of no known builtin is refused to
 * a module that has rules).
 */
import { dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bindingBuiltin } from '../../validate/imports.js';
import type { EdgeEnforcer } from './edges.js';
import { beforeWorkerThreads } from './workers.js';

const WRAPPED = Symbol.for('importspy.process-calls');

/** ImportSpy's own folder (its bundles sit side by side under dist/). */
const OWN = dirname(dirname(fileURLToPath(import.meta.url))) + sep;

/**
 * The files on the call stack above `skip`, innermost first, ImportSpy's own frames left out:
 * `node:` names for Node's own code, paths for modules.
 */
export function callers(skip: (...args: never[]) => unknown): string[] {
  const original = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 20;
    Error.prepareStackTrace = (_error, sites) => sites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, skip);
    const out: string[] = [];
    for (const site of holder.stack ?? []) {
      const name = site.getFileName();
      if (!name) continue;
      const file = name.startsWith('file:') ? fileURLToPath(name) : name;
      if (!file.startsWith(OWN)) out.push(file);
    }
    return out;
  } finally {
    Error.prepareStackTrace = original;
    Error.stackTraceLimit = limit;
  }
}

/** The file of the code that called the wrapped function, or null (called from Node itself, eval...). */
function callerFile(skip: (...args: never[]) => unknown): string | null {
  return callers(skip).find((file) => !file.startsWith('node:')) ?? null;
}

type Loader = (this: unknown, id: string) => unknown;

/** Wraps the process's builtin loaders once per thread. */
export function patchProcessCalls(enforcer: EdgeEnforcer): void {
  const target = process as unknown as Record<string | symbol, unknown>;
  if (target[WRAPPED]) return;
  Object.defineProperty(target, WRAPPED, { value: true });
  const wrap = (name: 'getBuiltinModule' | 'binding' | '_linkedBinding', asBuiltin: (id: string) => string | null): void => {
    const original = target[name];
    if (typeof original !== 'function') return;
    const loader = original as Loader;
    const wrapped = function (this: unknown, id: string): unknown {
      const caller = callerFile(wrapped);
      if (caller !== null) {
        const builtin = asBuiltin(String(id));
        if (builtin === null) enforcer.refuseUnknownBinding(pathToFileURL(caller).href, String(id));
        else enforcer.beforeResolve(pathToFileURL(caller).href, builtin, 'builtin');
      }
      if (name === 'getBuiltinModule') beforeWorkerThreads(String(id));
      return loader.call(this, id);
    };
    Object.defineProperty(target, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
  };
  wrap('getBuiltinModule', (id) => id);
  wrap('binding', (id) => bindingBuiltin(id) ?? null);
  wrap('_linkedBinding', (id) => bindingBuiltin(id) ?? null);
}
