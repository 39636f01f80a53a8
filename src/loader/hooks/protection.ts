/**
 * Which contracts protect a module file: the contract its package declares in package.json
 * (`"importspy": { "contract": "./spymodel.yml" }`, protecting the package against importers
 * from outside it) and the project configuration's globs. Lookups are cached per directory and
 * per file, so the hot path of an unprotected import is two map reads.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { contractsProtecting, type ProjectConfig } from '../../contract/project-config.js';
import { walkUpCached } from '../../util/package-json.js';

/** One contract protecting a module. */
export interface Protection {
  /** Absolute path of the contract file. */
  contract: string;
  /** Where the binding was declared: the package.json or the configuration file. */
  declaredIn: string;
  /** For a package's own contract: the package directory, whose files import it freely. */
  scope: string | null;
  /** Set when the declaration itself is unusable: ImportSpy cannot decide, so it fails closed. */
  problem?: string;
}

/** The package a file belongs to: the nearest package.json with a `name` or an `importspy` field. */
export interface PackageInfo {
  dir: string;
  file: string;
  importspy: unknown;
}

/** What the package.json of a directory is, before parsing: none, one that cannot declare a contract, or one that may. */
type Manifest = 'absent' | 'inert' | 'declares';

/** Directory → what its package.json can declare. */
const manifests = new Map<string, Manifest>();
/** Directory → the package whose package.json is there (null: none). */
const packageHere = new Map<string, PackageInfo | null>();
/** Directory → the package its files belong to, as found walking up from it. */
const packageByDir = new Map<string, PackageInfo | null>();
/** Directory → whether a package.json that may declare a contract lies between it and where the walk ends. */
const mayDeclareFrom = new Map<string, boolean>();

/**
 * Reads the package.json of `dir` once. Text without the word `importspy`, and without a
 * backslash with which JSON could spell it, declares no contract whatever else it says: it is
 * not parsed (it is read again if the package it names is asked for).
 */
function manifest(dir: string): Manifest {
  let kind = manifests.get(dir);
  if (kind === undefined) {
    let text: string | undefined;
    try {
      text = readFileSync(join(dir, 'package.json'), 'utf8');
    } catch {
      text = undefined;
    }
    kind = text === undefined ? 'absent' : text.includes('importspy') || text.includes('\\') ? 'declares' : 'inert';
    manifests.set(dir, kind);
  }
  return kind;
}

/** Whether the package.json in `dir` may declare a contract (it has to be parsed to tell). */
function mayDeclare(dir: string): boolean {
  return manifest(dir) === 'declares';
}

/**
 * The package whose package.json is in `dir`: one with a `name` or an `importspy` field (a nested
 * `{ "type": "module" }` file only sets the format; the package is further up).
 */
function packageIn(dir: string): PackageInfo | null {
  let info = packageHere.get(dir);
  if (info === undefined) {
    info = parsePackage(dir);
    packageHere.set(dir, info);
  }
  return info;
}

function parsePackage(dir: string): PackageInfo | null {
  let data: unknown;
  try {
    const text = readFileSync(join(dir, 'package.json'), 'utf8');
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !('name' in data || 'importspy' in data)) return null;
  return { dir, file: join(dir, 'package.json'), importspy: (data as Record<string, unknown>)['importspy'] };
}

/** Where the walk for a file's package ends after `dir`: never above its node_modules folder. */
function walkEndsAt(dir: string, parent: string): boolean {
  return parent === dir || basename(dir) === 'node_modules' || basename(parent) === 'node_modules';
}

/**
 * The contract the package of a file declares, or null. When no package.json the walk could
 * reach may declare one, none is parsed: whichever of them is the package, it declares nothing.
 */
function ownProtection(file: string): Protection | null {
  if (!mayDeclareAbove(dirname(file))) return null;
  const pkg = packageOf(file);
  return pkg ? packageProtection(pkg) : null;
}

function mayDeclareAbove(start: string): boolean {
  return walkUpCached(start, mayDeclareFrom, (dir) => (mayDeclare(dir) ? true : undefined), false, walkEndsAt);
}

/** The package of a file; null outside any package. Never walks out of a `node_modules` folder. */
export function packageOf(file: string): PackageInfo | null {
  return walkUpCached<PackageInfo | null>(dirname(file), packageByDir, (dir) => packageIn(dir) ?? undefined, null, walkEndsAt);
}

/** The contract a package's `importspy` field declares, null without one, or one with a `problem`. */
function packageProtection(pkg: PackageInfo): Protection | null {
  const field = pkg.importspy;
  if (field === undefined) return null;
  const contract = field !== null && typeof field === 'object' ? (field as Record<string, unknown>)['contract'] : undefined;
  if (typeof contract !== 'string' || contract === '') {
    return {
      contract: pkg.file,
      declaredIn: pkg.file,
      scope: pkg.dir,
      problem: `${pkg.file}: "importspy" must be an object with a "contract" path, e.g. { "contract": "./spymodel.yml" }`,
    };
  }
  return { contract: resolve(pkg.dir, contract), declaredIn: pkg.file, scope: pkg.dir };
}

/** Finds and caches the contracts protecting module files. */
export class ProtectionIndex {
  readonly #config: ProjectConfig | null;
  readonly #byFile = new Map<string, readonly Protection[]>();

  constructor(config: ProjectConfig | null) {
    this.#config = config;
  }

  /** The contracts protecting `file` (an absolute path), package first, then configuration order. */
  of(file: string): readonly Protection[] {
    let found = this.#byFile.get(file);
    if (found === undefined) {
      found = this.#lookup(file);
      this.#byFile.set(file, found);
    }
    return found;
  }

  #lookup(file: string): readonly Protection[] {
    const out: Protection[] = [];
    const own = ownProtection(file);
    if (own) out.push(own);
    if (this.#config) {
      for (const contract of contractsProtecting(this.#config, file)) out.push({ contract, declaredIn: this.#config.file, scope: null });
    }
    return out;
  }
}

/** Whether `file` belongs to the package rooted at `scope` (not to a package nested inside it). */
export function insideScope(file: string, scope: string): boolean {
  if (!file.startsWith(scope + sep)) return false;
  return packageOf(file)?.dir === scope;
}
