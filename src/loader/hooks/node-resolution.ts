/**
 * Where an importer's literal imports lead, found as Node will find them, for binding it ahead of
 * its first edge (edges.ts): Node's answer rather than an approximation of it, and without loading
 * a resolver of ImportSpy's own for the common cases.
 */
import { realpathSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveSpecifier } from '../../analysis/resolve.js';

interface CommonJsParent {
  filename?: string | null;
  paths?: string[];
}

interface CommonJsModules {
  _resolveFilename(request: string, parent: CommonJsParent, isMain: boolean): string;
  _cache: Record<string, CommonJsParent | undefined>;
  _nodeModulePaths(dir: string): string[];
}

/** `Module._resolveFilename` as it was before ImportSpy wrapped it (Node 20), to resolve without enforcing. */
let unwrapped: CommonJsModules['_resolveFilename'] | undefined;

/** Keeps the resolution function ImportSpy's CommonJS patch replaces (commonjs.ts). */
export function keepUnwrappedResolution(resolve: CommonJsModules['_resolveFilename']): void {
  unwrapped = resolve;
}

/** Folder and specifier → the file a `require()` of it was found to lead to. */
const foundByFolder = new Map<string, string>();

/**
 * Where a `require()` of `specifier` by `importer` leads, found by Node's own CommonJS resolution
 * (`Module._resolveFilename`, which runs no hook), from the importer's own module record when it
 * is loaded: Node's answer, not an approximation of it, and its path cache then answers the
 * importer's real `require()`. Where that finds nothing, `throughChain` (the hook chain, from a
 * `require()` edge of the importer) is asked: a loader registered before ImportSpy, such as an
 * alias, takes part. Undefined for a builtin or what does not resolve. Where ImportSpy wraps
 * `_resolveFilename` (Node 20), the function it wrapped is called.
 */
export function resolveAsNodeRequires(importer: string, specifier: string, throughChain?: (specifier: string) => string | null): string | undefined {
  // Node's answer depends on the requirer's folder, not on which of its files asks: a file found
  // is remembered per folder, as Node's own caches do. What was not found is looked for again
  // (a package installed meanwhile is found).
  const key = `${dirname(importer)}\u0000${specifier}`;
  const known = foundByFolder.get(key);
  if (known !== undefined) return known;
  const Module = nodeModule.Module as unknown as CommonJsModules;
  const parent: CommonJsParent = Module._cache[importer] ?? { filename: importer, paths: Module._nodeModulePaths(dirname(importer)) };
  let found: string | undefined;
  try {
    found = unwrapped === undefined ? Module._resolveFilename(specifier, parent, false) : unwrapped.call(Module, specifier, parent, false);
  } catch {
    found = throughChain?.(specifier) ?? undefined;
  }
  if (found === undefined || !isAbsolute(found)) return undefined;
  foundByFolder.set(key, found);
  return found;
}

/**
 * Where an ES `import` (static or `import()`) of `specifier` by `importer` leads. A relative or
 * absolute specifier is resolved as Node's ES loader does — a URL against the importer's, no
 * extension or index added, a regular file or nothing, then its real path — and a bare one by
 * `bare` when given (Node's own chain, from an ES edge of the importer), else by ImportSpy's
 * resolver in `import` mode (package exports and conditions).
 */
export function resolveAsNodeImports(importer: string, specifier: string, bare?: (specifier: string) => string | null): string | undefined {
  if (!(specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:'))) {
    return bare === undefined ? resolveSpecifier(importer, specifier) : (bare(specifier) ?? undefined);
  }
  let file: string;
  try {
    const url = new URL(specifier, pathToFileURL(importer));
    if (url.protocol !== 'file:') return undefined;
    file = fileURLToPath(url);
  } catch {
    return undefined;
  }
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true ? realpathSync(file) : undefined;
  } catch {
    return undefined;
  }
}
