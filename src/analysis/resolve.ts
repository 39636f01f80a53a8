/**
 * Finding files the way Node and TypeScript do, through oxc-resolver (the resolver of the oxc
 * toolchain, a native addon shipped as prebuilt optional packages): `exports`/`imports` maps with
 * conditions and subpath patterns, `main` fallbacks, symlinked workspaces (followed to their real
 * path), and for TypeScript sources the nearest tsconfig.json's `paths`, `baseUrl`, `rootDirs` and
 * `extends`. Also the nearest package.json (for the module format and the version) and the
 * declarations a package ships for a JavaScript file.
 *
 * The addon is loaded on first use, never at import time: a guard that finds its model in the
 * cache never pays for it (about 10 ms on Node 20).
 */
import { lstatSync, statSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import type { NapiResolveOptions, ResolverFactory } from 'oxc-resolver';
import { readJsonFile } from '../util/files.js';
import { isDeclarationFile } from './source.js';

/** How the importing file reaches the specifier: Node picks `exports` conditions by it. */
export type ImportMode = 'import' | 'require';

/** Sources a compiler or a bundler reads (never Node itself): resolved as TypeScript would. */
const TS_SOURCE = new Set(['.ts', '.tsx', '.mts', '.cts', '.jsx']);
const DECLARATION_FOR: Record<string, string> = { '.js': '.d.ts', '.mjs': '.d.mts', '.cjs': '.d.cts' };

/** What TypeScript looks for when a source imports a `.js` path: the source first, then the file. */
const TS_EXTENSION_ALIAS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts', '.js'],
  '.jsx': ['.tsx', '.d.ts', '.jsx'],
  '.mjs': ['.mts', '.d.mts', '.mjs'],
  '.cjs': ['.cts', '.d.cts', '.cjs'],
};

type Resolvers = {
  /** Node's own view, by import mode: CommonJS probes extensions, ESM wants full paths. */
  node: Record<ImportMode, ResolverFactory>;
  /** A TypeScript source, with its tsconfig, by import mode (what the compiled output would do). */
  typescript: Record<ImportMode, ResolverFactory>;
  /** TypeScript's view of declarations: the `types` condition, `types`/`typings`, `.d.ts` first. */
  declarations: ResolverFactory;
};

let resolvers: Resolvers | undefined;

function load(): Resolvers {
  if (resolvers !== undefined) return resolvers;
  const { ResolverFactory: Factory } = createRequire(import.meta.url)('oxc-resolver') as typeof import('oxc-resolver');
  const common: NapiResolveOptions = { builtinModules: true, symlinks: true };
  const nodeRequire = new Factory({
    ...common,
    conditionNames: ['node', 'require'],
    extensions: ['.js', '.json', '.node'],
    mainFields: ['main'],
  });
  const nodeImport = nodeRequire.cloneWithOptions({
    ...common,
    conditionNames: ['node', 'import'],
    extensions: ['.js', '.json', '.node'],
    mainFields: ['main'],
    fullySpecified: true,
  });
  const typescript: NapiResolveOptions = {
    ...common,
    extensions: ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.json', '.node'],
    extensionAlias: TS_EXTENSION_ALIAS,
    mainFields: ['main'],
    tsconfig: 'auto',
  };
  resolvers = {
    node: { require: nodeRequire, import: nodeImport },
    typescript: {
      require: nodeRequire.cloneWithOptions({ ...typescript, conditionNames: ['node', 'require'] }),
      import: nodeRequire.cloneWithOptions({ ...typescript, conditionNames: ['node', 'import'] }),
    },
    declarations: nodeRequire.cloneWithOptions({
      ...common,
      conditionNames: ['types', 'node', 'import', 'require'],
      // TypeScript's order: a source before its declarations, declarations before JavaScript.
      extensions: ['.ts', '.tsx', '.d.ts', '.mts', '.d.mts', '.cts', '.d.cts', '.js', '.jsx', '.mjs', '.cjs'],
      extensionAlias: TS_EXTENSION_ALIAS,
      mainFields: ['types', 'typings', 'main'],
      tsconfig: 'auto',
    }),
  };
  return resolvers;
}

/**
 * The file a specifier names, seen from `fromFile`, or undefined for a built-in module or one that
 * cannot be found. `declarations`: resolving inside a declaration file (TypeScript's view, `.d.ts`
 * first). A TypeScript source resolves through its tsconfig as TypeScript does: to the
 * declarations a package ships when it ships them, else to what the compiled code would load, else
 * (a workspace package not built yet) to what TypeScript finds through the `types` condition.
 */
export function resolveSpecifier(fromFile: string, specifier: string, declarations = false, mode: ImportMode = 'import'): string | undefined {
  if (specifier.startsWith('node:') || (isBuiltin(specifier) && !specifier.startsWith('.'))) return undefined;
  const all = load();
  if (declarations) return found(all.declarations, fromFile, specifier);
  if (TS_SOURCE.has(path.extname(fromFile))) {
    // A package's declarations are what TypeScript reads for it; elsewhere the two views agree.
    const declared = found(all.declarations, fromFile, specifier);
    if (declared !== undefined && isDeclarationFile(declared)) return declared;
    return found(all.typescript[mode], fromFile, specifier) ?? declared;
  }
  return found(all.node[mode], fromFile, specifier) ?? loopingLink(fromFile, specifier);
}

function found(resolver: ResolverFactory, fromFile: string, specifier: string): string | undefined {
  const result = resolver.resolveFileSync(fromFile, specifier);
  return result.path !== undefined && path.isAbsolute(result.path) ? result.path : undefined;
}

/**
 * A relative specifier that names a symbolic link in a loop: returned as is, so that the linker
 * notes the loop instead of treating the file as simply absent.
 */
function loopingLink(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const candidate = path.resolve(path.dirname(fromFile), specifier);
  try {
    if (!lstatSync(candidate).isSymbolicLink()) return undefined;
    statSync(candidate);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ELOOP' ? candidate : undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A `.d.ts` beside a JavaScript file (same basename), which supplies its annotations. */
export function companionDeclaration(file: string): string | undefined {
  const ext = path.extname(file);
  const declaration = DECLARATION_FOR[ext] ?? (ext === '.jsx' ? '.d.ts' : undefined);
  if (declaration === undefined) return undefined;
  const candidate = file.slice(0, -ext.length) + declaration;
  return isFile(candidate) ? candidate : undefined;
}

/**
 * The declarations TypeScript reads for a JavaScript file: a `.d.ts`/`.d.mts`/`.d.cts` beside it,
 * else, when the file is an entry point of its package (its `main`, or the target of an `exports`
 * subpath), what TypeScript resolves the same entry to (`types`/`typings`, the `types` condition).
 */
export function declarationsFor(file: string): string | undefined {
  const beside = companionDeclaration(file);
  if (beside !== undefined) return beside;
  const manifest = nearestPackage(file);
  if (manifest === undefined) return undefined;
  const data = readJson(manifest.file);
  const name = typeof data?.['name'] === 'string' ? data['name'] : undefined;
  if (data === undefined || name === undefined) return undefined;
  const root = path.dirname(manifest.file);
  const all = load();
  for (const subpath of entrySubpaths(data)) {
    const request = subpath === '.' ? name : `${name}/${subpath.slice(2)}`;
    const runtime = [all.node.import, all.node.require].map((resolver) => found(resolver, manifest.file, request));
    if (!runtime.some((target) => target !== undefined && samePath(target, file))) continue;
    const declared = found(all.declarations, manifest.file, request);
    if (declared !== undefined && isDeclarationFile(declared) && declared.startsWith(root + path.sep)) return declared;
  }
  return undefined;
}

/** The entry subpaths a package.json names: `.` and every `exports` key without a pattern. */
function entrySubpaths(data: Record<string, unknown>): string[] {
  const exports = data['exports'];
  if (typeof exports === 'object' && exports !== null && !Array.isArray(exports)) {
    const keys = Object.keys(exports).filter((key) => key.startsWith('.'));
    if (keys.length > 0) return keys.filter((key) => !key.includes('*') && !key.endsWith('/'));
  }
  return ['.'];
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

export interface PackageManifest {
  file: string;
  type?: string;
  version?: string;
}

const manifests = new Map<string, PackageManifest | null>();

/** The nearest package.json above a file (cached per directory until the cache is cleared). */
export function nearestPackage(file: string): PackageManifest | undefined {
  const visited: string[] = [];
  let result: PackageManifest | null = null;
  for (let directory = path.dirname(file); ; directory = path.dirname(directory)) {
    const cached = manifests.get(directory);
    if (cached !== undefined) {
      result = cached;
      break;
    }
    visited.push(directory);
    const manifestFile = path.join(directory, 'package.json');
    const manifest = readJson(manifestFile);
    if (manifest !== undefined) {
      result = { file: manifestFile };
      if (typeof manifest['type'] === 'string') result.type = manifest['type'];
      if (typeof manifest['version'] === 'string') result.version = manifest['version'];
      break;
    }
    if (path.dirname(directory) === directory) break;
  }
  for (const directory of visited) manifests.set(directory, result);
  return result ?? undefined;
}

export function clearPackageCache(): void {
  manifests.clear();
  if (resolvers === undefined) return;
  // The clones share one cache; clearing it once clears every resolver.
  resolvers.node.require.clearCache();
}

function readJson(file: string): Record<string, unknown> | undefined {
  const json = readJsonFile(file);
  return json.exists ? (json.data ?? undefined) : undefined;
}
