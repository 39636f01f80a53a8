// The cache's JavaScript SHA-256 and HMAC-SHA256 against node:crypto: the same bytes out for
// every length around the block boundaries and for keys shorter and longer than a block, by the
// JavaScript code itself and by the functions that choose between it and node:crypto.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { equalInConstantTime, hmacSha256, hmacSha256Js, NATIVE_FROM, sha256Hex, sha256Js } from '../../src/util/hash.js';

const lengths = [...Array.from({ length: 200 }, (_, i) => i), 447, 448, 511, 512, 513, 1000, NATIVE_FROM - 1, NATIVE_FROM, 4095, 4096, 70_000];

describe('sha256', () => {
  it('matches node:crypto for every length around the block boundaries', () => {
    for (const n of lengths) {
      const bytes = randomBytes(n);
      const expected = createHash('sha256').update(bytes).digest('hex');
      expect(sha256Js([bytes]).toString('hex'), `length ${n}`).toBe(expected);
      expect(sha256Hex(bytes), `length ${n}`).toBe(expected);
    }
  });

  it('hashes parts as their concatenation, strings as UTF-8', () => {
    const text = 'plugins/ü/€/𝄞\u0000kind';
    const bytes = randomBytes(70);
    expect(sha256Hex(text, bytes, '')).toBe(createHash('sha256').update(text).update(bytes).digest('hex'));
    expect(sha256Js([Buffer.from(text), bytes]).toString('hex')).toBe(createHash('sha256').update(text).update(bytes).digest('hex'));
    expect(sha256Js([Buffer.from('abc')]).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('hmacSha256', () => {
  it('matches node:crypto for keys shorter than, equal to and longer than a block', () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 100, 200]) {
      const key = randomBytes(keyLength);
      for (const n of [0, 1, 55, 56, 64, 119, 120, 1000, NATIVE_FROM, 50_000]) {
        const head = `importspy-cache-1\u0000model\u0000${'a'.repeat(64)}\u0000`;
        const body = randomBytes(n).toString('base64');
        const expected = createHmac('sha256', key).update(head).update(body).digest('hex');
        expect(hmacSha256Js(key, [Buffer.from(head), Buffer.from(body)]).toString('hex'), `key ${keyLength}, body ${n}`).toBe(expected);
        expect(hmacSha256(key, head, body).toString('hex'), `key ${keyLength}, body ${n}`).toBe(expected);
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
