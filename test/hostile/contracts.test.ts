/**
 * Hostile contracts, end to end: the corpus in test/fixtures/hostile/contracts through the CLI and
 * `load`, giant scalars, and every wrong type for every field of the format (generated from the
 * published JSON Schema, so a new field is covered the day it is added). The loader's own unit
 * tests are in test/contract/hostile.test.ts.
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError, ContractViolationError, load, parseContract } from '../../src/index.js';
import { hostile, root, run } from './helpers.js';

/** One spawned check of a hostile contract: the CLI starts in well under a second. */
const BOUND_MS = 10_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-hostile-contracts-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const module = hostile('modules/cycle-a.mjs');
const corpus: Array<[string, string]> = [
  ['alias-bomb.yml', 'contract.alias'],
  ['deep-nesting.yml', 'contract.too-deep'],
  ['prototype-keys.yml', 'contract.forbidden-key'],
  ['nul-bytes.yml', 'contract.binary'],
  ['invalid-utf8.yml', 'contract.encoding'],
  ['not-a-mapping.yml', 'contract.invalid-type'],
  ['unknown-key.yml', 'contract.unknown-key'],
];

describe('the contract corpus', () => {
  it('lists every file of the folder', () => {
    expect(readdirSync(hostile('contracts')).sort()).toEqual(corpus.map(([name]) => name).sort());
  });

  it.each(corpus)('%s: check exits 2 within the bound, naming the file and the problem, with no report on stdout', async (name) => {
    const result = await run(['check', '-c', hostile(`contracts/${name}`), module, '--format', 'json']);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(2);
    expect(result.ms).toBeLessThan(BOUND_MS);
    // No report: stdout holds the one JSON document of a run that could not start.
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'contract.invalid' }, results: [] });
    expect(result.stderr).toContain(hostile(`contracts/${name}`));
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it.each(corpus)('%s: load() blocks the plugin with the contract problem as the cause', async (name, code) => {
    const error = await load(module, { contract: hostile(`contracts/${name}`) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolationError);
    const report = (error as ContractViolationError).report;
    expect(report.ok).toBe(false);
    expect(report.results[0]?.error?.code).toBe(code);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('the same inputs from memory (parseContract) fail with the same codes', () => {
    // Invalid UTF-8 decoded leniently is U+FFFD text, a valid name: only bytes can carry it.
    for (const [name, code] of corpus.filter(([name]) => name !== 'invalid-utf8.yml')) {
      const text = readFileSync(hostile(`contracts/${name}`));
      let error: unknown;
      try {
        parseContract(text.toString('utf8'), { file: name });
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ContractError);
      expect((error as ContractError).problems.map((p) => p.code), name).toContain(code);
    }
  });
});

describe('giant scalars', () => {
  it('a 2 MiB scalar is refused as too large before it is parsed', async () => {
    const file = join(dir, 'giant.yml');
    writeFileSync(file, `filename: ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const result = await run(['check', '-c', file, module, '--format', 'json']);
    expect(result).toMatchObject({ status: 2, signal: null });
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'contract.invalid', problems: [{ code: 'contract.too-large' }] }, results: [] });
    expect(result.stderr).toContain('over the limit of 1048576 bytes');
    expect(result.ms).toBeLessThan(BOUND_MS);
  });

  it('a 1 MB scalar under the limit is read quickly and checked: a mismatch, not a pass', async () => {
    const file = join(dir, 'big-scalar.yml');
    writeFileSync(file, `variables:\n  - name: x\n    value: "${'x'.repeat(1_000_000)}"\n`);
    const result = await run(['check', '-c', file, module, '--format', 'json']);
    expect(result).toMatchObject({ status: 1, signal: null });
    expect(result.ms).toBeLessThan(BOUND_MS);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, results: [{ violations: [{ code: 'mismatch.value' }] }] });
  });
});

// ── every wrong type for every field ────────────────────────────────────────

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minLength?: number;
}

const schema = JSON.parse(readFileSync(join(root, 'schema/spymodel.schema.json'), 'utf8')) as JsonSchema & { $defs: Record<string, JsonSchema> };
const deref = (s: JsonSchema): JsonSchema => (s.$ref ? deref(schema.$defs[s.$ref.replace('#/$defs/', '')] ?? {}) : s);

/** A valid value for a node, to fill the required fields around the one under test. */
function sample(s: JsonSchema): unknown {
  const node = deref(s);
  if (node.enum) return node.enum[0];
  if (node.anyOf) return sample(node.anyOf[0] ?? {});
  if (node.type === 'boolean') return true;
  if (node.type === 'array') return [];
  if (node.type === 'object') return Object.fromEntries((node.required ?? []).map((key) => [key, sample(node.properties?.[key] ?? {})]));
  return 'x';
}

const JSON_TYPES: Record<string, unknown> = { string: 'wrong', number: 42, boolean: true, null: null, array: ['wrong'], object: { wrong: 1 } };

/** The JSON types a node accepts; undefined when it accepts any value. */
function accepted(s: JsonSchema): Set<string> | undefined {
  const node = deref(s);
  if (node.anyOf) {
    const all = new Set<string>();
    for (const option of node.anyOf) {
      const types = accepted(option);
      if (types === undefined) return undefined;
      for (const t of types) all.add(t);
    }
    return all;
  }
  if (node.type === undefined) return undefined;
  const types = new Set(Array.isArray(node.type) ? node.type : [node.type]);
  if (types.has('integer')) types.add('number');
  return types;
}

interface WrongCase {
  path: string;
  wrong: string;
  document: unknown;
}

/** Walks the schema: for every field, the document with that field (and only it) of each wrong type. */
function wrongCases(): WrongCase[] {
  const cases: WrongCase[] = [];
  const seen = new Set<JsonSchema>();
  const visit = (s: JsonSchema, path: string, place: (value: unknown) => unknown): void => {
    const node = deref(s);
    const types = accepted(node);
    if (path !== '' && types !== undefined) {
      for (const [type, value] of Object.entries(JSON_TYPES)) if (!types.has(type)) cases.push({ path, wrong: type, document: place(value) });
      if (node.enum) cases.push({ path, wrong: 'a value outside the enum', document: place('not-a-known-value') });
      if (node.minLength) cases.push({ path, wrong: 'an empty string', document: place('') });
    }
    if (seen.has(node)) return; // classes nest classes (superclasses): each shape once
    seen.add(node);
    const objectShape = node.anyOf?.map(deref).find((o) => o.type === 'object') ?? (node.type === 'object' ? node : undefined);
    for (const [key, child] of Object.entries(objectShape?.properties ?? {})) {
      const base = sample(objectShape ?? {}) as Record<string, unknown>;
      visit(child, path === '' ? key : `${path}.${key}`, (value) => place({ ...base, [key]: value }));
    }
    if (node.type === 'array' && node.items) visit(node.items, `${path}[0]`, (value) => place([value]));
    seen.delete(node);
  };
  visit(schema, '', (value) => value);
  return cases;
}

describe('every wrong type for every field', () => {
  const cases = wrongCases();

  it('covers every field of the JSON Schema (more than 300 cases)', () => {
    expect(cases.length).toBeGreaterThan(300);
    for (const field of ['deployments[0].systems[0].runtimes[0].packages[0].version', 'classes[0].methods[0].arguments[0].optional', 'deployments[0].systems[0].environment.secrets[0]', 'imports.deny[0]']) {
      expect(cases.map((c) => c.path)).toContain(field);
    }
  });

  it('each is a ContractError naming that field, with a file:line:column, all within the bound', () => {
    const start = performance.now();
    const missed: string[] = [];
    for (const c of cases) {
      const text = JSON.stringify(c.document, null, 2);
      let error: unknown;
      try {
        parseContract(text, { file: 'wrong.json' });
      } catch (e) {
        error = e;
      }
      if (!(error instanceof ContractError)) {
        missed.push(`${c.path} = ${c.wrong}: ${error === undefined ? 'accepted' : String(error)}`);
        continue;
      }
      const named = error.problems.find((p) => p.path === c.path || p.path.startsWith(`${c.path}.`) || p.path.startsWith(`${c.path}[`));
      if (!named || named.location === null || named.message === '') missed.push(`${c.path} = ${c.wrong}: ${error.problems.map((p) => `${p.path} ${p.code}`).join('; ')}`);
    }
    expect(missed).toEqual([]);
    expect(performance.now() - start).toBeLessThan(BOUND_MS);
  });
});
