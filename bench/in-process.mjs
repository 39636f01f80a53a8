// One validation in a warm process, through the public guard API (CommonJS form, so the
// importer is given rather than searched for). run.mjs starts this file on each Node it
// measures: `node in-process.mjs <work folder> <quick: 0 or 1>` prints the figures as JSON.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, pluginSource } from './generate.mjs';
import { ms, stats } from './stats.mjs';

const [dir, quickFlag] = process.argv.slice(2);
const quick = quickFlag === '1';
const api = await import(new URL('../dist/index.js', import.meta.url).href);
const silent = api.createLogger('error', () => {});

const { contract } = generate(dir, 1);
const protectedFile = join(dir, 'protected.cjs');
writeFileSync(protectedFile, '');
const plugin = join(dir, 'plugins', 'plugin-0.ts');
const target = { filename: protectedFile, parent: { filename: plugin } };
api.guard(target, { contract, logger: silent });
const batches = [];
const perBatch = 200;
for (let b = 0; b < (quick ? 20 : 100); b++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < perBatch; i++) api.guard(target, { contract, logger: silent });
  batches.push(ms(t0) / perBatch);
}
const warmCached = { ...stats(batches), unit: 'ms per validation', goal: 0.02 };

// New modules: each call has an importer the process has never seen (read, parse, analyse,
// validate; the base class file is shared). The first of them also warm the JIT up for the
// analysis code; the goal is about a warm process, so those are reported apart ("first") and the
// goal's figure is taken over the misses after them.
const firstCount = quick ? 100 : 200;
const count = quick ? 200 : 400;
const missFiles = [];
for (let i = 0; i < firstCount + count; i++) {
  const file = join(dir, 'plugins', `miss-${i}.ts`);
  writeFileSync(file, pluginSource(i, `-miss-${i}`));
  missFiles.push(file);
}
const timeMiss = (file) => {
  const t = { filename: protectedFile, parent: { filename: file } };
  const t0 = process.hrtime.bigint();
  const report = api.guard(t, { contract, logger: silent });
  const took = ms(t0);
  if (!report.ok) throw new Error('benchmark plugin does not comply');
  return took;
};
const first = missFiles.slice(0, firstCount).map(timeMiss);
const misses = missFiles.slice(firstCount).map(timeMiss);
const firstMisses = { ...stats(first), unit: 'ms per validation' };
const warmMiss = { ...stats(misses), unit: 'ms per validation', goal: 0.3 };
process.stdout.write(JSON.stringify({ warmCached, warmMiss, firstMisses }));
