/**
 * The one walk up the directory tree in search of a package.json. What is looked for varies —
 * the nearest package.json of a file (its module format and version), the package a file belongs
 * to (one with a `name` or an `importspy` field, never above its node_modules folder), an
 * installed package by name (`node_modules/<name>/package.json`) — the walk is this one.
 */
import { dirname, join } from 'node:path';
import { readJsonFile } from './files.js';

/** A package.json the walk found. */
export interface PackageJson {
  /** The directory the walk was in when it found it. */
  dir: string;
  /** The package.json file. */
  file: string;
  /** Its content, when that is a JSON object. */
  data: Record<string, unknown> | null;
  /** SHA-1 of its bytes. */
  hash: string;
}

/** Told of each package.json the walk looked at, nearest first, with its hash ('' when absent). */
export type PackageJsonRecorder = (file: string, hash: string) => void;

export interface PackageJsonWalkOptions {
  /** The file to look at in a directory (default `<dir>/package.json`). */
  fileIn?: (dir: string) => string;
  /** Whether a package.json that exists ends the walk (default: one whose content is a JSON object). */
  accept?: (found: PackageJson) => boolean;
  /** Whether the walk ends at `dir`, without going on to `parent` (it always ends at the root). */
  stopAt?: (dir: string, parent: string) => boolean;
}

/** The answer for one directory: what was found from there up, and every file looked at on the way. */
export interface PackageJsonLookup {
  found: PackageJson | null;
  consulted: ReadonlyArray<readonly [string, string]>;
}

const packageJsonIn = (dir: string): string => join(dir, 'package.json');
const isObject = (found: PackageJson): boolean => found.data !== null;

/**
 * Walks from `dir` up to the root and returns the first package.json `accept`s, or null.
 * `cache` (owned by the caller, one per kind of walk) keeps the answer of every directory passed.
 */
export function findPackageJson(dir: string, options: PackageJsonWalkOptions = {}, record?: PackageJsonRecorder, cache?: Map<string, PackageJsonLookup>): PackageJson | null {
  const lookup = walk(dir, options, cache);
  if (record !== undefined) for (const [file, hash] of lookup.consulted) record(file, hash);
  return lookup.found;
}

function walk(start: string, options: PackageJsonWalkOptions, cache: Map<string, PackageJsonLookup> | undefined): PackageJsonLookup {
  const fileIn = options.fileIn ?? packageJsonIn;
  const accept = options.accept ?? isObject;
  const passed: Array<{ dir: string; own: readonly [string, string] }> = [];
  let end: PackageJsonLookup = { found: null, consulted: [] };
  for (let dir = start; ; ) {
    const cached = cache?.get(dir);
    if (cached !== undefined) {
      end = cached;
      break;
    }
    const file = fileIn(dir);
    const json = readJsonFile(file);
    passed.push({ dir, own: [file, json.exists ? json.hash : ''] });
    if (json.exists) {
      const found: PackageJson = { dir, file, data: json.data, hash: json.hash };
      if (accept(found)) {
        end = { found, consulted: [] };
        break;
      }
    }
    const parent = dirname(dir);
    if (parent === dir || options.stopAt?.(dir, parent) === true) break;
    dir = parent;
  }
  // Each directory passed answers with what was found above it, and the files from it up.
  let consulted = end.consulted;
  for (let i = passed.length - 1; i >= 0; i--) {
    const step = passed[i];
    if (step === undefined) continue;
    consulted = [step.own, ...consulted];
    const lookup = { found: end.found, consulted };
    cache?.set(step.dir, lookup);
    if (i === 0) return lookup;
  }
  return end;
}

/** A kind of walk with its own cache, for lookups made on every module or import edge. */
export class PackageJsonWalk {
  readonly #options: PackageJsonWalkOptions;
  readonly #cache = new Map<string, PackageJsonLookup>();

  constructor(options: PackageJsonWalkOptions = {}) {
    this.#options = options;
  }

  /** The first package.json accepted from `dir` up, or null; `record` is told of every one looked at. */
  from(dir: string, record?: PackageJsonRecorder): PackageJson | null {
    return findPackageJson(dir, this.#options, record, this.#cache);
  }

  /** Forgets every answer (files may have changed). */
  clear(): void {
    this.#cache.clear();
  }
}

/**
 * Walks from `start` up to the root (or until `endsAt(dir, parent)`), asking each directory
 * `here(dir)`; the first answer that is not undefined, else `none`, becomes the answer of every
 * directory passed, kept in `cache`. For walks that read package.json files their own cheap way
 * (no hash): the loader hooks ask this for every module file.
 */
export function walkUpCached<T>(
  start: string,
  cache: Map<string, T>,
  here: (dir: string) => T | undefined,
  none: T,
  endsAt: (dir: string, parent: string) => boolean = (dir, parent) => parent === dir,
): T {
  const passed: string[] = [];
  let found = none;
  for (let dir = start; ; ) {
    const known = cache.get(dir);
    if (known !== undefined) {
      found = known;
      break;
    }
    passed.push(dir);
    const answer = here(dir);
    if (answer !== undefined) {
      found = answer;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir || endsAt(dir, parent)) break;
    dir = parent;
  }
  for (const dir of passed) cache.set(dir, found);
  return found;
}
