/**
 * Which contracts protect a module file: the contract its package declares in package.json
 * (`"importspy": { "contract": "./spymodel.yml" }`, protecting the package against importers
 * from outside it) and the project configuration's globs. Lookups are cached per directory and
 * per file, so the hot path of an unprotected import is two map reads.
 */
import { basename, dirname, resolve, sep } from 'node:path';
import { PackageJsonWalk } from '../../util/package-json.js';
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

const packages = new PackageJsonWalk({
  // A nested `{ "type": "module" }` file only sets the format; the package is further up.
  accept: ({ data }) => data !== null && ('name' in data || 'importspy' in data),
  stopAt: (dir, parent) => basename(dir) === 'node_modules' || basename(parent) === 'node_modules',
});
const infos = new WeakMap<object, PackageInfo>();

/** The package of a file; null outside any package. Never walks out of a `node_modules` folder. */
export function packageOf(file: string): PackageInfo | null {
  const json = packages.from(dirname(file));
  if (json === null) return null;
  let info = infos.get(json);
  if (info === undefined) {
    info = { dir: json.dir, file: json.file, importspy: json.data?.['importspy'] };
    infos.set(json, info);
  }
  return info;
}

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
