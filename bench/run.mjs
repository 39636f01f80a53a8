// The benchmark suite: `npm run bench` (full) or `npm run bench -- --quick` (under a minute).
// Prints a table of every measure of the performance issue and writes bench/results.json.
// Paired measures (guarded vs unguarded, hooked vs unhooked) alternate in the same run and report
// the ratio, so the machine's noise affects both sides alike.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BASE_JS, CONTRACT, generate, pluginSourceJs } from './generate.mjs';
import { PINNED, prepareApps, prepareTree } from './apps.mjs';
import { ms, stats } from './stats.mjs';

const quick = process.argv.includes('--quick');
// `--node 22,26`: the start-up measures also run on these Node versions (installed by
// scripts/runtimes.sh into its cache); IMPORTSPY_BENCH_NODES may name binaries directly.
const nodeFlag = process.argv.indexOf('--node');
const nodeArg = process.argv.find((a) => a.startsWith('--node='))?.slice(7) ?? (nodeFlag > 0 ? process.argv[nodeFlag + 1] : undefined);
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = pathToFileURL(join(root, 'dist/index.js')).href;
const bin = join(root, 'bin/importspy.js');
const work = mkdtempSync(join(tmpdir(), 'importspy-bench-'));

const results = {};

const nodeVersion = (node) => execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
const nodes = [process.execPath];
for (const v of (nodeArg ?? '').split(',').filter(Boolean)) {
  nodes.push(execFileSync('bash', ['-c', `source scripts/runtimes.sh && node_bin ${v}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim());
}
for (const n of (process.env.IMPORTSPY_BENCH_NODES ?? '').split(':').filter(Boolean)) nodes.push(n);
const runtimes = [...new Set(nodes)].map((node) => {
  const version = nodeVersion(node);
  const [major, minor] = version.split('.').map(Number);
  // module.registerHooks: in-thread hooks (22.15+, 23.5+); otherwise module.register's thread.
  return { node, version, syncHooks: major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 15) };
});

const silentEnv = () => {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('IMPORTSPY_') || k === 'NODE_OPTIONS') delete env[k];
  return env;
};

// Each measured process also reports the CPU time it used (user + system, all its threads) as
// it exits: on a shared machine, waiting for a core inflates wall times, CPU time much less.
const cpuReporter = join(work, 'cpu-at-exit.cjs');
writeFileSync(cpuReporter, "process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeSync(2, '\\nIMPORTSPY_BENCH_CPU ' + (u.user + u.system) / 1000 + ' IMPORTSPY_BENCH_RSS ' + process.resourceUsage().maxRSS + '\\n'); });\n");

/**
 * Runs `a` and `b` in turn, `runs` pairs, and gives each side's stats and the per-pair ratio and
 * difference, of wall time and of CPU time.
 */
function paired(node, a, b, runs) {
  const once = (side) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(node, ['-r', cpuReporter, ...side.args], { cwd: side.cwd, env: silentEnv(), encoding: 'utf8' });
    const elapsed = ms(t0);
    if (r.status !== 0) throw new Error(`${node} ${side.args.join(' ')} (in ${side.cwd}) exited ${r.status}: ${r.stderr.slice(0, 800)}`);
    const cpu = Number(/IMPORTSPY_BENCH_CPU (\S+)/.exec(r.stderr)?.[1] ?? NaN);
    return { elapsed, cpu, stdout: r.stdout };
  };
  once(a);
  once(b);
  const as = [];
  const bs = [];
  const ratios = [];
  const diffs = [];
  const cpuRatios = [];
  const cpuDiffs = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which side goes first, so neither always runs on a warmer machine.
    const [x, y] = i % 2 ? [null, once(b)] : [once(a), null];
    const ra = x ?? once(a);
    const rb = y ?? once(b);
    as.push(ra.elapsed);
    bs.push(rb.elapsed);
    ratios.push(ra.elapsed / rb.elapsed);
    diffs.push(ra.elapsed - rb.elapsed);
    cpuRatios.push(ra.cpu / rb.cpu);
    cpuDiffs.push(ra.cpu - rb.cpu);
  }
  return {
    measured: stats(as),
    baseline: stats(bs),
    ratio: stats(ratios).median,
    added: stats(diffs).median,
    cpuRatio: stats(cpuRatios).median,
    cpuAdded: stats(cpuDiffs).median,
    unit: 'ms per process',
  };
}

const registerUrl = pathToFileURL(join(root, 'dist/loader/register.js')).href;

// 5: one validation in a warm process (bench/in-process.mjs), on every Node measured.
function inProcess() {
  results.inProcess = {};
  for (const rt of runtimes) {
    const dir = join(work, `inproc-${rt.version}`);
    const r = spawnSync(rt.node, [join(root, 'bench', 'in-process.mjs'), dir, quick ? '1' : '0'], { cwd: root, env: silentEnv(), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`in-process validation on Node ${rt.version} exited ${r.status}: ${r.stderr.slice(0, 800)}`);
    results.inProcess[rt.version] = JSON.parse(r.stdout);
  }
}

/** The CPU time (all threads) a process run with `-r cpuReporter` reported as it exited. */
const cpuOf = (r) => Number(/IMPORTSPY_BENCH_CPU (\S+)/.exec(r.stderr)?.[1] ?? NaN);
/** Its peak resident set, in MB. */
const rssOf = (r) => Number(/IMPORTSPY_BENCH_RSS (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;

function time(args, options = {}, node = process.execPath) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(node, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const elapsed = ms(t0);
  if (r.error) throw r.error;
  if (r.status !== 0 && !options.allowFail) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { elapsed, r };
}

// 3: cold start, guarded vs unguarded, alternating, on every Node; a second guarded module has a
// contract with `libc:`, which must not cost a diagnostic report.
function coldStart() {
  const dir = join(work, 'cold');
  // A project folder has node_modules: the on-disk cache lives in node_modules/.cache/importspy.
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  writeFileSync(join(dir, 'spymodel.yml'), CONTRACT);
  writeFileSync(join(dir, 'libc.yml'), 'deployments:\n  - systems:\n      - os: linux\n        libc: glibc\n      - os: darwin\n      - os: windows\n');
  writeFileSync(join(dir, 'base.mjs'), BASE_JS);
  for (const [name, contract] of [['guarded', 'spymodel.yml'], ['guarded-libc', 'libc.yml']]) {
    writeFileSync(join(dir, `${name}.mjs`), `import { guard } from ${JSON.stringify(dist)};\nguard(import.meta, { contract: './${contract}' });\nexport const ready = true;\n`);
    writeFileSync(join(dir, `app-${name}.mjs`), pluginSourceJs(1, `import { PluginBase } from './base.mjs';\nimport './${name}.mjs';`));
  }
  writeFileSync(join(dir, 'unguarded.mjs'), 'export const ready = true;\n');
  writeFileSync(join(dir, 'app-unguarded.mjs'), pluginSourceJs(1, "import { PluginBase } from './base.mjs';\nimport './unguarded.mjs';"));
  const side = (name) => ({ args: [join(dir, `app-${name}.mjs`)], cwd: dir });
  results.coldStart = {};
  for (const rt of runtimes) {
    // The first guarded run fills the cache; it is reported on its own.
    const t0 = process.hrtime.bigint();
    spawnSync(rt.node, [join(dir, 'app-guarded.mjs')], { cwd: dir, env: silentEnv() });
    const first = rt === runtimes[0] ? ms(t0) : undefined;
    const runs = quick ? 10 : 30;
    results.coldStart[rt.version] = {
      guarded: { ...paired(rt.node, side('guarded'), side('unguarded'), runs), firstRunMs: first, goal: 20 },
      libc: { ...paired(rt.node, side('guarded-libc'), side('unguarded'), runs), goal: 20 },
    };
  }
}

// 1: a process (and a worker thread) under the hooks, with a valid project configuration that
// protects a module it never imports, against the same without ImportSpy.
function startup() {
  const dir = join(work, 'startup');
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(join(dir, 'importspy.config.yml'), 'contracts:\n  - modules: "lib/**/*.js"\n    contract: ./contract.yml\n');
  writeFileSync(join(dir, 'contract.yml'), CONTRACT);
  writeFileSync(join(dir, 'lib', 'db.js'), 'export const db = 1;\n');
  writeFileSync(join(dir, 'worker.cjs'), "const { Worker } = require('node:worker_threads');\nconst t0 = performance.now();\nnew Worker('0', { eval: true }).on('exit', () => process.stdout.write(String(performance.now() - t0)));\n");
  results.startup = {};
  for (const rt of runtimes) {
    const runs = quick ? 10 : 30;
    const process_ = paired(rt.node, { args: ['--import', registerUrl, '-e', '0'], cwd: dir }, { args: ['-e', '0'], cwd: dir }, runs);
    // The worker's own start, timed inside the process from `new Worker` to its exit.
    const hooked = [];
    const plain = [];
    const worker = (args) => Number(spawnSync(rt.node, [...args, 'worker.cjs'], { cwd: dir, env: silentEnv(), encoding: 'utf8' }).stdout);
    worker(['--import', registerUrl]);
    for (let i = 0; i < runs; i++) {
      hooked.push(worker(['--import', registerUrl]));
      plain.push(worker([]));
    }
    const diffs = hooked.map((h, i) => h - (plain[i] ?? 0));
    results.startup[rt.version] = {
      process: { ...process_, goal: 15 },
      worker: { measured: stats(hooked), baseline: stats(plain), added: stats(diffs).median, unit: 'ms from new Worker() to its exit', goal: 15 },
      applies: rt.syncHooks,
    };
  }
}

// 2: express 5 and fastify 5 apps under the hooks, with a configuration protecting one of the
// framework's own modules and without one, against plain Node.
function realApps() {
  const apps = prepareApps();
  results.apps = { pinned: PINNED };
  for (const rt of runtimes) {
    const runs = quick ? 8 : 20;
    const out = {};
    for (const [name, app] of Object.entries(apps)) {
      const plain = { args: ['app.cjs'], cwd: app.plain };
      out[name] = {
        config: paired(rt.node, { args: ['--import', registerUrl, 'app.cjs'], cwd: app.configured }, plain, runs),
        noConfig: paired(rt.node, { args: ['--import', registerUrl, 'app.cjs'], cwd: app.plain }, plain, runs),
      };
    }
    results.apps[rt.version] = { ...out, goals: rt.syncHooks ? { config: 1.15, noConfig: 1.05 } : { config: 1.5, noConfig: 1.5 } };
  }
}

// 4: check over a real tree of published packages, imports-only contract, default --jobs,
// through the CLI's own bin as a user runs it, on every Node measured.
function checkTree() {
  const tree = prepareTree();
  for (const rt of runtimes) {
    const runs = [];
    const cpu = [];
    let modules = 0;
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      const { elapsed, r } = time(['-r', cpuReporter, bin, 'check', ...tree.packages, '-c', tree.contract, '--format', 'json'], { cwd: tree.dir, env: silentEnv(), allowFail: true }, rt.node);
      if (r.status !== 0 && r.status !== 1) throw new Error(`check over the tree exited ${r.status}: ${r.stderr.slice(0, 500)}`);
      modules = JSON.parse(r.stdout).summary.modules;
      runs.push(elapsed);
      cpu.push(cpuOf(r));
    }
    const s = stats(runs);
    ((results.check ??= {})[rt.version] ??= {}).tree = { ...s, cpuMs: stats(cpu).median, modules, filesPerSecond: modules / (s.median / 1000), packages: tree.packages, goal: 3000 };
  }
}

// 4 and 5: the CLI over generated plugin folders, on every Node measured.
// `jobs` undefined: the default --jobs, which the goals are stated for.
function checkMany(count, key, goalMs, goalMb, jobs = undefined) {
  const dir = join(work, `many-${count}`);
  const { contract, plugins } = generate(dir, count);
  for (const rt of runtimes) {
    const runs = [];
    const cpu = [];
    let rss = 0;
    for (let i = 0; i < (quick || count > 1000 ? 1 : 3); i++) {
      const { elapsed, r } = time(['-r', cpuReporter, bin, 'check', plugins, '-c', contract, '--format', 'json', ...(jobs === undefined ? [] : ['--jobs', String(jobs)])], { cwd: dir, env: silentEnv() }, rt.node);
      runs.push(elapsed);
      cpu.push(cpuOf(r));
      rss = Math.max(rss, rssOf(r));
    }
    ((results.check ??= {})[rt.version] ??= {})[key] = { ...stats(runs), cpuMs: stats(cpu).median, peakRssMb: rss, jobs: jobs ?? 'default', unit: 'ms wall', goal: goalMs, ...(goalMb ? { goalRssMb: goalMb } : {}) };
  }
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
  ['start-up with a configuration', startup],
  ['in-process validation', inProcess],
  ['cold start', coldStart],
  ['express and fastify', realApps],
  ['check 1,000 plugins', () => checkMany(1000, 'check1k', 400)],
  ['check 1,000 plugins, one thread', () => checkMany(1000, 'check1kSerial', 400, undefined, 1)],
  ['check a tree of published packages', checkTree],
  ...(quick ? [] : [['check 10,000 plugins', () => checkMany(10000, 'check10k', 3000, 400)]]),
  ['loader hooks, 300 modules', hooks],
];
// `--only startup,cold,apps,hooks`: only the steps whose name contains one of these words.
const only = (process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? (process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '') ?? '').split(',').filter(Boolean);
for (const [name, fn] of steps) {
  if (only.length > 0 && !only.some((word) => name.includes(word))) continue;
  process.stderr.write(`bench: ${name}…\n`);
  fn();
}

const f = (n, d = 2) => (n === undefined ? '-' : n.toFixed(d));
const plus = (n) => `${n >= 0 ? '+' : ''}${f(n, 1)} ms`;
const rows = [];
for (const rt of results.startup ? runtimes : []) {
  const s = results.startup[rt.version];
  const scope = s.applies ? '' : ' (goal is for 22.15+)';
  rows.push([`Node ${rt.version}: start-up, config, nothing protected imported`, `${plus(s.process.added)} (${f(s.process.measured.median, 1)} vs ${f(s.process.baseline.median, 1)}); cpu ${plus(s.process.cpuAdded)}`, `≤ +15 ms${scope}`, s.applies ? s.process.added <= 15 : null]);
  rows.push([`Node ${rt.version}: a worker thread's start, same`, `${plus(s.worker.added)} (${f(s.worker.measured.median, 1)} vs ${f(s.worker.baseline.median, 1)} ms)`, `≤ +15 ms${scope}`, s.applies ? s.worker.added <= 15 : null]);
}
for (const rt of results.inProcess ? runtimes : []) {
  const { warmCached, warmMiss, firstMisses } = results.inProcess[rt.version];
  rows.push([`Node ${rt.version}: one validation, warm, cached`, `${f(warmCached.median, 4)} ms (p95 ${f(warmCached.p95, 4)})`, '≤ 0.02 ms', warmCached.median <= 0.02]);
  rows.push([`Node ${rt.version}: one validation, warm, new module`, `${f(warmMiss.median, 3)} ms (p95 ${f(warmMiss.p95, 3)}; the ${firstMisses.runs} before it, JIT warming: ${f(firstMisses.median, 3)} ms)`, '≤ 0.3 ms', warmMiss.median <= 0.3]);
}
for (const rt of results.coldStart ? runtimes : []) {
  const c = results.coldStart[rt.version];
  rows.push([`Node ${rt.version}: cold start, guarded`, `${plus(c.guarded.added)} (×${f(c.guarded.ratio)}); cpu ${plus(c.guarded.cpuAdded)}`, '≤ +20 ms', c.guarded.added <= 20]);
  rows.push([`Node ${rt.version}: cold start, guarded, libc contract`, `${plus(c.libc.added)} (×${f(c.libc.ratio)}); cpu ${plus(c.libc.cpuAdded)}`, '≤ +20 ms', c.libc.added <= 20]);
}
for (const rt of results.apps ? runtimes : []) {
  const a = results.apps[rt.version];
  for (const name of ['express', 'fastify']) {
    rows.push([`Node ${rt.version}: ${name} ${PINNED[name]}, hooks + config`, `×${f(a[name].config.ratio)} (${f(a[name].config.measured.median, 0)} vs ${f(a[name].config.baseline.median, 0)} ms); cpu ×${f(a[name].config.cpuRatio)}`, `≤ ×${a.goals.config}`, a[name].config.ratio <= a.goals.config]);
    rows.push([`Node ${rt.version}: ${name} ${PINNED[name]}, hooks, no config`, `×${f(a[name].noConfig.ratio)} (${f(a[name].noConfig.measured.median, 0)} vs ${f(a[name].noConfig.baseline.median, 0)} ms); cpu ×${f(a[name].noConfig.cpuRatio)}`, `≤ ×${a.goals.noConfig}`, a[name].noConfig.ratio <= a.goals.noConfig]);
  }
}
const perSecond = (count, msWall) => count / (msWall / 1000);
for (const rt of results.check ? runtimes : []) {
  const { check1k, check1kSerial, tree, check10k } = results.check[rt.version] ?? {};
  if (check1k) rows.push([`Node ${rt.version}: check 1,000 plugins`, `${f(perSecond(1000, check1k.median), 0)} modules/s (${f(check1k.median, 0)} ms, cpu ${f(check1k.cpuMs, 0)} ms, ${f(check1k.peakRssMb, 0)} MB, default --jobs)`, '≥ 2,500 modules/s', perSecond(1000, check1k.median) >= 2500]);
  if (check1kSerial) rows.push([`Node ${rt.version}: check 1,000 plugins, --jobs 1`, `${f(perSecond(1000, check1kSerial.median), 0)} modules/s (${f(check1kSerial.median, 0)} ms, cpu ${f(check1kSerial.cpuMs, 0)} ms)`, '(for reference)', null]);
  if (tree) rows.push([`Node ${rt.version}: check ${tree.modules.toLocaleString('en')} files of npm packages, imports only`, `${f(tree.filesPerSecond, 0)} files/s (${f(tree.median, 0)} ms, cpu ${f(tree.cpuMs, 0)} ms, default --jobs)`, '≥ 3,000 files/s', tree.filesPerSecond >= 3000]);
  if (check10k) rows.push([`Node ${rt.version}: check 10,000 plugins`, `${f(check10k.median, 0)} ms wall, ${f(check10k.peakRssMb, 0)} MB`, '≤ 3000 ms, ≤ 400 MB', check10k.median <= 3000 && check10k.peakRssMb <= 400]);
}
if (results.hooks) rows.push(['loader hooks, 300 modules', `×${f(results.hooks.ratio)} (${f(results.hooks.hooked.median, 1)} vs ${f(results.hooks.unhooked.median, 1)} ms)`, '≤ ×1.15', results.hooks.ratio <= 1.15]);

const machine = { node: process.version, nodes: runtimes.map((r) => r.version), cores: availableParallelism(), platform: `${process.platform}-${process.arch}`, quick, date: new Date().toISOString() };
console.log(`\nImportSpy benchmarks — Node ${runtimes.map((r) => r.version).join(', ')}, ${machine.cores} cores, ${machine.platform}${quick ? ' (quick)' : ''}\n`);
const widths = [66, 62, 20];
console.log(['measure', 'figure', 'goal', 'met'].map((h, i) => h.padEnd(widths[i] ?? 4)).join(' '));
for (const [name, value, goal, met] of rows) console.log([name.padEnd(widths[0]), value.padEnd(widths[1]), goal.padEnd(widths[2]), met === null ? '-' : met ? 'yes' : 'NO'].join(' '));
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({ machine, results }, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
