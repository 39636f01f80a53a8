// The benchmark suite: `npm run bench` (full) or `npm run bench -- --quick` (under a minute).
// Prints a table of every measure of the performance issue and writes bench/results.json.
// Paired measures (guarded vs unguarded, hooked vs unhooked) alternate in the same run and report
// the ratio, so the machine's noise affects both sides alike.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BASE_JS, CONTRACT, generate, pluginSource, pluginSourceJs } from './generate.mjs';

const quick = process.argv.includes('--quick');
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = pathToFileURL(join(root, 'dist/index.js')).href;
const bin = join(root, 'bin/importspy.js');
const work = mkdtempSync(join(tmpdir(), 'importspy-bench-'));
const api = await import(dist);
const silent = api.createLogger('error', () => {});

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), min: s[0], max: s[s.length - 1], runs: s.length };
};
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const results = {};

// 1 and 2: one validation in a warm process, through the public guard API (CommonJS form, so
// the importer is given rather than searched for).
function inProcess() {
  const dir = join(work, 'inproc');
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
  results.warmCached = { ...stats(batches), unit: 'ms per validation', goal: 0.02 };

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
  results.warmMiss = { ...stats(misses), unit: 'ms per validation', goal: 0.3 };
}

function time(args, options = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', ...options });
  const elapsed = ms(t0);
  if (r.status !== 0 && !options.allowFail) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { elapsed, r };
}

// 3: cold start, guarded vs unguarded, alternating.
function coldStart() {
  const dir = join(work, 'cold');
  // A project folder has node_modules: the on-disk cache lives in node_modules/.cache/importspy.
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  writeFileSync(join(dir, 'spymodel.yml'), CONTRACT);
  writeFileSync(join(dir, 'base.mjs'), BASE_JS);
  writeFileSync(join(dir, 'guarded.mjs'), `import { guard } from ${JSON.stringify(dist)};\nguard(import.meta, { contract: './spymodel.yml' });\nexport const ready = true;\n`);
  writeFileSync(join(dir, 'unguarded.mjs'), 'export const ready = true;\n');
  writeFileSync(join(dir, 'app-guarded.mjs'), pluginSourceJs(1, "import { PluginBase } from './base.mjs';\nimport './guarded.mjs';"));
  writeFileSync(join(dir, 'app-unguarded.mjs'), pluginSourceJs(1, "import { PluginBase } from './base.mjs';\nimport './unguarded.mjs';"));
  const guarded = [];
  const plain = [];
  // The first guarded run fills the cache; it is reported on its own.
  const first = time([join(dir, 'app-guarded.mjs')], { cwd: dir }).elapsed;
  for (let i = 0; i < (quick ? 10 : 30); i++) {
    guarded.push(time([join(dir, 'app-guarded.mjs')], { cwd: dir }).elapsed);
    plain.push(time([join(dir, 'app-unguarded.mjs')], { cwd: dir }).elapsed);
  }
  const g = stats(guarded);
  const p = stats(plain);
  results.coldStart = { guarded: g, unguarded: p, added: g.median - p.median, ratio: g.median / p.median, firstRunMs: first, unit: 'ms per process', goal: 20 };
}

// 4 and 5: the CLI over generated plugin folders.
function checkMany(count, key, goalMs, goalMb, jobs = availableParallelism()) {
  const dir = join(work, `many-${count}`);
  const { contract, plugins } = generate(dir, count);
  const wrapper = join(work, 'rss.mjs');
  writeFileSync(
    wrapper,
    `import { cli } from ${JSON.stringify(pathToFileURL(join(root, 'dist/cli/index.js')).href)};\n` +
      `const sink = { write() { return true; } };\n` +
      `const code = await cli(process.argv.slice(2), { stdout: sink, stderr: process.stderr, env: process.env, cwd: process.cwd() });\n` +
      `process.stderr.write('RSS ' + process.resourceUsage().maxRSS + '\\n');\nprocess.exitCode = code;\n`,
  );
  const runs = [];
  let rss = 0;
  for (let i = 0; i < (quick || count > 1000 ? 1 : 3); i++) {
    const { elapsed, r } = time([wrapper, 'check', plugins, '-c', contract, '--format', 'json', '--jobs', String(jobs)], { cwd: dir });
    runs.push(elapsed);
    rss = Math.max(rss, Number(/RSS (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024);
  }
  results[key] = { ...stats(runs), peakRssMb: rss, jobs, unit: 'ms wall', goal: goalMs, ...(goalMb ? { goalRssMb: goalMb } : {}) };
  rmSync(dir, { recursive: true, force: true });
}

// 6: loader hooks, an app importing 300 modules with one protected package.
function hooks() {
  const dir = join(work, 'hooks');
  const pkg = join(dir, 'node_modules', 'protected-pkg');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'protected-pkg', version: '1.0.0', type: 'module', exports: './index.js', importspy: { contract: './spymodel.yml' } }));
  writeFileSync(join(pkg, 'index.js'), 'export const answer = 42;\n');
  writeFileSync(join(pkg, 'spymodel.yml'), 'variables:\n  - name: uses_protected\n');
  const lines = [];
  for (let i = 0; i < 300; i++) {
    const body = i === 0 ? "import { answer } from 'protected-pkg';\nexport const uses_protected = answer;\n" : `export const value${i} = ${i};\n`;
    writeFileSync(join(dir, `m${i}.mjs`), body);
    lines.push(`import './m${i}.mjs';`);
  }
  writeFileSync(join(dir, 'app.mjs'), `${lines.join('\n')}\n`);
  const register = join(root, 'dist/loader/register.js');
  const hooked = [];
  const plain = [];
  for (let i = 0; i < (quick ? 8 : 25); i++) {
    hooked.push(time(['--import', pathToFileURL(register).href, join(dir, 'app.mjs')], { cwd: dir }).elapsed);
    plain.push(time([join(dir, 'app.mjs')], { cwd: dir }).elapsed);
  }
  const h = stats(hooked);
  const p = stats(plain);
  results.hooks = { hooked: h, unhooked: p, ratio: h.median / p.median, unit: 'ms per process', goal: 1.15 };
}

const steps = [
  ['in-process validation', inProcess],
  ['cold start', coldStart],
  ['check 1,000 plugins', () => checkMany(1000, 'check1k', 500)],
  ['check 1,000 plugins, one thread', () => checkMany(1000, 'check1kSerial', 500, undefined, 1)],
  ...(quick ? [] : [['check 10,000 plugins', () => checkMany(10000, 'check10k', 3000, 400)]]),
  ['loader hooks', hooks],
];
for (const [name, fn] of steps) {
  process.stderr.write(`bench: ${name}…\n`);
  fn();
}

const f = (n, d = 2) => (n === undefined ? '-' : n.toFixed(d));
const rows = [
  ['one validation, warm, cached', `${f(results.warmCached.median, 4)} ms (p95 ${f(results.warmCached.p95, 4)})`, '≤ 0.02 ms', results.warmCached.median <= 0.02],
  ['one validation, warm, new module', `${f(results.warmMiss.median, 3)} ms (p95 ${f(results.warmMiss.p95, 3)})`, '≤ 0.3 ms', results.warmMiss.median <= 0.3],
  ['cold start, guarded vs unguarded', `+${f(results.coldStart.added, 1)} ms (${f(results.coldStart.guarded.median, 1)} vs ${f(results.coldStart.unguarded.median, 1)}, ×${f(results.coldStart.ratio)})`, '≤ +20 ms', results.coldStart.added <= 20],
  ['check 1,000 plugins', `${f(results.check1k.median, 0)} ms wall, ${f(results.check1k.peakRssMb, 0)} MB (--jobs ${results.check1k.jobs})`, '≤ 500 ms', results.check1k.median <= 500],
  ['check 1,000 plugins, --jobs 1', `${f(results.check1kSerial.median, 0)} ms wall, ${f(results.check1kSerial.peakRssMb, 0)} MB`, '≤ 500 ms', results.check1kSerial.median <= 500],
  ...(results.check10k ? [['check 10,000 plugins', `${f(results.check10k.median, 0)} ms wall, ${f(results.check10k.peakRssMb, 0)} MB`, '≤ 3000 ms, ≤ 400 MB', results.check10k.median <= 3000 && results.check10k.peakRssMb <= 400]] : []),
  ['loader hooks, 300 modules', `×${f(results.hooks.ratio)} (${f(results.hooks.hooked.median, 1)} vs ${f(results.hooks.unhooked.median, 1)} ms)`, '≤ ×1.15', results.hooks.ratio <= 1.15],
];
const machine = { node: process.version, cores: availableParallelism(), platform: `${process.platform}-${process.arch}`, quick, date: new Date().toISOString() };
console.log(`\nImportSpy benchmarks — Node ${machine.node}, ${machine.cores} cores, ${machine.platform}${quick ? ' (quick)' : ''}\n`);
const widths = [34, 58, 20];
console.log(['measure', 'result', 'goal', 'met'].map((h, i) => h.padEnd(widths[i] ?? 4)).join(' '));
for (const [name, value, goal, met] of rows) console.log([name.padEnd(widths[0]), value.padEnd(widths[1]), goal.padEnd(widths[2]), met ? 'yes' : 'NO'].join(' '));
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({ machine, results }, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
