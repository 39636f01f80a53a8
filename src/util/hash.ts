/**
 * The hashes ImportSpy computes: SHA-1 of files (the content hashes of the in-memory and on-disk
 * caches), SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104) for the on-disk cache's keys and MACs.
 *
 * Loading `node:crypto` costs a process 3–8 ms (Node 22–26: its JavaScript pulls in streams,
 * key objects and the rest), more than everything else ImportSpy does at start-up when the
 * answers come from the cache — and there the inputs are a few hundred bytes: a path, a cache
 * key, a small entry. So short inputs are hashed here, in JavaScript, while node:crypto is not
 * loaded; from {@link NATIVE_FROM} bytes on (this code runs cold, in the interpreter, at about
 * a few MB/s) or once node:crypto is loaded anyway, node:crypto is used. Both compute the same function, so which one ran
 * never shows in a result (test/util/hash.test.ts compares them). SHA-1 is always node:crypto's,
 * loaded on the first file hashed. A library was measured in its place: @noble/hashes's sha256 and
 * hmac added about 2.5 ms of CPU to `--import importspy/register -e 0` bundled, 7 ms as an external
 * dependency (Node 26, 40 alternating runs), against a 15 ms budget for the whole start-up.
 */

/** Inputs of this many bytes and more are hashed by `node:crypto`. */
export const NATIVE_FROM = 2048;

type Part = string | Uint8Array;

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
  0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
  0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const bytesOf = (part: Part): Uint8Array => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part);

/** The digest of the concatenation of `message`, which holds whole bytes only. */
function digestJs(message: Uint8Array): Uint8Array {
  const length = message.length;
  // The message, a 0x80 byte, zeros up to 56 mod 64, the bit length in 8 bytes.
  const padded = new Uint8Array((((length + 8) >> 6) + 1) << 6);
  padded.set(message);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
  view.setUint32(padded.length - 4, (length << 3) >>> 0);
  const h = H0.slice();
  const w = new Uint32Array(64);
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
    h[5] = (h[5]! + f) | 0;
    h[6] = (h[6]! + g) | 0;
    h[7] = (h[7]! + hh) | 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]! >>> 0);
  return out;
}

type NodeCrypto = typeof import('node:crypto');
let nodeCrypto: NodeCrypto | undefined;
/** node:crypto, loaded on first use (and taken once: under the hooks process.getBuiltinModule is wrapped). */
const native = (): NodeCrypto => (nodeCrypto ??= process.getBuiltinModule('node:crypto'));

/**
 * SHA-1 of a file's bytes in hexadecimal: `crypto.hash`, one call without a Hash object (Node
 * 20.12+, so every Node ImportSpy runs on; about half the cost for a 2 KB module).
 */
export const sha1Hex = (bytes: Uint8Array): string => native().hash('sha1', bytes, 'hex');

/** Random bytes (a new cache key, temporary file names). */
export const randomBytes = (size: number): Buffer => native().randomBytes(size);

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  return Buffer.concat(parts);
}

const total = (parts: readonly Uint8Array[]): number => parts.reduce((n, p) => n + p.length, 0);

/** SHA-256 of the parts, concatenated (strings as UTF-8). */
export function sha256(...parts: Part[]): Buffer {
  const bytes = parts.map(bytesOf);
  if (nodeCrypto !== undefined || total(bytes) >= NATIVE_FROM) {
    const hash = native().createHash('sha256');
    for (const b of bytes) hash.update(b);
    return hash.digest();
  }
  return sha256Js(bytes);
}

/** SHA-256 of the parts in lower-case hexadecimal. */
export const sha256Hex = (...parts: Part[]): string => sha256(...parts).toString('hex');

/** HMAC-SHA256 of the parts, concatenated, under `key`. */
export function hmacSha256(key: Uint8Array, ...parts: Part[]): Buffer {
  const bytes = parts.map(bytesOf);
  if (nodeCrypto !== undefined || total(bytes) >= NATIVE_FROM) {
    const mac = native().createHmac('sha256', key);
    for (const b of bytes) mac.update(b);
    return mac.digest();
  }
  return hmacSha256Js(key, bytes);
}

/** The JavaScript SHA-256 (exported for its test against node:crypto). @internal */
export function sha256Js(parts: readonly Uint8Array[]): Buffer {
  const out = digestJs(concat(parts));
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** The JavaScript HMAC-SHA256 (exported for its test against node:crypto). @internal */
export function hmacSha256Js(key: Uint8Array, parts: readonly Uint8Array[]): Buffer {
  // RFC 2104 with a 64-byte block: a longer key is hashed first, a shorter one padded with zeros.
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? digestJs(key) : key);
  const inner = new Uint8Array(64);
  const outer = new Uint8Array(64);
  for (let i = 0; i < 64; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  const innerHash = digestJs(concat([inner, ...parts]));
  return sha256Js([outer, innerHash]);
}

/** Whether two byte strings are equal, in a time that depends on their length only. */
export function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
