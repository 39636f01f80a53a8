/**
 * The project configuration as the loader hooks read it at start-up: validated once, then read
 * back from the authenticated on-disk cache (util/disk-cache.ts) by every later process, so that
 * a process whose imports never reach a protected module loads neither the YAML library nor the
 * schema (zod) — about 150–200 ms on a 2-core machine.
 *
 * An entry is found by the configuration's path and keyed by ImportSpy's build, the file's bytes
 * and the real folder the configuration's globs are anchored at (a symlinked release directory
 * switched to another release gives another key). The cache is ImportSpy's own: an entry must
 * carry the cache key's HMAC, which nothing judged can produce. A changed or invalid
 * configuration is validated again (only a valid one is ever stored), and a configuration whose
 * contract files have since disappeared is read again in full, so that the error names the entry.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadProjectConfig, type ProjectConfig } from './project-config.js';
import { readSourceBytes } from './read.js';
import { cacheKey, readDiskCache, writeDiskCache } from '../util/disk-cache.js';
import { sha256Hex } from '../util/hash.js';

const KIND = 'config';

const isFile = (file: string): boolean => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((s) => typeof s === 'string');

/** A stored configuration, if it has the shape `loadProjectConfig` returns for this file. */
function storedConfig(value: unknown, file: string): ProjectConfig | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<Record<keyof ProjectConfig, unknown>>;
  if (v.file !== file || !Array.isArray(v.contracts) || !strings(v.ignore)) return undefined;
  if (v.mode !== undefined && v.mode !== 'enforce' && v.mode !== 'warn') return undefined;
  for (const entry of v.contracts as unknown[]) {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const e = entry as Record<string, unknown>;
    if (typeof e['contract'] !== 'string' || !strings(e['modules'])) return undefined;
  }
  return value as ProjectConfig;
}

function realFolder(file: string): string {
  try {
    return realpathSync.native(dirname(file));
  } catch {
    return dirname(file);
  }
}

/** The cache key of a configuration's bytes, read from where its globs are anchored. */
function keyOf(file: string, bytes: Buffer): string {
  return cacheKey(KIND, file, sha256Hex(realFolder(file), '\u0000', bytes));
}

/**
 * `loadProjectConfig(file)`, answered from the on-disk cache when this build of ImportSpy has
 * already validated the same bytes at the same real place.
 * @throws {ContractError} as `loadProjectConfig` does.
 */
export function loadProjectConfigCached(file: string): ProjectConfig {
  let bytes: Buffer;
  try {
    bytes = readSourceBytes(file);
  } catch {
    // Unreadable: the full reader gives the error.
    return loadProjectConfig(file);
  }
  const key = keyOf(file, bytes);
  const stored = storedConfig(readDiskCache<unknown>(file, KIND, key), file);
  if (stored !== undefined && stored.contracts.every((c) => isFile(c.contract))) return stored;
  const config = loadProjectConfig(file);
  // Stored under the bytes it was validated from only: a file changed in between is not cached.
  let now: Buffer | undefined;
  try {
    now = readSourceBytes(file);
  } catch {
    now = undefined;
  }
  if (now !== undefined && now.equals(bytes)) writeDiskCache(file, KIND, key, config);
  return config;
}
