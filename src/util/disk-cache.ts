/**
 * The on-disk cache: validated contracts and module models as JSON, keyed by a hash of ImportSpy's
 * version and the exact bytes they were built from. A new process reads them back instead of
 * loading the YAML library, the schema and the parser, which is most of a guard's start-up cost.
 *
 * Where: `IMPORTSPY_CACHE_DIR`, else `node_modules/.cache/importspy` of the nearest `node_modules`
 * above the file (the convention of other build tools: the project's own, already-trusted folder).
 * `IMPORTSPY_CACHE=0` turns it off; the CLI uses it only with `--cache`. Every failure to read or
 * write is ignored: the cache can only save work, never change a verdict.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { VERSION } from '../version.js';

let enabled = !['0', 'false', 'off', 'no'].includes((process.env['IMPORTSPY_CACHE'] ?? '').toLowerCase());

/** Turns the on-disk cache on or off for this process. */
export function setDiskCache(on: boolean): void {
  enabled = on;
}

/** Whether the on-disk cache is in use in this process. */
export function diskCacheEnabled(): boolean {
  return enabled;
}

const dirs = new Map<string, string | null>();

/** The cache folder for files under `dir`, or null when there is none (or it is off). */
function cacheDirFor(dir: string): string | null {
  if (!enabled) return null;
  const explicit = process.env['IMPORTSPY_CACHE_DIR'];
  if (explicit) return explicit;
  const known = dirs.get(dir);
  if (known !== undefined) return known;
  let found: string | null = null;
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'node_modules'))) {
      found = join(at, 'node_modules', '.cache', 'importspy');
      break;
    }
    if (dirname(at) === at) break;
  }
  dirs.set(dir, found);
  return found;
}

/** A cache key: ImportSpy's version, a kind, the file's path and its bytes' hash. */
export function cacheKey(kind: string, file: string, contentHash: string): string {
  return createHash('sha1').update(`${VERSION}\u0000${kind}\u0000${file}\u0000${contentHash}`).digest('hex');
}

export function readDiskCache<T>(file: string, kind: string, key: string): T | undefined {
  const dir = cacheDirFor(dirname(file));
  if (!dir) return undefined;
  try {
    return JSON.parse(readFileSync(join(dir, kind, `${key}.json`), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function writeDiskCache(file: string, kind: string, key: string, value: unknown): void {
  const dir = cacheDirFor(dirname(file));
  if (!dir) return;
  try {
    const folder = join(dir, kind);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const target = join(folder, `${key}.json`);
    // Write then rename, so a concurrent reader never sees half a file.
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, target);
  } catch {
    // A read-only or full disk only costs the next process some time.
  }
}
