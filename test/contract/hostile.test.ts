import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineContract, loadContract, parseContract, type ContractInput } from '../../src/index.js';
import { contractError, fixture, onlyProblem } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-hostile-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a file into the temp dir and returns its path. */
function write(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Far longer than the work takes even on a loaded CI machine, far shorter than an alias bomb's expansion. */
const HANG_MS = 5000;

/** Runs fn and returns how long it took, in ms, with its ContractError. */
function timed(fn: () => unknown): { ms: number; error: ReturnType<typeof contractError> } {
  const start = performance.now();
  const error = contractError(fn);
  return { ms: performance.now() - start, error };
}

describe('hostile contract input', () => {
  it('an alias bomb (billion laughs) is refused quickly, with the place it blew up', () => {
    const { ms, error } = timed(() => loadContract(fixture('alias-bomb.yml')));
    const p = onlyProblem(error);
    expect(p.code).toBe('contract.alias');
    expect(p.message).toBe('expands to more than 100000 nodes (an alias bomb?)');
    expect(p.location?.file).toBe(fixture('alias-bomb.yml'));
    expect(ms).toBeLessThan(HANG_MS);
  });

  it('an alias to an undefined anchor is an error', () => {
    const error = contractError(() => parseContract('filename: *nowhere\n', { file: 'c.yml' }));
    expect(error.problems[0]?.code).toMatch(/^contract\.(alias|syntax)$/);
  });

  it('10,000-deep flow nesting [[[...]]] is refused without overflowing the stack', () => {
    const file = write('deep-flow.yml', `filename: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    const { ms, error } = timed(() => loadContract(file));
    expect(error.problems.map((p) => p.code)).toContain('contract.too-deep');
    expect(error.message).toContain('nested');
    expect(ms).toBeLessThan(HANG_MS);
  });

  it('10,000-deep flow mappings {a: {a: ...}} are refused', () => {
    const file = write('deep-map.yml', `filename: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`);
    const error = contractError(() => loadContract(file));
    expect(error.problems.map((p) => p.code)).toContain('contract.too-deep');
  });

  it('10,000-deep block nesting is refused (parsed from text: as a file it would be far over 1 MiB)', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}k${i}:`);
    const error = contractError(() => parseContract(`${lines.join('\n')} 1\n`, { file: 'deep.yml' }));
    expect(error.problems.map((p) => p.code)).toContain('contract.too-deep');
  });

  it('block nesting as deep as fits in a 1 MiB file is refused', () => {
    const lines = Array.from({ length: 1_400 }, (_, i) => `${' '.repeat(i)}k${i}:`);
    const file = write('deep-block.yml', `${lines.join('\n')} 1\n`);
    expect(contractError(() => loadContract(file)).problems.map((p) => p.code)).toContain('contract.too-deep');
  });

  it('10,000-deep compact block sequences (- - - ... x) are refused', () => {
    const file = write('deep-seq.yml', `filename:\n  ${'- '.repeat(10_000)}x\n`);
    const error = contractError(() => loadContract(file));
    expect(error.problems.map((p) => p.code)).toContain('contract.too-deep');
  });

  it('deep nesting passed to defineContract is an error, not a stack overflow', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const error = contractError(() => defineContract({ variables: [{ name: 'v', value: deep }] } as unknown as ContractInput));
    expect(onlyProblem(error)).toMatchObject({ code: 'contract.too-deep', location: null });
  });

  it('a cycle passed to defineContract is an error, not a stack overflow', () => {
    const value: unknown[] = [];
    value.push(value);
    const error = contractError(() => defineContract({ variables: [{ name: 'v', value }] } as unknown as ContractInput));
    expect(onlyProblem(error)).toMatchObject({ code: 'contract.too-deep', path: 'variables[0].value[0]', message: 'contains itself (a cycle), so it would be nested without end' });
  });

  it('one set of limits: nesting past 64 levels reads the same from text and from an object, with a position only for text', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 63; i++) deep = [deep];
    const fromObject = onlyProblem(contractError(() => defineContract({ variables: [{ name: 'v', value: deep }] } as unknown as ContractInput)));
    const fromText = onlyProblem(contractError(() => parseContract(`variables:\n  - name: v\n    value: ${JSON.stringify(deep)}\n`, { file: 'deep.yml' })));
    const expected = { code: 'contract.too-deep', path: `variables[0].value${'[0]'.repeat(62)}`, message: 'nested more than 64 levels deep' };
    expect(fromObject).toEqual({ ...expected, location: null });
    expect(fromText).toEqual({ ...expected, location: { file: 'deep.yml', line: 3, column: 74 } });
  });

  it('an in-memory alias bomb (shared arrays) passed to defineContract is refused quickly', () => {
    let level: unknown = Array.from({ length: 9 }, () => 'lol');
    for (let i = 0; i < 8; i++) level = Array.from({ length: 9 }, () => level);
    const { ms, error } = timed(() => defineContract({ variables: [{ name: 'v', value: level }] } as unknown as ContractInput));
    expect(onlyProblem(error)).toMatchObject({ code: 'contract.alias', message: 'has more than 100000 nodes', location: null });
    expect(ms).toBeLessThan(HANG_MS);
  });

  it.each(['prototype-keys.yml', 'prototype-keys.json'])('__proto__, constructor and prototype keys in %s are forbidden and pollute nothing', (name) => {
    const error = contractError(() => loadContract(fixture(name)));
    expect(error.problems.every((p) => p.code === 'contract.forbidden-key')).toBe(true);
    expect(error.problems.map((p) => p.path).sort()).toEqual(
      name.endsWith('.yml')
        ? ['__proto__', 'deployments[0].constructor', 'deployments[0].systems[0].prototype']
        : ['__proto__', 'deployments[0].constructor'],
    );
    expect(error.problems.every((p) => p.location !== null)).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('prototype keys given to defineContract (e.g. from JSON.parse) are forbidden, reported once each, and pollute nothing', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "deployments": [{"arch": "x64", "constructor": {"polluted": true}, "systems": [{"os": "linux", "prototype": 1}]}]}') as ContractInput;
    const error = contractError(() => defineContract(input));
    expect(error.problems.map((p) => [p.code, p.path])).toEqual([
      ['contract.forbidden-key', '__proto__'],
      ['contract.forbidden-key', 'deployments[0].constructor'],
      ['contract.forbidden-key', 'deployments[0].systems[0].prototype'],
    ]);
    for (const p of error.problems) expect(p.message).toMatch(/^the key `(__proto__|constructor|prototype)` is not allowed in a contract$/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a file over 1 MiB is refused before it is parsed', () => {
    const file = write('huge.yml', `filename: a.ts\n# ${'x'.repeat(1024 * 1024)}\n`);
    const p = onlyProblem(contractError(() => loadContract(file)));
    expect(p.code).toBe('contract.too-large');
    expect(p.message).toContain('over the limit of 1048576 bytes');
  });

  it('a file of exactly 1 MiB is still read', () => {
    const head = 'filename: a.ts\n# ';
    const file = write('limit.yml', `${head}${'x'.repeat(1024 * 1024 - head.length - 1)}\n`);
    expect(loadContract(file).filename).toBe('a.ts');
  });

  it('maxBytes sets a custom limit', () => {
    const file = write('small.yml', `filename: a.ts\n# ${'x'.repeat(200)}\n`);
    expect(onlyProblem(contractError(() => loadContract(file, { maxBytes: 100 }))).code).toBe('contract.too-large');
    expect(loadContract(file, { maxBytes: 1000 }).filename).toBe('a.ts');
  });

  it('binary content (NUL bytes) is refused as binary', () => {
    const p = onlyProblem(contractError(() => loadContract(fixture('binary.yml'))));
    expect(p.code).toBe('contract.binary');
    expect(p.message).toContain('binary');
  });

  it('NUL characters in parsed text are refused too', () => {
    expect(onlyProblem(contractError(() => parseContract('filename: a\u0000b\n'))).code).toBe('contract.binary');
  });

  it('invalid UTF-8 (a Latin-1 file) is refused with a hint to save as UTF-8', () => {
    const p = onlyProblem(contractError(() => loadContract(fixture('latin1.yml'))));
    expect(p.code).toBe('contract.encoding');
    expect(p.message).toContain('UTF-8');
  });

  it('a UTF-8 byte order mark is accepted', () => {
    expect(loadContract(write('bom.yml', '\ufefffilename: a.ts\n')).filename).toBe('a.ts');
  });

  it.each([['empty.yml'], ['whitespace.yml']])('%s is refused as empty', (name) => {
    const p = onlyProblem(contractError(() => loadContract(fixture(name))));
    expect(p.code).toBe('contract.empty');
    expect(p.message).toContain('empty');
  });

  it('a file with only comments holds no fields', () => {
    expect(onlyProblem(contractError(() => loadContract(write('comments.yml', '# nothing\n# here\n')))).code).toBe('contract.empty');
  });

  it('a directory instead of a file is refused', () => {
    const sub = join(dir, 'spymodel.yml');
    mkdirSync(sub);
    const p = onlyProblem(contractError(() => loadContract(sub)));
    expect(p.code).toBe('contract.unreadable');
    expect(p.message).toContain('directory');
  });

  it('a missing file is not-found', () => {
    const error = contractError(() => loadContract(join(dir, 'nope.yml')));
    expect(onlyProblem(error).code).toBe('contract.not-found');
    expect(error.message).toContain(join(dir, 'nope.yml'));
  });

  it('a symlink loop is refused, not followed forever', () => {
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
    const p = onlyProblem(contractError(() => loadContract(join(dir, 'loop-a'))));
    expect(p.code).toBe('contract.unreadable');
    expect(p.message).toContain('loop');
  });

  it('a top-level list or scalar is not a contract', () => {
    expect(contractError(() => parseContract('- a\n')).problems[0]?.code).toBe('contract.invalid-type');
    expect(contractError(() => parseContract('hello\n')).problems[0]?.code).toBe('contract.invalid-type');
  });
});
