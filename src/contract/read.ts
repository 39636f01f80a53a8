/**
 * Reading a contract or configuration file: the path, the size limit, the bytes and their
 * encoding (UTF-8, a byte-order mark dropped). Every failure is a `ContractError` with the file.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContractError, wholeFileError as problem } from './errors.js';

/** Largest file read unless told otherwise: 1 MiB. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/** An absolute path from a path (relative to the working directory), a `file:` URL or its string. */
export function toPath(pathOrUrl: string | URL): string {
  if (pathOrUrl instanceof URL) return fileURLToPath(pathOrUrl);
  if (pathOrUrl.startsWith('file:')) return fileURLToPath(pathOrUrl);
  return isAbsolute(pathOrUrl) ? pathOrUrl : resolve(pathOrUrl);
}

/**
 * Reads a contract or configuration file's bytes, refusing directories, loops and files over
 * the size limit before reading them.
 * @throws {ContractError}
 */
export function readSourceBytes(file: string, maxBytes: number = DEFAULT_MAX_BYTES): Buffer {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw problem(file, 'contract.unreadable', 'is a directory, not a contract file');
    // A FIFO, socket or device would block the read forever, or never end.
    if (!stat.isFile()) throw problem(file, 'contract.unreadable', 'is not a regular file (a FIFO, socket or device)');
    size = stat.size;
  } catch (error) {
    if (error instanceof ContractError) throw error;
    throw fsProblem(file, error);
  }
  if (size > maxBytes) {
    throw problem(file, 'contract.too-large', `is ${size} bytes, over the limit of ${maxBytes} bytes`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw fsProblem(file, error);
  }
  if (bytes.length > maxBytes) {
    throw problem(file, 'contract.too-large', `is over the limit of ${maxBytes} bytes`);
  }
  return bytes;
}

/** Reads a UTF-8 text file under the same rules as a contract. */
export function readSourceText(file: string, maxBytes: number = DEFAULT_MAX_BYTES): string {
  return decode(file, readSourceBytes(file, maxBytes));
}

/**
 * The text of a file's bytes: UTF-8 only, a leading byte-order mark dropped, NUL bytes refused.
 * @throws {ContractError}
 */
export function decode(file: string, bytes: Buffer): string {
  if (bytes.includes(0)) throw problem(file, 'contract.binary', 'contains NUL bytes: this is a binary file, not a YAML or JSON contract');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw problem(file, 'contract.encoding', 'is not valid UTF-8: save the contract as UTF-8');
  }
}

function fsProblem(file: string, error: unknown): ContractError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return problem(file, 'contract.not-found', 'no such file');
  if (code === 'EISDIR') return problem(file, 'contract.unreadable', 'is a directory, not a contract file');
  if (code === 'ELOOP') return problem(file, 'contract.unreadable', 'is a symbolic link loop');
  if (code === 'EACCES' || code === 'EPERM') return problem(file, 'contract.unreadable', 'permission denied');
  return problem(file, 'contract.unreadable', `cannot be read (${code ?? String(error)})`);
}
