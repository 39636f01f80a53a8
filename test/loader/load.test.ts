import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContractViolationError, load, loadAll, createLogger } from '../../src/index.js';

const fixtures = new URL('../fixtures/plugins/', import.meta.url);
const silent = createLogger('error', () => {});
let markers: string;

beforeEach(() => {
  markers = mkdtempSync(join(tmpdir(), 'importspy-load-'));
  process.env['IMPORTSPY_MARKER_DIR'] = markers;
});
afterEach(() => {
  delete process.env['IMPORTSPY_MARKER_DIR'];
});

describe('load', () => {
  it('imports a compliant plugin and returns its namespace', async () => {
    const ns = await load<{ name: string; Plugin: new () => { run(x: string): string } }>('./dir/greeter.mjs', {
      contract: './plugin.yml',
      parentURL: fixtures,
      logger: silent,
    });
    expect(ns.name).toBe('greeter');
    expect(new ns.Plugin().run('you')).toBe('hello you');
  });

  it('rejects a non-compliant plugin without running its code', async () => {
    const error = await load('./dir/rogue.mjs', { contract: './plugin.yml', parentURL: fixtures, logger: silent }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolationError);
    const codes = (error as ContractViolationError).violations.map((v) => `${v.code} ${v.path}`);
    expect(codes).toEqual(['missing.variable variables.name', 'missing.method classes.Plugin.methods.run']);
    expect(existsSync(join(markers, 'rogue-ran'))).toBe(false);
  });

  it('rejects, fail closed, a plugin that does not parse, with the syntax error location', async () => {
    const error = (await load('./dir/broken.mjs', { contract: './plugin.yml', parentURL: fixtures, logger: silent }).catch((e: unknown) => e)) as ContractViolationError;
    expect(error).toBeInstanceOf(ContractViolationError);
    const result = error.report.results[0];
    expect(result?.error?.code).toBe('module.syntax');
    expect(result?.error?.location?.line).toBe(2);
  });

  it('rejects a plugin that cannot be found, and a contract that cannot be read', async () => {
    const missing = (await load('./dir/nope.mjs', { contract: './plugin.yml', parentURL: fixtures, logger: silent }).catch((e: unknown) => e)) as ContractViolationError;
    expect(missing.report.results[0]?.error?.code).toBe('module.not-found');
    const noContract = (await load('./dir/greeter.mjs', { contract: './missing.yml', parentURL: fixtures, logger: silent }).catch((e: unknown) => e)) as ContractViolationError;
    expect(noContract).toBeInstanceOf(ContractViolationError);
    expect(noContract.report.results[0]?.error?.code).toBe('contract.not-found');
  });

  it('in warn mode imports a non-compliant plugin and reports it', async () => {
    const lines: string[] = [];
    const ns = await load('./dir/rogue.mjs', { contract: './plugin.yml', parentURL: fixtures, mode: 'warn', logger: createLogger('warn', (l) => lines.push(l)) });
    expect(Object.keys(ns)).toContain('Plugin');
    expect(existsSync(join(markers, 'rogue-ran'))).toBe(true);
    expect(lines.join('')).toContain('missing.method');
  });
});

describe('loadAll', () => {
  it('admits the compliant plugins of a directory and reports the rest', async () => {
    const { admitted, rejected } = await loadAll('./dir/', { contract: './plugin.yml', parentURL: fixtures, logger: silent });
    expect(admitted.map((p) => p.specifier.split('/').pop())).toEqual(['greeter.mjs', 'shouter.cjs']);
    expect(admitted.every((p) => p.report.ok)).toBe(true);
    expect(rejected.map((p) => p.specifier.split('/').pop())).toEqual(['broken.mjs', 'rogue.mjs']);
    expect(rejected[0]?.report.results[0]?.error?.code).toBe('module.syntax');
    expect(rejected[1]?.report.results[0]?.violations.map((v) => v.code)).toEqual(['missing.variable', 'missing.method']);
    expect(existsSync(join(markers, 'rogue-ran'))).toBe(false);
    const shouter = admitted[1]?.namespace as { default?: { Plugin: new () => { run(x: string): string } } };
    expect(new (shouter.default as { Plugin: new () => { run(x: string): string } }).Plugin().run('hi')).toBe('HI');
  });

  it('accepts a list of specifiers', async () => {
    const { admitted, rejected } = await loadAll([pathToFileURL(join(new URL(fixtures).pathname, 'dir/greeter.mjs')).href, './dir/rogue.mjs'], {
      contract: './plugin.yml',
      parentURL: fixtures,
      logger: silent,
    });
    expect(admitted).toHaveLength(1);
    expect(rejected).toHaveLength(1);
  });
});
