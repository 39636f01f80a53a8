/**
 * Concurrency under the loader hooks: one Node process starts 200 dynamic `import()`s at once —
 * of importers generated into a temporary project, compliant and non-compliant interleaved — and
 * every one must get exactly its own verdict: fulfilled for a compliant importer, rejected with
 * `ERR_IMPORT_CONTRACT` and exactly the violations of *that* importer for the others, whose code
 * must never run. The importers reach four kinds of protected module, so every enforcement path
 * runs concurrently with the others:
 *
 * - `pkg-esm`:  a static `import` of a package protected by its package.json contract;
 * - `pkg-cjs`:  a `require()` of the same package (on Node 20 the CommonJS patch, in the main
 *               thread, while the ES imports are decided on the hooks thread);
 * - `config`:   a top-level `await import()` of a module the project configuration protects;
 * - `guarded`:  a top-level `await import()` of an embedded-guard module (one URL per importer,
 *               `?i=N`), whose guard finds its importer through the hooks' record of resolutions;
 *
 * and a fifth kind of non-compliance, `denied`: an importer that satisfies the package's contract
 * and then makes a computed `import()` of a builtin the contract denies (the rules learnt while
 * validating it must apply to that importer, not to a neighbour).
 *
 * The process runs a few times on every Node of IMPORTSPY_TEST_NODES (see hooks.test.ts).
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REGISTER = process.env['IMPORTSPY_TEST_REGISTER'] ?? join(ROOT, 'dist/loader/register.js');
// The guard comes from the same build as the hooks.
const INDEX = join(dirname(REGISTER), '..', 'index.js');
const NODES = (process.env['IMPORTSPY_TEST_NODES'] ?? process.execPath).split(delimiter).filter(Boolean);

const IMPORTERS = 200;
const RUNS = 3;

type Kind = 'pkg-esm' | 'pkg-cjs' | 'config' | 'guarded';
const KINDS: readonly Kind[] = ['pkg-esm', 'pkg-cjs', 'config', 'guarded'];

/** What one importer should get: nothing (admitted) or exactly these `code path` violations. */
interface Plan {
  name: string;
  kind: Kind;
  violations: string[];
}

/** What the driver saw for one importer. */
interface Outcome {
  name: string;
  status: 'fulfilled' | 'rejected';
  errorName?: string;
  code?: string;
  violations?: string[];
  importer?: string | null;
  via?: string | null;
  message?: string;
}

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'concurrency-app', version: '1.0.0', private: true, type: 'module' }),
  'importspy.config.yml': 'contracts:\n  - modules: "lib/db.js"\n    contract: ./contracts/storage.yml\n',
  'contracts/storage.yml': 'variables:\n  - name: STORAGE_NAMESPACE\n',
  'contracts/guarded.yml': 'functions:\n  - name: start\n',
  'lib/db.js': 'export function query(namespace, sql) {\n  return `${namespace}: ${sql}`;\n}\n',
  'lib/guarded.js': [
    `import { guard } from ${JSON.stringify(pathToFileURL(INDEX).href)};`,
    "export const report = guard(import.meta, { contract: '../contracts/guarded.yml' });",
    'export const id = new URL(import.meta.url).searchParams.get("i");',
    '',
  ].join('\n'),
  'node_modules/protected-pkg/package.json': JSON.stringify({
    name: 'protected-pkg',
    version: '1.0.0',
    exports: { '.': { import: './index.mjs', require: './index.cjs' } },
    importspy: { contract: './spymodel.yml' },
  }),
  'node_modules/protected-pkg/spymodel.yml': 'functions:\n  - name: activate\nvariables:\n  - name: PLUGIN_NAME\nimports:\n  deny: ["node:child_process"]\n',
  'node_modules/protected-pkg/index.mjs': 'export function hello(name) {\n  return `hello, ${name}`;\n}\n',
  'node_modules/protected-pkg/index.cjs': 'exports.hello = (name) => `hello, ${name}`;\n',
  // Starts every import in one synchronous loop, then reports each outcome as one JSON line.
  'driver.mjs': `
import { readFileSync } from 'node:fs';
globalThis.ran = new Set();
const plan = JSON.parse(readFileSync(new URL('./plan.json', import.meta.url), 'utf8'));
const settled = await Promise.allSettled(plan.map((p) => import(new URL('./importers/' + p.name, import.meta.url).href)));
const outcomes = settled.map((s, i) => {
  const name = plan[i].name;
  if (s.status === 'fulfilled') return { name, status: s.status };
  const e = s.reason ?? {};
  const result = e.report?.results?.[0];
  return {
    name, status: s.status, errorName: e.name, code: e.code, message: String(e.message).slice(0, 300),
    violations: Array.isArray(e.violations) ? e.violations.map((v) => v.code + ' ' + v.path) : undefined,
    importer: result?.importer?.file ?? null, via: result?.importer?.via ?? null,
  };
});
console.log(JSON.stringify({ outcomes, ran: [...globalThis.ran] }));
`,
};

/** The source of importer `i` and what it must get. Compliant and non-compliant alternate. */
function importer(i: number): { plan: Plan; source: string } {
  const kind = KINDS[Math.floor(i / 2) % KINDS.length] as Kind;
  const compliant = i % 2 === 0;
  // Which rule a non-compliant importer breaks rotates too.
  const flavour = Math.floor(i / 8) % 3;
  const id = String(i).padStart(3, '0');
  const ran = `globalThis.ran.add(${JSON.stringify(id)});`;
  switch (kind) {
    case 'pkg-esm':
    case 'pkg-cjs': {
      const denied = !compliant && flavour === 2;
      const hasActivate = compliant || flavour !== 0;
      const hasName = compliant || flavour !== 1;
      // A CommonJS `require('node:...')` skips resolution on Node 20: half the denied ones use it.
      const prefixed = kind === 'pkg-esm' || Math.floor(i / 24) % 2 === 0;
      const deniedPath = prefixed ? 'imports.node:child_process' : 'imports.child_process';
      const violations = compliant ? [] : denied ? [`forbidden.import ${deniedPath}`] : hasActivate ? ['missing.variable variables.PLUGIN_NAME'] : ['missing.function functions.activate'];
      if (kind === 'pkg-esm') {
        const lines = ["import { hello } from 'protected-pkg';"];
        if (hasName) lines.push(`export const PLUGIN_NAME = 'p${id}';`);
        if (hasActivate) lines.push('export function activate() {\n  return hello(PLUGIN_NAME);\n}');
        if (denied) lines.push("const cp = await import(['node', 'child' + '_process'].join(':'));");
        lines.push(ran);
        return { plan: { name: `imp-${id}.mjs`, kind, violations }, source: lines.join('\n') + '\n' };
      }
      const lines = ["const { hello } = require('protected-pkg');"];
      if (hasName) lines.push(`exports.PLUGIN_NAME = 'p${id}';`);
      if (hasActivate) lines.push('exports.activate = function activate() {\n  return hello(exports.PLUGIN_NAME);\n};');
      if (denied) lines.push(`const cp = require(['${prefixed ? 'node:child' : 'child'}', 'process'].join('_'));`);
      lines.push(ran);
      return { plan: { name: `imp-${id}.cjs`, kind, violations }, source: lines.join('\n') + '\n' };
    }
    case 'config': {
      const lines = ["const { query } = await import('../lib/db.js');"];
      if (compliant) lines.push(`export const STORAGE_NAMESPACE = 'ns${id}';`);
      else lines.push(`export const namespace = 'ns${id}';`);
      lines.push('query("x", "select 1");', ran);
      return { plan: { name: `imp-${id}.mjs`, kind, violations: compliant ? [] : ['missing.variable variables.STORAGE_NAMESPACE'] }, source: lines.join('\n') + '\n' };
    }
    case 'guarded': {
      const lines = [
        `export async function ${compliant ? 'start' : 'begin'}() {\n  return 'g${id}';\n}`,
        `const { id } = await import('../lib/guarded.js?i=${id}');`,
        `if (id !== ${JSON.stringify(id)}) throw new Error('got the guarded module of ' + id);`,
        ran,
      ];
      return { plan: { name: `imp-${id}.mjs`, kind, violations: compliant ? [] : ['missing.function functions.start'] }, source: lines.join('\n') + '\n' };
    }
  }
}

function writeProject(dir: string): Plan[] {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  mkdirSync(join(dir, 'importers'));
  const plans: Plan[] = [];
  for (let i = 0; i < IMPORTERS; i++) {
    const { plan, source } = importer(i);
    writeFileSync(join(dir, 'importers', plan.name), source);
    plans.push(plan);
  }
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plans));
  return plans;
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('IMPORTSPY_') && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, NO_COLOR: '1', IMPORTSPY_CACHE: '0' };
}

function runDriver(node: string, dir: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const args = ['--import', pathToFileURL(REGISTER).href, 'driver.mjs'];
    const child = execFile(node, args, { cwd: dir, env: cleanEnv(), encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (_error, stdout, stderr) => {
      done({ status: child.exitCode, stdout, stderr });
    });
  });
}

function version(node: string): string {
  return spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

let dir = '';
let plans: Plan[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-concurrency-'));
  plans = writeProject(dir);
});
afterAll(() => {
  // IMPORTSPY_TEST_KEEP=1 keeps the generated project, to rerun its driver.mjs by hand.
  if (dir && !process.env['IMPORTSPY_TEST_KEEP']) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(existsSync(REGISTER)).each(NODES.map((node) => ({ node, label: `${version(node)} (${node})` })))('loader hooks under 200 concurrent imports on Node $label', ({ node }) => {
  it('plans compliant and non-compliant importers of every kind, interleaved', () => {
    expect(plans).toHaveLength(IMPORTERS);
    for (const kind of KINDS) {
      expect(plans.filter((p) => p.kind === kind && p.violations.length === 0).length).toBeGreaterThan(0);
      expect(plans.filter((p) => p.kind === kind && p.violations.length > 0).length).toBeGreaterThan(0);
    }
    expect(plans.filter((p) => p.violations.length === 0)).toHaveLength(IMPORTERS / 2);
    expect(new Set(plans.flatMap((p) => p.violations)).size).toBe(6);
    expect(plans.filter((p) => p.kind === 'pkg-cjs' && p.violations.includes('forbidden.import imports.node:child_process')).length).toBeGreaterThan(0);
  });

  for (let run = 1; run <= RUNS; run++) {
    it(`gives every importer exactly its own verdict (run ${run} of ${RUNS})`, async () => {
      const r = await runDriver(node, dir);
      expect(r.status, r.stderr).toBe(0);
      const { outcomes, ran } = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { outcomes: Outcome[]; ran: string[] };
      expect(outcomes).toHaveLength(IMPORTERS);
      const wrong: string[] = [];
      plans.forEach((plan, i) => {
        const got = outcomes[i];
        const id = plan.name.slice(4, 7);
        const file = join(dir, 'importers', plan.name);
        const expected = plan.violations.length === 0 ? 'fulfilled' : `rejected ERR_IMPORT_CONTRACT ${plan.violations.join(', ')} by ${file}`;
        const actual =
          got?.status === 'rejected' ? `rejected ${got.code ?? got.errorName ?? '?'} ${(got.violations ?? []).join(', ')} by ${got.importer ?? '?'}` : String(got?.status);
        if (actual !== expected) wrong.push(`${plan.name} (${plan.kind}): expected ${expected}, got ${actual}${got?.message ? ` — ${got.message}` : ''}`);
        // A refused importer's own code never runs; an admitted one's always does.
        if (ran.includes(id) !== (plan.violations.length === 0)) wrong.push(`${plan.name} (${plan.kind}): its code ${ran.includes(id) ? 'ran' : 'did not run'}`);
        // The guard must have found the importer through the hooks, not guessed.
        if (plan.kind === 'guarded' && got?.status === 'rejected' && got.via !== 'hooks') wrong.push(`${plan.name}: importer found via ${got.via ?? 'nothing'}`);
      });
      expect(wrong, wrong.slice(0, 20).join('\n')).toEqual([]);
    }, 90_000);
  }
});
