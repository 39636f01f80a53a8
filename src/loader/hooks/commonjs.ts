/**
 * `require()` under the hooks, in the main thread. With `module.registerHooks` the resolve hook
 * sees `require()` already; `Module._load` is wrapped anyway, for what Node answers from its
 * caches without resolving. On Node 20 CommonJS resolution itself is wrapped as well, and an ES
 * module that `require()` loads has its static import graph enforced from the source.
 */
import * as nodeModule from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspectImports } from '../../analysis/inspect.js';
import { resolveSpecifier } from '../../analysis/resolve.js';
import { loadingOwnCode } from '../../util/own-code.js';
import { rememberLoadedSource } from './loaded-sources.js';
import { keepUnwrappedResolution } from './node-resolution.js';
import { formatByExtension } from '../../util/extensions.js';
import { walkUpCached } from '../../util/package-json.js';
import { fileOf, type EdgeEnforcer } from './edges.js';
import { callers } from './process-calls.js';

interface CommonJsParent {
  filename?: string | null;
}
type ResolveFilename = (this: unknown, request: string, parent: CommonJsParent | null | undefined, isMain: boolean, options?: unknown) => string;
type Load = (this: unknown, request: string, parent: CommonJsParent | null | undefined, isMain: boolean) => unknown;
type Compile = (this: unknown, content: unknown, filename: unknown, ...rest: unknown[]) => unknown;

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
export function nodeOwnResolution(parentURL: string | undefined): boolean {
  if (parentURL !== undefined || !nodeOwnLoad) return false;
  nodeOwnLoad = false;
  return true;
}

/** Module file → its `file:` URL, converted once (every `require()` names its parent's). */
const urls = new Map<string, string>();

function urlOf(file: string): string {
  let url = urls.get(file);
  if (url === undefined) {
    url = pathToFileURL(file).href;
    urls.set(file, url);
  }
  return url;
}

/**
 * The `require()` resolutions the resolve hook saw, keyed as Node keys the cache with which it
 * answers a `require()` again without resolving (the requirer's folder and the specifier): such
 * a `require()` is enforced with the URL Node resolved then, not resolved a second time.
 */
const requireAnswers = new Map<string, string>();
const answerKey = (requirer: string, specifier: string): string => `${dirname(requirer)}\u0000${specifier}`;

/** Records what a `require()` of `specifier` from `parentURL` resolved to, through the hooks. */
export function rememberRequire(parentURL: string | undefined, specifier: string, url: string): void {
  const file = fileOf(parentURL);
  if (file !== null) requireAnswers.set(answerKey(file, specifier), url);
}

/** Marks the innermost `require()` of `specifier` by `parentURL` as seen by the hooks. */
export function resolvedThroughHooks(parentURL: string | undefined, specifier: string): void {
  const top = requires[requires.length - 1];
  if (top !== undefined && top.parentURL === parentURL && top.specifier === specifier) top.resolved = true;
}

/** Directory → whether the package.json that sets the format of its files says `"type": "module"`. */
const moduleScopes = new Map<string, boolean>();

/**
 * What the package.json in `dir` says of the format: `module`, `other`, or undefined when there is
 * none (the walk goes on). Text that does not spell a `"type"` key (nor has a backslash, with which
 * JSON could spell one) is not parsed: it cannot make the files ES modules, and Node refuses to
 * load a file under a package.json that does not parse, so walking past a broken one decides nothing.
 */
function formatIn(dir: string): 'module' | 'other' | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  if (!text.includes('"type"') && !text.includes('\\')) return 'other';
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  return (data as Record<string, unknown>)['type'] === 'module' ? 'module' : 'other';
}

/** Whether the nearest package.json above a file makes it an ES module. */
function inModuleScope(file: string): boolean {
  return walkUpCached(dirname(file), moduleScopes, (dir) => {
    const format = formatIn(dir);
    return format === undefined ? undefined : format === 'module';
  }, false);
}

/** Whether Node loads a file as an ES module (by its extension, or its package's `type`). */
function isEsmFile(file: string): boolean {
  const format = formatByExtension(file);
  if (format === 'package') return inModuleScope(file);
  return format === 'esm';
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
      // Its own imports, from the authenticated on-disk cache when its bytes were read before.
      imports = enforcer.internally(() => inspectImports(file).imports);
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

/**
 * Enforces `require()` edges in the main thread. With `patchResolution` (Node 20) CommonJS
 * resolution itself is wrapped. Either way `Module._load` is wrapped too: Node answers a
 * `require()` from its own caches without resolving — the same specifier already required from
 * the same folder, a `node:` builtin — and so without calling any resolve hook; such an edge is
 * enforced after the fact, before the requirer gets the exports (nothing of the cached module
 * runs again).
 */
export function patchCommonJs(enforcer: EdgeEnforcer, drain: () => void, patchResolution: boolean): void {
  const Module = nodeModule.Module as unknown as { _resolveFilename: ResolveFilename; _load: Load };
  const original = Module._resolveFilename;
  const enforce = (self: unknown, request: string, parent: CommonJsParent | null | undefined, isMain: boolean, options?: unknown): string => {
    const parentURL = parent?.filename ? urlOf(parent.filename) : undefined;
    drain();
    if (enforcer.resolvingAhead || loadingOwnCode()) return original.call(self, request, parent, isMain, options);
    if (!parent?.filename && nodeOwnResolution(undefined)) return original.call(self, request, parent, isMain, options);
    enforcer.beforeResolve(parentURL, request, 'require');
    const filename = original.call(self, request, parent, isMain, options);
    const url = isAbsolute(filename) ? pathToFileURL(filename).href : filename.startsWith('node:') ? filename : `node:${filename}`;
    enforcer.afterResolve({ parentURL, specifier: request, url }, isMain);
    if (patchResolution && isAbsolute(filename) && enforcer.internally(() => isEsmFile(filename))) enforceRequiredEsm(enforcer, filename);
    return filename;
  };
  // A `require()` Node answered from its cache of an earlier resolution the hooks saw.
  const enforceAnswered = (parentURL: string, request: string, url: string, isMain: boolean): void => {
    drain();
    if (enforcer.resolvingAhead || loadingOwnCode()) return;
    enforcer.beforeResolve(parentURL, request, 'require');
    enforcer.afterResolve({ parentURL, specifier: request, url }, isMain);
  };
  if (patchResolution) {
    keepUnwrappedResolution(original as Parameters<typeof keepUnwrappedResolution>[0]);
    // No synchronous load hook here to keep the source Node compiles (loaded-sources.ts): the
    // CommonJS loader hands it to Module.prototype._compile, which passes it on unchanged.
    const prototype = (nodeModule.Module as unknown as { prototype: { _compile: Compile } }).prototype;
    const compile = prototype._compile;
    prototype._compile = function importspyCompile(content, filename, ...rest) {
      if (typeof filename === 'string' && isAbsolute(filename) && !loadingOwnCode()) rememberLoadedSource(urlOf(filename), content);
      return compile.call(this, content, filename, ...rest);
    };
    Module._resolveFilename = function importspyResolveFilename(request, parent, isMain, options) {
      resolvedThroughHooks(parent?.filename ? urlOf(parent.filename) : undefined, request);
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
    const frame: RequireFrame = { parentURL: urlOf(parent.filename), specifier: request, resolved: false };
    requires.push(frame);
    let exports: unknown;
    try {
      exports = load.call(this, request, parent, isMain);
    } finally {
      requires.pop();
    }
    if (!frame.resolved) {
      const known = patchResolution ? undefined : requireAnswers.get(answerKey(parent.filename, request));
      if (known === undefined) enforce(Module, request, parent, isMain);
      else enforceAnswered(frame.parentURL, request, known, isMain);
    }
    return exports;
  };
}
