/**
 * Properties of the contract loader (`parseContract`, `defineContract`, `loadContract`):
 * whatever it is given, it returns a frozen Contract or throws a ContractError, nothing else;
 * a valid contract always loads, from an object, from YAML text and from a file, to the same result.
 *
 * Replay a failure with the seed and path from its message:
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run test/property   (after `npm run build`)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ContractError, defineContract, loadContract, parseContract, type Contract, type ContractInput } from '../../src/index.js';
import { junkData, validContract, yamlishText } from './contracts.js';
import { check } from './settings.js';

const dir = mkdtempSync(join(tmpdir(), 'importspy-property-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** A new file each time: the loader's cache is keyed by path and stamp, and must not hide a run. */
function write(contents: string | Uint8Array, extension = 'yml'): string {
  const file = join(dir, `c${files++}.${extension}`);
  writeFileSync(file, contents);
  return file;
}

/** Runs a loader: a frozen Contract comes back, or a ContractError with at least one problem. */
function outcome(load: () => Contract): 'loaded' | 'rejected' {
  let contract: Contract;
  try {
    contract = load();
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    expect(error.problems.length).toBeGreaterThan(0);
    for (const p of error.problems) expect(p.message).toEqual(expect.any(String));
    return 'rejected';
  }
  expect(Object.isFrozen(contract)).toBe(true);
  expect(contract.source).toBeDefined();
  return 'loaded';
}

/** The contract without its `source` (positions differ between forms). */
function data(contract: Contract): Omit<Contract, 'source'> {
  const { source: _source, ...rest } = contract;
  return rest;
}

describe('contract loader: only ContractError, never anything else', () => {
  it('defineContract on contract-shaped junk and on any JS value', () => {
    check(fc.property(junkData, (input) => void outcome(() => defineContract(input as ContractInput))), 300);
  });

  it('parseContract on YAML-ish text', () => {
    check(fc.property(yamlishText, (text) => void outcome(() => parseContract(text, { file: 'junk.yml' }))), 300);
  });

  it('parseContract on any string (unicode, lone surrogates, control characters)', () => {
    check(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => void outcome(() => parseContract(text))), 200);
  });

  it('parseContract on junk data written as YAML and as JSON', () => {
    const asText = junkData.chain((value) => {
      let json: string | undefined;
      let yaml: string | undefined;
      try {
        json = JSON.stringify(value);
        yaml = stringify(value);
      } catch {
        // BigInts, boxed values and the like cannot be written: fine, try the other form.
      }
      return fc.constantFrom(...[json, yaml].filter((t): t is string => typeof t === 'string'), '{}');
    });
    check(fc.property(asText, (text) => void outcome(() => parseContract(text, { file: 'junk.yml' }))), 200);
  });

  it('loadContract on random bytes and on YAML-ish text in a file', () => {
    const contents = fc.oneof(fc.uint8Array({ maxLength: 200 }), yamlishText.map((t) => Buffer.from(t)), fc.string({ unit: 'binary', maxLength: 60 }).map((t) => Buffer.from(t)));
    check(fc.property(contents, fc.constantFrom('yml', 'yaml', 'json'), (bytes, extension) => void outcome(() => loadContract(write(bytes, extension)))), 150);
  });
});

describe('contract loader: a valid contract always loads, the same in every form', () => {
  it('defineContract accepts every generated contract', () => {
    check(fc.property(validContract, (input) => {
      expect(outcome(() => defineContract(input))).toBe('loaded');
    }), 200);
  });

  it('YAML round trip: stringify → parseContract equals defineContract (source aside)', () => {
    check(
      fc.property(validContract, (input) => {
        const expected = data(defineContract(input));
        expect(data(parseContract(stringify(input), { file: 'spymodel.yml' }))).toEqual(expected);
        expect(data(parseContract(JSON.stringify(input)))).toEqual(expected);
      }),
      200,
    );
  });

  it('loadContract from a YAML or JSON file equals defineContract (source aside)', () => {
    check(
      fc.property(validContract, fc.boolean(), (input, json) => {
        const file = json ? write(JSON.stringify(input, null, 2), 'json') : write(stringify(input));
        const loaded = loadContract(file);
        expect(Object.isFrozen(loaded)).toBe(true);
        expect(loaded.source.file).toBe(file);
        expect(data(loaded)).toEqual(data(defineContract(input)));
      }),
      100,
    );
  });
});
