/**
 * The import edge as an attacker sees it (issue 12, items 3–6): every way of reaching a protected
 * package without the importer's verdict and rules applying first. A temporary project holds
 * `guarded`, a package protected by its package.json contract (plugins only; child_process
 * denied), and importers that try each way in. Each importer prints `got: child_process` when it
 * obtained the denied builtin and `ran: <file>` when it got past the protected import, so the
 * output proves what ran. Every case runs in real Node processes on every Node of
 * IMPORTSPY_TEST_NODES, under `--import importspy/register`.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODES, REGISTER, REGISTER_URL, ROOT, hasRegisterHooks, node, nodeVersion, underHooks, writeTree, type Run } from '../loader/spawn.js';

const PLUGIN_ESM = "export const PLUGIN_NAME = 'p';\nexport function activate() {}\n";
const PLUGIN_CJS = "exports.PLUGIN_NAME = 'p';\nexports.activate = () => {};\n";
const CHILD = "['child', 'process'].join('_')";

let dir: string;
const files = (): Record<string, string> => ({
  'package.json': JSON.stringify({ name: 'edges-app', private: true }),
  'node_modules/guarded/package.json': JSON.stringify({
    name: 'guarded',
    version: '1.0.0',
    exports: { '.': { import: './index.mjs', require: './index.cjs' } },
    importspy: { contract: './spymodel.yml' },
  }),
  'node_modules/guarded/index.mjs': "export function hello(name) { return `hello ${name}`; }\n",
  'node_modules/guarded/index.cjs': 'exports.hello = (name) => `hello ${name}`;\n',
  // The same contract on a CommonJS-only package, which Node 20's ES loader hands to Module._load without a parent.
  'node_modules/guarded-cjs/package.json': JSON.stringify({ name: 'guarded-cjs', version: '1.0.0', main: 'index.js', importspy: { contract: '../guarded/spymodel.yml' } }),
  'node_modules/guarded-cjs/index.js': 'exports.hello = (name) => `hello ${name}`;\n',
  'esm-imports-cjs.mjs': `import { hello } from 'guarded-cjs';\n${PLUGIN_ESM}console.log('ran: esm-imports-cjs.mjs', hello('x'));\n`,
  'node_modules/guarded/spymodel.yml': 'functions:\n  - name: activate\nvariables:\n  - name: PLUGIN_NAME\nimports:\n  deny: ["node:child_process"]\n',
  // Item 3: the denied builtin is taken before the first import of the protected package.
  'order-import.mjs': `${PLUGIN_ESM}const cp = await import(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nconst { hello } = await import('guarded');\nconsole.log('ran: order-import.mjs', hello('x'));\n`,
  'order-require.cjs': `${PLUGIN_CJS}const cp = require(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nconst { hello } = require('guarded');\nconsole.log('ran: order-require.cjs', hello('x'));\n`,
  // The same from an installed package: one whose contract binds is in sight of its node_modules.
  'node_modules/plugin-order/package.json': JSON.stringify({ name: 'plugin-order', version: '1.0.0', main: 'index.cjs' }),
  'node_modules/plugin-order/index.cjs': `${PLUGIN_CJS}const cp = require(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nrequire('guarded');\nconsole.log('ran: installed-order.cjs');\n`,
  'installed-order.cjs': "require('plugin-order');\n",
  // The protected module named as require() finds it, without its extension: resolved as a require, not an import.
  'order-extensionless.cjs': `${PLUGIN_CJS}const cp = require(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nrequire('./node_modules/guarded-cjs/index');\nconsole.log('ran: order-extensionless.cjs');\n`,
  'order-relative.mjs': `${PLUGIN_ESM}const cp = await import(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nawait import('./node_modules/guarded/index.mjs');\nconsole.log('ran: order-relative.mjs');\n`,
  'order-folder.cjs': `${PLUGIN_CJS}const cp = require(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nrequire('./node_modules/guarded-cjs');\nconsole.log('ran: order-folder.cjs');\n`,
  'order-create-require.mjs': `import { createRequire } from 'node:module';\n${PLUGIN_ESM}const load = createRequire(import.meta.url);\nconst cp = load(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nconst { hello } = await import('guarded');\nconsole.log('ran: order-create-require.mjs', hello('x'));\n`,
  // A refusal caught and tried again is refused again.
  'retry.cjs': `${PLUGIN_CJS}for (let i = 0; i < 2; i++) {\n  try { require(${CHILD}); console.log('got: child_process'); } catch (e) { console.log('refused:', e.code); }\n}\nrequire('guarded');\nconsole.log('ran: retry.cjs');\n`,
  // The same through the process's own loaders, which no resolve hook sees.
  'builtin.mjs': `${PLUGIN_ESM}const cp = process.getBuiltinModule(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nconst { hello } = await import('guarded');\nconsole.log('ran: builtin.mjs', hello('x'));\n`,
  'binding.cjs': `${PLUGIN_CJS}process.binding('spawn' + '_sync');\nconsole.log('got: child_process');\nrequire('guarded');\nconsole.log('ran: binding.cjs');\n`,
  // Reaching the package only through a computed specifier: bound late, so it fails closed.
  'late.mjs': `${PLUGIN_ESM}await import('node:' + 'os');\nconst { hello } = await import(['guar', 'ded'].join(''));\nconsole.log('ran: late.mjs', hello('x'));\n`,
  // Bound from its first edge, its computed imports of allowed modules are fine.
  'ok.mjs': `${PLUGIN_ESM}const os = await import('node:' + 'os');\nconst { hello } = await import('guarded');\nconsole.log('ran: ok.mjs', hello(typeof os.cpus));\n`,
  'ok.cjs': `${PLUGIN_CJS}const os = require('node:' + 'os');\nconst { hello } = require('guarded');\nconsole.log('ran: ok.cjs', hello(typeof os.cpus));\n`,
  // Item 4: edges with no identifiable importer.
  'vm-main.mjs': `import vm from 'node:vm';\nconst script = new vm.Script("import('guarded')", { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });\nconst ns = await script.runInThisContext();\nconsole.log('ran: vm-main.mjs', typeof ns.hello);\n`,
  'load-null.cjs': `const Module = require('node:module');\nconst path = require('node:path');\nconst g = Module._load(path.join(__dirname, 'node_modules', 'guarded', 'index.cjs'), null);\nconsole.log('ran: load-null.cjs', typeof g.hello);\n`,
  'data-url.mjs': `const target = new URL('./node_modules/guarded/index.mjs', import.meta.url).href;\nconst ns = await import('data:text/javascript,' + encodeURIComponent('export * from ' + JSON.stringify(target)));\nconsole.log('ran: data-url.mjs', typeof ns.hello);\n`,
  'worker-eval.mjs': `import { Worker } from 'node:worker_threads';\nconst w = new Worker("const g = require('guarded'); console.log('ran: worker-eval', typeof g.hello);", { eval: true });\nw.on('error', (e) => { console.log('worker refused:', e.code); });\nw.on('exit', (code) => console.log('worker exit', code));\n`,
  'worker-bare.mjs': `import { Worker } from 'node:worker_threads';\nconst w = new Worker(new URL('./worker-body.mjs', import.meta.url), { execArgv: [] });\nw.on('error', (e) => { console.log('worker refused:', e.code); });\nw.on('exit', (code) => console.log('worker exit', code));\n`,
  'worker-body.mjs': "const g = await import('guarded');\nconsole.log('ran: worker-body.mjs', typeof g.hello);\n",
  // The Worker class taken every other way: the hooks wrap it before it is first handed out.
  'worker-gbm.mjs': `const { Worker } = process.getBuiltinModule('node:worker_threads');\nconst w = new Worker("const g = require('guarded'); console.log('ran: worker-gbm', typeof g.hello);", { eval: true });\nw.on('error', (e) => { console.log('worker refused:', e.code); });\n`,
  'worker-require.cjs': `const { Worker } = require('worker_threads');\nconst w = new Worker("const g = require('guarded'); console.log('ran: worker-require', typeof g.hello);", { eval: true });\nw.on('error', (e) => { console.log('worker refused:', e.code); });\n`,
  // Taken by a preload that runs before the hooks are installed, and used after.
  'early-threads.cjs': "globalThis.earlyThreads = require('node:worker_threads');\n",
  'worker-early.mjs': `const w = new globalThis.earlyThreads.Worker("const g = require('guarded'); console.log('ran: worker-early', typeof g.hello);", { eval: true });\nw.on('error', (e) => { console.log('worker refused:', e.code); });\n`,
  'threads-loaded.cjs': "console.log('worker_threads loaded:', process.moduleLoadList.includes('NativeModule worker_threads'));\n",
  'poser.mjs': `import { createRequire } from 'node:module';\nconst pose = createRequire(new URL('./ok.cjs', import.meta.url));\nconst g = pose('guarded');\nconsole.log('ran: poser.mjs', typeof g.hello);\n`,
  // Item 5: an ES module loaded through require(), which imports the package and does not comply.
  'inner.mjs': "import { hello } from 'guarded';\nconsole.log('ran: inner.mjs', hello('x'));\nexport const x = 1;\n",
  'requires-esm.cjs': "require('./inner.mjs');\nconsole.log('ran: requires-esm.cjs');\n",
  // The same with a .js file that its package's "type" makes an ES module.
  'esm-scope/package.json': JSON.stringify({ type: 'module' }),
  'esm-scope/inner.js': "import { hello } from 'guarded';\nconsole.log('ran: esm-scope/inner.js', hello('x'));\nexport const x = 1;\n",
  'requires-esm-js.cjs': "require('./esm-scope/inner.js');\nconsole.log('ran: requires-esm-js.cjs');\n",
  'create-require-esm.mjs': "import { createRequire } from 'node:module';\ncreateRequire(import.meta.url)('./inner.mjs');\nconsole.log('ran: create-require-esm.mjs');\n",
  'catches.mjs': `const { ContractViolationError } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/index.js')).href)});\ntry {\n  await import('./inner.mjs');\n} catch (error) {\n  console.log('code:', error.code, 'violations:', error.violations?.length ?? 'none', 'instanceof:', error instanceof ContractViolationError);\n}\n`,
  // Static analysis (issue 12, items 3 and 4): what a contract's imports rules see without running anything.
  'static/deny.yml': 'imports:\n  deny: ["node:child_process"]\n',
  'static/allow.yml': 'imports:\n  allow: ["node:*", "./**"]\n',
  'static/computed-import.mjs': "export const x = await import(['a', 'b'].join(''));\n",
  'static/builtin.mjs': "export const cp = process.getBuiltinModule('child_process');\n",
  'static/builtin-computed.mjs': "export const m = globalThis.process.getBuiltinModule(['o', 's'].join(''));\n",
  'static/module-require.cjs': "exports.cp = module.require('child_process');\n",
  'static/binding.cjs': "exports.b = process.binding('spawn_sync');\n",
  'static/binding-unknown.cjs': "exports.b = process._linkedBinding('my_addon');\n",
  'static/binding-computed.cjs': "exports.b = process.binding(['f', 's'].join(''));\n",
  'static/data-url.mjs': "export * from 'data:text/javascript,export const x = 1';\n",
  'static/alias-require.mjs': "import { createRequire } from 'node:module';\nconst load = createRequire(import.meta.url);\nexport const cp = load('child_process');\n",
  'static/direct-create-require.cjs': "exports.cp = require('node:module').createRequire(__filename)('node:child_process');\n",
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-edges-'));
  writeTree(dir, files());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blocked = (r: Run, file: string, code: string): void => {
  expect(r.stderr, r.stdout).toContain(code);
  expect(r.stdout).not.toContain(`ran: ${file}`);
  expect(r.status, r.stderr).not.toBe(0);
};
const admitted = (r: Run, file: string): void => {
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain(`ran: ${file}`);
  expect(r.stderr).not.toContain('importspy warn');
};

describe.concurrent.runIf(existsSync(REGISTER)).each(NODES.map((bin) => ({ bin, label: `${nodeVersion(bin)} (${bin})`, sync: hasRegisterHooks(bin) })))('import edges on Node $label', ({ bin }) => {
  const run = (entry: string, env: Record<string, string> = {}, preload: string[] = []): Promise<Run> => underHooks(bin, dir, entry, env, preload);

  describe('imports rules hold from the first edge, whatever the order (item 3)', () => {
    for (const file of ['order-import.mjs', 'order-require.cjs', 'order-create-require.mjs', 'installed-order.cjs', 'order-extensionless.cjs', 'order-folder.cjs', 'order-relative.mjs']) {
      it(`refuses the denied builtin taken before the protected import (${file})`, async () => {
        const r = await run(file);
        blocked(r, file, 'forbidden.import');
        expect(r.stdout).not.toContain('got: child_process');
        expect(r.stderr).toContain('child_process');
      });
    }
    it('warns about it in warn mode, and lets it through', async () => {
      const r = await run('order-require.cjs', { IMPORTSPY_MODE: 'warn' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('got: child_process');
      expect(r.stderr).toContain('forbidden.import');
    });
    it('refuses again a denied import retried after a caught refusal', async () => {
      const r = await run('retry.cjs');
      expect(r.stdout).not.toContain('got: child_process');
      expect(r.stdout.match(/refused: ERR_IMPORT_CONTRACT/g)?.length).toBe(2);
    });
    it('fails closed for an importer that reaches the package only through a computed specifier', async () => {
      const r = await run('late.mjs');
      blocked(r, 'late.mjs', 'unverifiable.import');
    });
    for (const file of ['builtin.mjs', 'binding.cjs']) {
      it(`refuses the denied builtin reached through the process's own loaders (${file})`, async () => {
        const r = await run(file);
        blocked(r, file, 'forbidden.import');
        expect(r.stdout).not.toContain('got: child_process');
      });
    }
    for (const file of ['ok.mjs', 'ok.cjs', 'esm-imports-cjs.mjs']) {
      it(`admits computed imports of allowed modules by an importer bound from its first edge (${file})`, async () => admitted(await run(file), file));
    }
  });

  describe('edges with no identifiable importer are refused (item 4)', () => {
    for (const file of ['vm-main.mjs', 'load-null.cjs', 'data-url.mjs']) {
      it(`refuses ${file}`, async () => {
        const r = await run(file);
        blocked(r, file, 'unverifiable.importer');
      });
    }
    it('runs the protected package as the entry point, checking the environment only', async () => {
      const r = await run('node_modules/guarded/index.mjs', { IMPORTSPY_LOG: 'info' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain('loaded without an importer: environment checked → admitted');
    });
    it('lets a --import preload of the protected package through, checking the environment only', async () => {
      const r = await node(bin, dir, ['--import', REGISTER_URL, '--import', pathToFileURL(join(dir, 'node_modules/guarded/index.mjs')).href, 'ok.mjs']);
      admitted(r, 'ok.mjs');
    });
    it('refuses the protected package to a worker started with eval: true (it runs without --import)', async () => {
      const r = await run('worker-eval.mjs');
      expect(r.stdout).not.toContain('ran: worker-eval');
      expect(r.stdout).toContain('worker refused: ERR_IMPORT_CONTRACT');
    });
    for (const [file, preload] of [['worker-gbm.mjs', []], ['worker-require.cjs', []], ['worker-early.mjs', ['./early-threads.cjs']]] as const) {
      it(`refuses the protected package to an eval worker whose class was taken otherwise (${file})`, async () => {
        const r = preload.length > 0 ? await node(bin, dir, ['-r', ...preload, '--import', REGISTER_URL, file]) : await run(file);
        expect(r.stdout, r.stderr).toContain('worker refused: ERR_IMPORT_CONTRACT');
        expect(r.stdout).not.toContain('ran: worker-');
      });
    }
    it('leaves node:worker_threads unloaded until the program asks for it (Node with module.registerHooks)', async () => {
      const r = await run('threads-loaded.cjs');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`worker_threads loaded: ${!hasRegisterHooks(bin)}`);
    });
    it('keeps the hooks in a worker started with execArgv: []', async () => {
      const r = await run('worker-bare.mjs');
      expect(r.stdout).not.toContain('ran: worker-body.mjs');
      expect(r.stdout).toContain('worker refused: ERR_IMPORT_CONTRACT');
    });
    it('known limit: createRequire(otherFile) is checked as that other file', async () => {
      const r = await run('poser.mjs', { IMPORTSPY_LOG: 'info' });
      // poser.mjs does not comply, but its require() is made in the name of ok.cjs, which does.
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('ran: poser.mjs');
      expect(r.stderr).toMatch(/ok\.cjs imports guarded .*: compliant → admitted/);
    });
  });

  describe('an ES module loaded through require() has its imports checked (item 5)', () => {
    for (const [file, inner] of [['requires-esm.cjs', 'inner.mjs'], ['create-require-esm.mjs', 'inner.mjs'], ['requires-esm-js.cjs', 'esm-scope/inner.js']] as const) {
      it(`refuses a non-compliant ES module required by ${file}`, async () => {
        const r = await run(file);
        blocked(r, file, 'missing.function');
        expect(r.stdout).not.toContain(`ran: ${inner}`);
      });
    }
    it("a blocked import's error carries code ERR_IMPORT_CONTRACT and the violations", async () => {
      const r = await run('catches.mjs');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('code: ERR_IMPORT_CONTRACT violations: 2 instanceof: true');
    });
  });

  describe('static analysis sees every way of importing (items 3 and 4)', () => {
    const check = async (file: string, contract: string): Promise<string[]> => {
      const r = await node(bin, join(dir, 'static'), [join(ROOT, 'bin/importspy.js'), 'check', file, '-c', contract, '--format', 'json']);
      const report = JSON.parse(r.stdout) as { results: Array<{ violations: Array<{ code: string; path: string }> }> };
      return report.results.flatMap((result) => result.violations.map((v) => `${v.code} ${v.path}`));
    };
    const cases: Array<[string, string, string[]]> = [
      ['computed-import.mjs', 'deny.yml', ['unverifiable.import imports.<computed dynamic>']],
      ['builtin.mjs', 'deny.yml', ['forbidden.import imports.child_process']],
      ['builtin-computed.mjs', 'deny.yml', ['unverifiable.import imports.<computed builtin>']],
      ['builtin-computed.mjs', 'allow.yml', ['unverifiable.import imports.<computed builtin>']],
      ['module-require.cjs', 'deny.yml', ['forbidden.import imports.child_process']],
      ['binding.cjs', 'deny.yml', ['forbidden.import imports.node:child_process']],
      ['binding.cjs', 'allow.yml', []],
      ['binding-unknown.cjs', 'deny.yml', ['unverifiable.import imports.<computed binding>']],
      ['binding-computed.cjs', 'deny.yml', ['unverifiable.import imports.<computed binding>']],
      ['data-url.mjs', 'deny.yml', ['unverifiable.import imports.<data URL>']],
      ['data-url.mjs', 'allow.yml', ['forbidden.import imports.data:text/javascript,export const x = 1']],
      ['alias-require.mjs', 'deny.yml', ['forbidden.import imports.child_process']],
      ['direct-create-require.cjs', 'deny.yml', ['forbidden.import imports.node:child_process']],
    ];
    for (const [file, contract, expected] of cases) {
      it(`${file} against ${contract}: ${expected.join(', ') || 'compliant'}`, async () => expect(await check(file, contract)).toEqual(expected));
    }
    it('load() refuses a plugin with a computed import under a deny list, without running it', async () => {
      const script = `import { load } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/index.js')).href)};\ntry {\n  await load('./order-import.mjs', { contract: './node_modules/guarded/spymodel.yml', parentURL: import.meta.url });\n  console.log('admitted');\n} catch (error) {\n  console.log('rejected:', error.violations.map((v) => v.code).join(','));\n}\n`;
      writeTree(dir, { 'host-load.mjs': script });
      const r = await node(bin, dir, ['host-load.mjs']);
      expect(r.stdout).toContain('rejected: unverifiable.import');
      expect(r.stdout).not.toContain('got: child_process');
    });
  });

  describe('the configuration in use is logged (item 6)', () => {
    it('says that none was found', async () => {
      const r = await run('ok.mjs', { IMPORTSPY_LOG: 'debug' });
      expect(r.stderr).toContain('importspy debug: no project configuration found');
    });
    it('protects through a configuration reached by a symlinked directory (current -> releases/1)', async () => {
      // A deployment layout: the configuration is named through the symlink, while Node reports
      // the real paths of the modules it loads. Globs are anchored at the configuration's real folder.
      const site = mkdtempSync(join(tmpdir(), 'importspy-release-'));
      try {
        cpSync(join(ROOT, 'test/fixtures/hooks/config-app'), join(site, 'releases', '1'), { recursive: true });
        symlinkSync(join(site, 'releases', '1'), join(site, 'current'), 'dir');
        const config = join(site, 'current', 'importspy.config.yml');
        const bad = await node(bin, site, ['--import', REGISTER_URL, join(site, 'current', 'service-bad.js')], { IMPORTSPY_CONFIG: config });
        blocked(bad, 'service-bad.js', 'missing.variable');
        const good = await node(bin, site, ['--import', REGISTER_URL, join(site, 'current', 'service-good.js')], { IMPORTSPY_CONFIG: config });
        admitted(good, 'service-good.js');
      } finally {
        rmSync(site, { recursive: true, force: true });
      }
    });
    it('names the configuration it uses', async () => {
      const r = await node(bin, join(ROOT, 'test/fixtures/hooks/config-app'), ['--import', REGISTER_URL, 'service-good.js'], { IMPORTSPY_LOG: 'debug' });
      expect(r.stderr).toMatch(/importspy debug: project configuration .*importspy\.config\.yml: 2 contract binding/);
    });
  });
});
