/**
 * The source Node loaded for each module, kept from the synchronous load hook until the module's
 * first edge: binding an importer ahead (edges.ts) then hashes the bytes Node will run instead of
 * opening and reading the file a second time — the one read per module that start-up under the
 * hooks paid for every module that imports anything.
 *
 * A source is taken once and forgotten. What is kept is bounded ({@link MAX_KEPT} code units):
 * past it, the sources kept longest are dropped (their modules' files are read again, as before),
 * and a single source larger than that is not kept. Node gives CommonJS sources as strings (read
 * as UTF-8, a byte order mark kept) and ES module sources as bytes; a string is turned back into
 * the file's bytes by encoding it, except when it holds U+FFFD, which invalid UTF-8 in the file
 * could have become: then the file is read, and judged, as it is on disk.
 */

import { extname } from 'node:path';
import { isTypeScriptExtension } from '../../util/extensions.js';

/** At most this many characters or bytes of sources are kept (about 64 MB of UTF-16). */
const MAX_KEPT = 32 * 1024 * 1024;

const sources = new Map<string, string | Uint8Array>();
let kept = 0;

/**
 * Keeps the source Node loaded for `url` (a `file:` URL), while the budget allows. `format`: the
 * one the load hook answered (undefined where there is none). Not kept: data and WebAssembly,
 * and a TypeScript file that reached Node as something else than TypeScript — another loader's
 * output, which ImportSpy would read in the wrong language; that file is read from disk.
 */
export function rememberLoadedSource(url: string, source: unknown, format?: string | null): void {
  if (format === 'json' || format === 'wasm' || format === 'builtin' || format === 'addon') return;
  if (isTypeScriptExtension(extname(url.replace(/[?#].*$/s, ''))) && !format?.endsWith('-typescript')) return;
  let size: number;
  if (typeof source === 'string') size = source.length;
  else if (source instanceof Uint8Array) size = source.byteLength;
  else return;
  if (size > MAX_KEPT || sources.has(url)) return;
  // Over the budget, the sources kept longest go first: the module whose first edge comes next
  // is the one loaded last, so modules loaded to fill the budget cannot push it out.
  for (const [oldest, earlier] of sources) {
    if (kept + size <= MAX_KEPT) break;
    sources.delete(oldest);
    kept -= typeof earlier === 'string' ? earlier.length : earlier.byteLength;
  }
  sources.set(url, source as string | Uint8Array);
  kept += size;
}

/** The bytes Node loaded for `url`, once; undefined when none were kept (then read the file). */
export function takeLoadedSource(url: string | undefined): Buffer | undefined {
  if (url === undefined) return undefined;
  const source = sources.get(url);
  if (source === undefined) return undefined;
  sources.delete(url);
  if (typeof source !== 'string') {
    kept -= source.byteLength;
    return Buffer.isBuffer(source) ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  }
  kept -= source.length;
  return source.includes('\uFFFD') ? undefined : Buffer.from(source, 'utf8');
}
