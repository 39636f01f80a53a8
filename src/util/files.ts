/** Small file helpers shared by the layers that read package.json files and watch for changes. */
import { readFileSync, statSync } from 'node:fs';

/**
 * Size, mtime and inode of a regular file: while they are unchanged, a file read before need
 * not be read again. Undefined when the file is missing or not a regular file.
 */
export function fileStamp(file: string): string | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? `${stat.size}:${stat.mtimeMs}:${stat.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON file: whether it could be read, and its content when that is a JSON object. */
export type JsonFile = { exists: false } | { exists: true; data: Record<string, unknown> | null };

/** Reads a JSON file (a package.json, say) without ever throwing. */
export function readJsonFile(file: string): JsonFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { exists: false };
  }
  try {
    const value: unknown = JSON.parse(text);
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    return { exists: true, data: isObject ? (value as Record<string, unknown>) : null };
  } catch {
    return { exists: true, data: null };
  }
}
