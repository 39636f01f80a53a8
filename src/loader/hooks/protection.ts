/**
 * Which contracts protect a module file: the contract its package declares in package.json
 * (`"importspy": { "contract": "./spymodel.yml" }`, protecting the package against importers
 * from outside it) and the project configuration's globs. Lookups are cached per directory and
 * per file, so the hot path of an unprotected import is two map reads.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { contractsProtecting, type ProjectConfig } from '../../contract/project-config.js';

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

/** Directory → the package whose package.json is there (null: none). */
const packageHere = new Map<string, PackageInfo | null>();
/** Directory → the package its files belong to, as found walking up from it. */
const packageByDir = new Map<string, PackageInfo | null>();

/**
 * The package whose package.json is in `dir`: one with a `name` or an `importspy` field (a nested
 * `{ "type": "module" }` file only sets the format; the package is further up). Text with neither
 * key spelt out, and no backslash with which JSON could spell one, is not parsed.
 */
export function packageIn(dir: string): PackageInfo | null {
  let info = packageHere.get(dir);
  if (info === undefined) {
    info = readPackage(dir);
    packageHere.set(dir, info);
  }
  return info;
}

function readPackage(dir: string): PackageInfo | null {
  const file = join(dir, 'package.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  if (!text.includes('\\') && !text.includes('"name"') && !text.includes('"importspy"')) return null;
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !('name' in data || 'importspy' in data)) return null;
  return { dir, file, importspy: (data as Record<string, unknown>)['importspy'] };
}

/** The package of a file; null outside any package. Never walks out of a `node_modules` folder. */
export function packageOf(file: string): PackageInfo | null {
  const passed: string[] = [];
  let found: PackageInfo | null = null;
  for (let dir = dirname(file); ; ) {
    const known = packageByDir.get(dir);
    if (known !== undefined) {
      found = known;
      break;
    }
    passed.push(dir);
    found = packageIn(dir);
    if (found !== null) break;
    const parent = dirname(dir);
    if (parent === dir || basename(dir) === 'node_modules' || basename(parent) === 'node_modules') break;
    dir = parent;
  }
  // Every directory passed answers with what was found from it up.
  for (const dir of passed) packageByDir.set(dir, found);
  return found;
}

/** The contract a package's `importspy` field declares, null without one, or one with a `problem`. */
export function packageProtection(pkg: PackageInfo): Protection | null {
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
    const pkg = packageOf(file);
    const own = pkg ? packageProtection(pkg) : null;
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
