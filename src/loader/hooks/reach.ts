/**
 * Where a package whose contract has `imports` rules can be reached by a bare specifier: the
 * `node_modules` folders Node looks through from a directory (and its global folders), plus the
 * package.json files of that directory's ancestors. Binding ahead (edges.ts) asks this before it
 * reads an importer or resolves its bare specifiers: when no such package is in sight, nothing a
 * bare specifier names can bind the importer, and the work is skipped.
 *
 * Each `node_modules` folder is listed once and each installed package's package.json read once
 * per process, through the same per-directory cache the protection lookups use; one whose text
 * cannot declare a contract is not parsed.
 */
import { readdirSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { basename, dirname, join } from 'node:path';
import { mayDeclare, packageIn, packageProtection, type Protection } from './protection.js';

/** Whether a package's contract binds its importers (it has usable `imports` rules). */
export type Binds = (protection: Protection) => boolean;

/** The contract the package.json in `dir` declares; null when it declares none or there is none. */
function declared(dir: string): Protection | null {
  if (!mayDeclare(dir)) return null;
  const pkg = packageIn(dir);
  return pkg === null ? null : packageProtection(pkg);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/** Node's global folders for CommonJS (`NODE_PATH`, `~/.node_modules`, ...), searched after node_modules. */
function globalFolders(): readonly string[] {
  const paths = (nodeModule as unknown as { globalPaths?: unknown }).globalPaths;
  return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
}

export class Reach {
  readonly #binds: Binds;
  /** Directory → whether a binding package is in sight from it. */
  readonly #fromDir = new Map<string, boolean>();
  /** Folder of installed packages → whether one of them binds. */
  readonly #folders = new Map<string, boolean>();

  constructor(binds: Binds) {
    this.#binds = binds;
  }

  /** Whether a package whose contract binds its importers may be reached from `dir` by a bare specifier. */
  from(dir: string): boolean {
    const known = this.#fromDir.get(dir);
    if (known !== undefined) return known;
    const parent = dirname(dir);
    let found = this.#here(dir);
    if (!found) found = parent === dir ? globalFolders().some((folder) => this.#folder(folder)) : this.from(parent);
    this.#fromDir.set(dir, found);
    return found;
  }

  /** The package.json of `dir` itself, and the node_modules folder Node looks in from it. */
  #here(dir: string): boolean {
    const own = declared(dir);
    if (own !== null && this.#binds(own)) return true;
    // Node does not look for node_modules/node_modules.
    return basename(dir) !== 'node_modules' && this.#folder(join(dir, 'node_modules'));
  }

  /** Whether a package installed in `folder` (scoped ones included) declares a binding contract. */
  #folder(folder: string): boolean {
    const known = this.#folders.get(folder);
    if (known !== undefined) return known;
    let found = false;
    if (isDirectory(folder)) {
      for (const name of names(folder)) {
        if (name.startsWith('@')) {
          found = names(join(folder, name)).some((inner) => this.#package(join(folder, name, inner)));
        } else {
          found = this.#package(join(folder, name));
        }
        if (found) break;
      }
    }
    this.#folders.set(folder, found);
    return found;
  }

  #package(dir: string): boolean {
    const own = declared(dir);
    return own !== null && this.#binds(own);
  }
}

/** The entries of a folder that can be packages (no dot entries: `.bin`, `.cache`, `.pnpm`). */
function names(folder: string): string[] {
  try {
    return readdirSync(folder).filter((name) => !name.startsWith('.'));
  } catch {
    return [];
  }
}
