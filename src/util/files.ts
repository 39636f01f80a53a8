/** Small file helpers shared by the layers that read package.json files and watch for changes. */
import { lstatSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { sha1Hex } from './hash.js';

/**
 * Size, modification and change times, device and inode of a regular file: while they are
 * unchanged, a file read before need not be read again. The change time (ctime) is there because
 * the owner of a file can set its mtime back after rewriting it (`touch -d`, `utimes`), but not
 * its ctime, which the kernel sets on every write. Undefined when the file is missing or not a
 * regular file.
 */
export function fileStamp(file: string): string | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stampOfStats(stat) : undefined;
  } catch {
    return undefined;
  }
}

/** The stamp of a file from its stats (those of an open file's fstat, say). */
export function stampOfStats(stat: Stats): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.dev}:${stat.ino}`;
}

/** A JSON file: whether it could be read, its content when that is a JSON object, and its bytes' hash. */
export type JsonFile = { exists: false } | { exists: true; data: Record<string, unknown> | null; hash: string };

/** Text decoded as Node decodes a package.json or a configuration: UTF-8, a leading BOM dropped. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads a JSON file (a package.json, say) without ever throwing. A UTF-8 byte-order mark is
 * ignored, as Node ignores it. `hash` is the SHA-1 of the bytes, as for module files, so that
 * the file can be recorded as a dependency of a cached result.
 */
export function readJsonFile(file: string): JsonFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return { exists: false };
  }
  const hash = sha1Hex(bytes);
  try {
    const value: unknown = JSON.parse(withoutBom(bytes.toString('utf8')));
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    return { exists: true, data: isObject ? (value as Record<string, unknown>) : null, hash };
  } catch {
    return { exists: true, data: null, hash };
  }
}

const realPaths = new Map<string, string>();

/**
 * A file's real path, remembered for the rest of the process as Node's module loaders remember
 * theirs: a link changed later leads Node to the file it found first, and ImportSpy judges that
 * one. A file that is not itself a link is its folder's real path and its name: one `lstat`, and
 * the folder's own real path is worked out once for all its files (`realpath` reads every segment
 * of the path as a link: eight system calls for a file deep in node_modules). A path that does not
 * resolve throws, and is tried again next time. `clearAnalysisCache` forgets them.
 */
export function realPathOf(file: string): string {
  let found = realPaths.get(file);
  if (found !== undefined) return found;
  const folder = dirname(file);
  const name = basename(file);
  if (isAbsolute(file) && folder !== file && name !== '.' && name !== '..' && !lstatSync(file).isSymbolicLink()) found = join(realPathOf(folder), name);
  else found = realpathSync.native(file);
  realPaths.set(file, found);
  return found;
}

export function forgetRealPaths(): void {
  realPaths.clear();
}
