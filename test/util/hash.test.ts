// The cache's JavaScript SHA-256 and HMAC-SHA256 against node:crypto: the same bytes out for
// every length around the block boundaries, for keys shorter and longer than a block, and for
// inputs large enough to go to node:crypto.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { equalInConstantTime, hmacSha256, NATIVE_FROM, sha256, sha256Hex } from '../../src/util/hash.js';

const lengths = [...Array.from({ length: 200 }, (_, i) => i), 447, 448, 511, 512, 513, 1000, 4095, 4096, NATIVE_FROM - 1, NATIVE_FROM, NATIVE_FROM + 1, 100_000];

describe('sha256', () => {
  it('matches node:crypto for every length around the block boundaries', () => {
    for (const n of lengths) {
      const bytes = randomBytes(n);
      expect(sha256(bytes).toString('hex'), `length ${n}`).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('hashes parts as their concatenation, strings as UTF-8', () => {
    const text = 'plugins/ü/€/𝄞\u0000kind';
    const bytes = randomBytes(70);
    expect(sha256Hex(text, bytes, '')).toBe(createHash('sha256').update(text).update(bytes).digest('hex'));
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('hmacSha256', () => {
  it('matches node:crypto for keys shorter than, equal to and longer than a block', () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 100, 200]) {
      const key = randomBytes(keyLength);
      for (const n of [0, 1, 55, 56, 64, 119, 120, 1000, NATIVE_FROM - 65, NATIVE_FROM, 50_000]) {
        const head = `importspy-cache-1\u0000model\u0000${'a'.repeat(64)}\u0000`;
        const body = randomBytes(n).toString('base64');
        expect(hmacSha256(key, head, body).toString('hex'), `key ${keyLength}, body ${n}`).toBe(createHmac('sha256', key).update(head).update(body).digest('hex'));
      }
    }
  });
});

describe('equalInConstantTime', () => {
  it('is equality of bytes', () => {
    const a = randomBytes(32);
    expect(equalInConstantTime(a, Buffer.from(a))).toBe(true);
    const b = Buffer.from(a);
    b[31] = b[31]! ^ 1;
    expect(equalInConstantTime(a, b)).toBe(false);
    expect(equalInConstantTime(a, a.subarray(0, 31))).toBe(false);
  });
});
