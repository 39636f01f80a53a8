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

const misses = [];
const count = quick ? 100 : 400;
for (let i = 0; i < count; i++) writeFileSync(join(dir, 'plugins', `miss-${i}.ts`), pluginSource(i, `-miss-${i}`));
for (let i = 0; i < count; i++) {
  const t = { filename: protectedFile, parent: { filename: join(dir, 'plugins', `miss-${i}.ts`) } };
  const t0 = process.hrtime.bigint();
  const report = api.guard(t, { contract, logger: silent });
  misses.push(ms(t0));
  if (!report.ok) throw new Error('benchmark plugin does not comply');
}
const warmMiss = { ...stats(misses), unit: 'ms per validation', goal: 0.3 };
process.stdout.write(JSON.stringify({ warmCached, warmMiss }));
