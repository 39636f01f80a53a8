/**
 * In-memory caches keyed by absolute path and checked by content hash: an unchanged file is never
 * parsed twice, and a model is reused only while every file it was built from is unchanged. This
 * file holds the caches and what reads a model back; cache.ts, what fills the summaries (it needs
 * the parser's side of analysis, which a process whose models come from the caches never loads).
 */
import type { FileSummary } from './bindings.js';
import { fileStamp, forgetRealPaths } from '../util/files.js';
import { readRawFile, type RawFile } from './source.js';
import { clearPackageCache } from './resolve.js';
import type { ImportsSummary } from './summary.js';
import type { ModuleModel } from './model.js';

/** Parsed and summarised files (cache.ts#loadSummary). */
export const summaries = new Map<string, FileSummary>();

/**
 * Size, mtime and inode of each file when its hash was taken. While they are unchanged the file
 * is not read and hashed again: a base class shared by a thousand plugins is read once, not a
 * thousand times. The stamp is taken before the read, so a file changed during the read is
 * read again next time.
 */
export const stamps = new Map<string, { stamp: string; hash: string }>();

export const stampOf = fileStamp;

/** The file's content hash, from its stamp when the file is unchanged. */
function currentHash(file: string): string {
  const known = stamps.get(file);
  if (known !== undefined && stampOf(file) === known.stamp) return known.hash;
  const raw = readRawFile(file);
  stamps.set(file, { stamp: raw.stamp, hash: raw.hash });
  return raw.hash;
}

/**
 * The bytes `contentHash` just read, with the file's stamp taken before that read: the parse that
 * follows at once takes them instead of reading the file again, when its stamp is unchanged.
 */
let lastRead: RawFile | undefined;

/** The hash of a file's bytes, read now (for an on-disk cache key); the parse that follows reuses the bytes. */
export function contentHash(file: string): string {
  lastRead = readRawFile(file);
  return lastRead.hash;
}

/** Whether `contentHash` has just read this file (its bytes are waiting for `readAgain`). */
export function justRead(file: string): boolean {
  return lastRead?.file === file;
}

/** The file's bytes: those `contentHash` just read when its stamp is unchanged since, else read now. */
export function readAgain(file: string, stamp: string | undefined): RawFile {
  const last = lastRead;
  lastRead = undefined;
  return last !== undefined && stamp !== undefined && last.file === file && last.stamp === stamp ? last : readRawFile(file);
}

/** Light summaries: a file's identity, format facts and own imports, without its tree. */
export const importSummaries = new Map<string, ImportsSummary>();

interface CachedModel {
  model: ModuleModel;
  /** Every file read to build the model, with the hash it had then. */
  dependencies: Map<string, string>;
}

const models = new Map<string, CachedModel>();

function unchanged(dependencies: Map<string, string>): boolean {
  for (const [file, hash] of dependencies) {
    let now: string;
    try {
      now = currentHash(file);
    } catch {
      // A file that could not be read then (recorded with an empty hash) must still be unreadable.
      if (hash !== '') return false;
      continue;
    }
    if (now !== hash) return false;
  }
  return true;
}

export function cachedModel(key: string): ModuleModel | undefined {
  const entry = models.get(key);
  if (entry === undefined) return undefined;
  if (unchanged(entry.dependencies)) return entry.model;
  models.delete(key);
  return undefined;
}

export function storeModel(key: string, model: ModuleModel, dependencies: Map<string, string>): void {
  models.set(key, { model, dependencies });
}

/** Forget every cached parse, model and package.json lookup. */
export function clearAnalysisCache(): void {
  lastRead = undefined;
  summaries.clear();
  importSummaries.clear();
  models.clear();
  stamps.clear();
  forgetRealPaths();
  clearPackageCache();
}

/** Adopts a model read from the on-disk cache, when every file it was built from is unchanged. */
export function adoptModel(key: string, model: ModuleModel, dependencies: ReadonlyArray<[string, string]>): boolean {
  const deps = new Map(dependencies);
  if (!unchanged(deps)) return false;
  models.set(key, { model, dependencies: deps });
  return true;
}

/**
 * Lets go of a module's syntax tree once its model is built and kept: a process that validates
 * thousands of importers keeps their models, not their trees and source text (about 30 kB each
 * for a generated plugin). A file that another module's analysis reads (a shared base class) is
 * parsed again then, and kept.
 */
export function releaseTree(file: string): void {
  summaries.delete(file);
}

/**
 * Forgets one module's own parse and model, keeping the files it shares with others (a common
 * base class): `check` over thousands of modules then holds one syntax tree at a time.
 */
export function forgetModule(file: string): void {
  summaries.delete(file);
  importSummaries.delete(file);
  models.delete(file);
  stamps.delete(file);
}
