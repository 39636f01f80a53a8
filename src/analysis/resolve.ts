/**
 * Finding files the way Node does, for the cases static analysis needs: relative specifiers
 * (with TypeScript's `./x.js` → `./x.ts` mapping and index files), bare package specifiers, and the
 * nearest package.json (for the module format and the version).
 */
import { statSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { readJsonFile } from '../util/files.js';

/**
 * Told of every file a lookup consults besides the modules themselves — package.json files, and
 * candidate paths that did not exist — with its bytes' hash ('' when absent): the caller records
 * them as dependencies of what it builds, so that a changed `version`, `type`, `main` or
 * `exports`, a package.json that appears nearer, or a file that would now be resolved instead,
 * invalidates a cached model.
 */
export type Recorder = (file: string, hash: string) => void;

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];
const DECLARATION_EXTENSIONS = ['.d.ts', '.d.mts', '.d.cts'];

/** What TypeScript looks for when a source imports a `.js` path. */
const TS_SOURCE_FOR: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

const DECLARATION_FOR: Record<string, string> = { '.js': '.d.ts', '.mjs': '.d.mts', '.cjs': '.d.cts' };

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch (error) {
    // A symlink loop is reported to the caller (as a note) rather than skipped silently; a
    // missing file or a dangling symlink is simply not a candidate.
    return (error as NodeJS.ErrnoException).code === 'ELOOP';
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The file a specifier names, seen from `fromFile`, or undefined for a built-in module or one that
 * cannot be found. `declarations` prefers `.d.ts` files (resolving inside a declaration file).
 */
export function resolveSpecifier(fromFile: string, specifier: string, declarations = false, record?: Recorder): string | undefined {
  if (isBuiltin(specifier)) return undefined;
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    return resolvePath(path.resolve(path.dirname(fromFile), specifier), declarations, record);
  }
  return resolvePackage(fromFile, specifier, record);
}

/**
 * Paths found before, re-checked with one stat instead of trying every candidate again (a file
 * that later appears with a higher-priority extension is not noticed until the cache is cleared).
 */
const foundPaths = new Map<string, { file: string; inputs: Array<[string, string]> }>();

function resolvePath(base: string, declarations: boolean, record?: Recorder): string | undefined {
  const key = `${declarations ? 'd' : 's'}\u0000${base}`;
  const known = foundPaths.get(key);
  if (known !== undefined && isFile(known.file)) {
    for (const [file, hash] of known.inputs) record?.(file, hash);
    return known.file;
  }
  const inputs: Array<[string, string]> = [];
  const found = searchPath(base, declarations, (file, hash) => {
    inputs.push([file, hash]);
    record?.(file, hash);
  });
  if (found !== undefined) foundPaths.set(key, { file: found, inputs });
  return found;
}

function searchPath(base: string, declarations: boolean, record: Recorder): string | undefined {
  const ext = path.extname(base);
  const candidates: string[] = [];
  if (declarations) {
    const declaration = DECLARATION_FOR[ext];
    if (declaration !== undefined) candidates.push(base.slice(0, -ext.length) + declaration);
    candidates.push(...DECLARATION_EXTENSIONS.map((extension) => base + extension));
  }
  candidates.push(base);
  for (const extension of TS_SOURCE_FOR[ext] ?? []) candidates.push(base.slice(0, -ext.length) + extension);
  candidates.push(...SOURCE_EXTENSIONS.map((extension) => base + extension));
  const at = candidates.findIndex(isFile);
  // The candidates tried before the one found are inputs too: one that appears would win.
  for (const missing of at < 0 ? candidates : candidates.slice(0, at)) record(missing, '');
  if (at >= 0) return candidates[at];
  if (!isDirectory(base)) return undefined;
  const main = packageMain(base, record);
  if (main !== undefined) {
    const resolved = resolvePath(path.resolve(base, main), declarations, record);
    if (resolved !== undefined) return resolved;
  }
  return resolvePath(path.join(base, 'index'), declarations, record);
}

function packageMain(directory: string, record: Recorder): string | undefined {
  const manifest = readJson(path.join(directory, 'package.json'), record);
  return typeof manifest?.['main'] === 'string' ? manifest['main'] : undefined;
}

/**
 * A bare specifier through Node's own CommonJS resolver; when the package exports only an
 * `import` condition (which `require.resolve` refuses), through its package.json by hand.
 */
function resolvePackage(fromFile: string, specifier: string, record?: Recorder): string | undefined {
  let resolved: string | undefined;
  try {
    const found = createRequire(fromFile).resolve(specifier);
    resolved = path.isAbsolute(found) ? found : undefined;
  } catch {
    return resolvePackageByHand(fromFile, specifier, record);
  }
  // Node looked for the package in every node_modules from the importer up to where it was found:
  // those package.json files (absent ones too: a package installed nearer wins) are inputs.
  if (record !== undefined && resolved !== undefined) {
    const name = packageName(specifier);
    for (let directory = path.dirname(fromFile); ; directory = path.dirname(directory)) {
      const root = path.join(directory, 'node_modules', name);
      readJson(path.join(root, 'package.json'), record);
      if (resolved.startsWith(root + path.sep) || path.dirname(directory) === directory) break;
    }
  }
  return resolved;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

function resolvePackageByHand(fromFile: string, specifier: string, record?: Recorder): string | undefined {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = parts.length > nameLength ? `./${parts.slice(nameLength).join('/')}` : '.';
  for (let directory = path.dirname(fromFile); ; directory = path.dirname(directory)) {
    const root = path.join(directory, 'node_modules', name);
    const manifest = readJson(path.join(root, 'package.json'), record);
    if (manifest !== undefined) {
      const target = exportTarget(manifest['exports'], subpath);
      if (target !== undefined) return resolvePath(path.resolve(root, target), false, record);
      return subpath === '.' ? resolvePath(root, false, record) : resolvePath(path.resolve(root, subpath), false, record);
    }
    if (path.dirname(directory) === directory) return undefined;
  }
}

const CONDITIONS = ['import', 'node', 'module', 'default', 'require'];

function exportTarget(exports: unknown, subpath: string): string | undefined {
  if (typeof exports === 'string') return subpath === '.' ? exports : undefined;
  if (typeof exports !== 'object' || exports === null || Array.isArray(exports)) return undefined;
  const map = exports as Record<string, unknown>;
  const keys = Object.keys(map);
  if (keys.some((key) => key.startsWith('.'))) return conditionalTarget(map[subpath]);
  return subpath === '.' ? conditionalTarget(map) : undefined;
}

function conditionalTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const condition of CONDITIONS) {
    const target = conditionalTarget((value as Record<string, unknown>)[condition]);
    if (target !== undefined) return target;
  }
  return undefined;
}

/** A `.d.ts` beside a JavaScript file (same basename), which supplies its annotations. */
export function companionDeclaration(file: string, record?: Recorder): string | undefined {
  const ext = path.extname(file);
  const declaration = DECLARATION_FOR[ext] ?? (ext === '.jsx' ? '.d.ts' : undefined);
  if (declaration === undefined) return undefined;
  const candidate = file.slice(0, -ext.length) + declaration;
  if (isFile(candidate)) return candidate;
  record?.(candidate, '');
  return undefined;
}

export interface PackageManifest {
  file: string;
  type?: string;
  version?: string;
}

interface PackageLookup {
  found: PackageManifest | null;
  /** Every package.json looked for, nearest first, with its hash ('' when absent). */
  consulted: Array<[string, string]>;
}

const manifests = new Map<string, PackageLookup>();

function lookupPackage(directory: string): PackageLookup {
  const cached = manifests.get(directory);
  if (cached !== undefined) return cached;
  const manifestFile = path.join(directory, 'package.json');
  const json = readJsonFile(manifestFile);
  const own: [string, string] = [manifestFile, json.exists ? json.hash : ''];
  let lookup: PackageLookup;
  if (json.exists && json.data !== null) {
    const found: PackageManifest = { file: manifestFile };
    if (typeof json.data['type'] === 'string') found.type = json.data['type'];
    if (typeof json.data['version'] === 'string') found.version = json.data['version'];
    lookup = { found, consulted: [own] };
  } else {
    const parent = path.dirname(directory);
    const above = parent === directory ? { found: null, consulted: [] } : lookupPackage(parent);
    lookup = { found: above.found, consulted: [own, ...above.consulted] };
  }
  manifests.set(directory, lookup);
  return lookup;
}

/**
 * The nearest package.json above a file (cached per directory until the cache is cleared).
 * `record` is told of every package.json consulted, the absent ones nearer than it included.
 */
export function nearestPackage(file: string, record?: Recorder): PackageManifest | undefined {
  const lookup = lookupPackage(path.dirname(file));
  if (record !== undefined) for (const [manifest, hash] of lookup.consulted) record(manifest, hash);
  return lookup.found ?? undefined;
}

export function clearPackageCache(): void {
  manifests.clear();
  foundPaths.clear();
}

function readJson(file: string, record?: Recorder): Record<string, unknown> | undefined {
  const json = readJsonFile(file);
  record?.(file, json.exists ? json.hash : '');
  return json.exists ? (json.data ?? undefined) : undefined;
}
