/**
 * A plugin host validates each importer once and keeps its verdict and model, not its source text
 * and syntax tree: what a process holds grows by a few kilobytes per importer validated (it was
 * about 20 kB with the trees kept), measured after garbage collection in a process of its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const entry = pathToFileURL(path.join(import.meta.dirname, '..', '..', 'dist', 'index.js')).href;

const SCRIPT = `
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
const api = await import(process.argv[2]);
const dir = process.argv[3];
writeFileSync(join(dir, 'base.ts'), 'export class Base { describe(): string { return "b"; } }\\n');
const source = (i) => [
  "import { Base } from './base.js';",
  'export const name_' + i + ": string = 'p" + i + "';",
  'export class Plugin extends Base {',
  "  static kind: string = 'k';",
  '  state: Map<string, number> = new Map();',
  '  run(input: string, retries: number = 3): Promise<string> { return Promise.resolve(input + retries + ' + i + '); }',
  '  stop(force: boolean = false): boolean { return force || ' + i + ' > 0; }',
  '}',
].join('\\n');
const contract = { classes: [{ name: 'Plugin', methods: [{ name: 'run', arguments: [{ name: 'input', annotation: 'string' }, { name: 'retries', annotation: 'number' }] }] }] };
const logger = api.createLogger('error', () => {});
const target = join(dir, 'protected.cjs');
writeFileSync(target, '');
const count = 400;
for (let i = 0; i < count; i++) writeFileSync(join(dir, 'p' + i + '.ts'), source(i));
const check = (i) => {
  const report = api.guard({ filename: target, parent: { filename: join(dir, 'p' + i + '.ts') } }, { contract, logger });
  if (!report.ok) throw new Error('plugin ' + i + ' does not comply');
};
for (let i = 0; i < 50; i++) check(i);
globalThis.gc(); globalThis.gc();
const before = process.memoryUsage().heapUsed;
for (let i = 50; i < count; i++) check(i);
globalThis.gc(); globalThis.gc();
process.stdout.write(String((process.memoryUsage().heapUsed - before) / (count - 50)));
`;

it('keeps a few kilobytes per importer validated, not its syntax tree', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'importspy-memory-'));
  writeFileSync(path.join(dir, 'measure.mjs'), SCRIPT);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(dir, 'measure.mjs'), entry, dir], { encoding: 'utf8', env: { ...process.env, IMPORTSPY_CACHE: '0' } });
  expect(r.stderr).toBe('');
  const perImporter = Number(r.stdout);
  expect(perImporter).toBeGreaterThan(0);
  expect(perImporter).toBeLessThan(12 * 1024);
});
