/**
 * Red-team cases for binding ahead "where a contract with imports rules can be in sight"
 * (src/loader/hooks/reach.ts). An importer the hooks do not bind ahead of its edges is judged at
 * its edge into the protected module, by static analysis of its source. Static analysis does not
 * see every way a module makes an edge at run time: a direct `eval`, an alias of `require`, a
 * computed member (`module['req' + 'uire']`), `Function('return process')()`. Bound ahead, each
 * of those edges is checked by the hooks when it happens; bound late, the hooks must not forget
 * the edges they already saw the importer make.
 *
 * `vendor/guarded` is protected by its own package.json (child_process denied) and lies in no
 * node_modules folder; nothing in node_modules declares a contract with imports rules, so nothing
 * is in sight of application files. Every attacker takes child_process by a way static analysis
 * does not see (printing `got: child_process`), then reaches the protected package by one of the
 * layouts binding ahead leaves out, and prints `ran: <name>` when it got past it.
 *
 * Each case spawns real Node processes under `--import <this build>/dist/loader/register.js` on
 * every Node of IMPORTSPY_TEST_NODES. Point IMPORTSPY_TEST_REGISTER at another build (main's) to
 * compare.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODES, REGISTER, nodeVersion, underHooks, writeTree, type Run } from '../loader/spawn.js';

const DENY = 'imports:\n  deny: ["node:child_process"]\n';
const pkg = (name: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ name, version: '1.0.0', main: 'index.cjs', ...extra });

/** Ways to take child_process that static analysis does not report (CommonJS). */
const SNEAKS: Record<string, string> = {
  eval: `const cp = eval("require('node:child_process')");\n`,
  alias: "const load = require;\nconst cp = load('child_' + 'process');\n",
  member: "const cp = module['req' + 'uire']('child_process');\n",
  function: "const cp = Function('return process')().getBuiltinModule('child_process');\n",
};
const got = "console.log('got: child_process', typeof cp.spawn);\n";
const sneak = (how = 'eval'): string => `${SNEAKS[how]}${got}`;
/** The same in an ES module. */
const SNEAK_ESM = `const cp = await eval("import('node:child_process')");\n${got}`;

let dir: string;
const files = (): Record<string, string> => ({
  'package.json': JSON.stringify({
    name: 'redteam-app',
    private: true,
    // A self-reference by the package's own name leads into the protected folder it contains.
    exports: { './g': './vendor/guarded/index.cjs', './package.json': './package.json' },
    imports: { '#g': './vendor/guarded/index.cjs' },
  }),
  'vendor/guarded/package.json': pkg('vendored-guarded', { importspy: { contract: './spymodel.yml' } }),
  'vendor/guarded/spymodel.yml': DENY,
  'vendor/guarded/index.cjs': "exports.hello = () => 'hello';\n",
  'vendor/guarded/lib/inner.cjs': "exports.inner = () => 'inner';\n",
  'node_modules/unrelated/package.json': pkg('unrelated'),
  'node_modules/unrelated/index.cjs': 'exports.x = 1;\n',

  // --- Layouts binding ahead leaves out (reached without a contract in sight) ---
  // A symbolic link to the protected file (made in beforeAll), through `./name`: 28f9150.
  ...Object.fromEntries(Object.keys(SNEAKS).map((how) => [`link-${how}.cjs`, `${sneak(how)}require('./linked.cjs');\nconsole.log('ran: link-${how}.cjs');\n`])),
  'link-esm.mjs': `${SNEAK_ESM}await import('./linked.cjs');\nconsole.log('ran: link-esm.mjs');\n`,
  // A data: URL module takes it for the importer: its own edge has no importer file.
  'link-data.mjs': `await eval("import('data:text/javascript,' + encodeURIComponent('import cp from \\\\'node:child_process\\\\'; globalThis.cp = cp;'))");\nconsole.log('got: child_process', typeof globalThis.cp.spawn);\nawait import('./linked.cjs');\nconsole.log('ran: link-data.mjs');\n`,
  // The protected file already loaded by a compliant module of the same folder (Node's caches answer the second require).
  'good-first.cjs': "require('./linked.cjs');\nconsole.log('ran: good-first.cjs');\n",
  // The same in a worker thread (its own hooks, its own records).
  'worker-link.mjs': "import { Worker } from 'node:worker_threads';\nconst w = new Worker(new URL('./link-eval.cjs', import.meta.url));\nw.on('error', (e) => { console.log('worker refused:', e.code); process.exitCode = 1; });\n",
  'cached.cjs': "require('./good-first.cjs');\nrequire('./link-eval.cjs');\n",
  // Across the loaders: CommonJS taking it by import(), an ES module by a require() of its own.
  'link-cross.cjs': `(async () => {\n${SNEAK_ESM}require('./linked.cjs');\nconsole.log('ran: link-cross.cjs');\n})();\n`,
  'link-cross.mjs': `import { createRequire } from 'node:module';\nconst url = import.meta.url;\nconst cp = eval("createRequire(url)('child_' + 'process')");\n${got}await import('./linked.cjs');\nconsole.log('ran: link-cross.mjs');\n`,
  // A symbolic link to a folder inside the protected package (no package.json where it points): 28f9150.
  'dirlink.cjs': `${sneak()}require('./dirlink/inner.cjs');\nconsole.log('ran: dirlink.cjs');\n`,
  // A self-reference by package name whose exports lead into the protected folder: 1626342.
  'selfref.cjs': `${sneak()}require('redteam-app/g');\nconsole.log('ran: selfref.cjs');\n`,
  // A bare specifier whose package main leads out of its package into the protected one: 1626342.
  'node_modules/escaper/package.json': pkg('escaper', { main: '../../vendor/guarded/index.cjs' }),
  'escaper.cjs': `${sneak()}require('escaper');\nconsole.log('ran: escaper.cjs');\n`,
  // An installed package reaching the protected one by a relative path out of it: 1626342.
  'node_modules/evil/package.json': pkg('evil'),
  'node_modules/evil/index.cjs': `${sneak()}require('../../vendor/guarded/index.cjs');\nconsole.log('ran: evil');\n`,
  'installed.cjs': "require('evil');\n",
  // A package installed at run time into a node_modules folder binding ahead already listed: 1626342.
  'late/package.json': JSON.stringify({ name: 'late-app', private: true }),
  'late/node_modules/unrelated/package.json': pkg('unrelated'),
  'late/node_modules/unrelated/index.cjs': 'exports.x = 1;\n',
  'late/first.cjs': "require('unrelated');\n",
  'late/second.cjs': `${sneak()}require('guarded');\nconsole.log('ran: late-install');\n`,
  'late/sub/first.cjs': "require('unrelated');\n",
  'late/sub/second.cjs': `${sneak()}require('guarded');\nconsole.log('ran: late-folder');\n`,
  // Copies late/ to a fresh folder (so that concurrent runs do not share it), lets a first file
  // make its edges there, then installs the protected package and runs the attacker.
  'late-install.cjs': lateEntry('node_modules/guarded', 'second.cjs'),
  // The same with a node_modules folder that did not exist when a first file of its folder made an edge.
  'late-folder.cjs': lateEntry('sub/node_modules/guarded', 'sub/second.cjs', 'sub/first.cjs'),
  // A resolve hook registered before ImportSpy's (the process owner's loader) maps a name to the
  // protected file: ImportSpy's own resolution cannot follow it (older limit, also on main).
  'redirect.mjs': `import { register } from 'node:module';\nconst target = new URL('./vendor/guarded/index.cjs', import.meta.url).href;\nregister('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, n) { return s === "virtual-guarded" ? n(' + JSON.stringify(target) + ', c) : n(s, c); }'));\n`,
  'redirected.mjs': `${SNEAK_ESM}await import('virtual-guarded');\nconsole.log('ran: redirected.mjs');\n`,

  // --- Layouts still in sight: bound ahead, so even an unseen edge is refused when it happens ---
  // A bare specifier found through NODE_PATH (Node's global folders).
  'global/guarded/package.json': pkg('guarded', { importspy: { contract: './spymodel.yml' } }),
  'global/guarded/spymodel.yml': DENY,
  'global/guarded/index.cjs': "exports.hello = () => 'hello';\n",
  'node-path.cjs': `${sneak()}require('guarded');\nconsole.log('ran: node-path.cjs');\n`,
  // A workspace package outside node_modules, linked into it (npm/yarn workspaces).
  'ws/package.json': JSON.stringify({ name: 'ws-app', private: true }),
  'ws/packages/guarded/package.json': pkg('guarded', { importspy: { contract: './spymodel.yml' } }),
  'ws/packages/guarded/spymodel.yml': DENY,
  'ws/packages/guarded/index.cjs': "exports.hello = () => 'hello';\n",
  'ws/app.cjs': `${sneak()}require('guarded');\nconsole.log('ran: workspace');\n`,
  // A pnpm layout: the protected package behind .pnpm, a dependency of an installed plugin.
  'pn/package.json': JSON.stringify({ name: 'pn-app', private: true }),
  'pn/node_modules/.pnpm/guarded@1.0.0/node_modules/guarded/package.json': pkg('guarded', { importspy: { contract: './spymodel.yml' } }),
  'pn/node_modules/.pnpm/guarded@1.0.0/node_modules/guarded/spymodel.yml': DENY,
  'pn/node_modules/.pnpm/guarded@1.0.0/node_modules/guarded/index.cjs': "exports.hello = () => 'hello';\n",
  'pn/node_modules/.pnpm/plugin@1.0.0/node_modules/plugin/package.json': pkg('plugin'),
  'pn/node_modules/.pnpm/plugin@1.0.0/node_modules/plugin/index.cjs': `${sneak()}require('guarded');\nconsole.log('ran: pnpm');\n`,
  'pn/app.cjs': "require('plugin');\n",
  // A nested node_modules folder of an installed package.
  'nest/package.json': JSON.stringify({ name: 'nest-app', private: true }),
  'nest/node_modules/plugin/package.json': pkg('plugin'),
  'nest/node_modules/plugin/index.cjs': `${sneak()}require('guarded');\nconsole.log('ran: nested');\n`,
  'nest/node_modules/plugin/node_modules/guarded/package.json': pkg('guarded', { importspy: { contract: './spymodel.yml' } }),
  'nest/node_modules/plugin/node_modules/guarded/spymodel.yml': DENY,
  'nest/node_modules/plugin/node_modules/guarded/index.cjs': "exports.hello = () => 'hello';\n",
  'nest/app.cjs': "require('plugin');\n",
  // A package.json `imports` alias (#g) into the protected folder.
  'alias.cjs': `${sneak()}require('#g');\nconsole.log('ran: alias.cjs');\n`,
  // A symbolic link to the protected package's own folder (its package.json is seen through it).
  'pkglink.cjs': `${sneak()}require('./pkglink/index.cjs');\nconsole.log('ran: pkglink.cjs');\n`,
  // A relative path through the protected folder, from a worker thread.
  'worker.mjs': "import { Worker } from 'node:worker_threads';\nconst w = new Worker(new URL('./worker-body.cjs', import.meta.url));\nw.on('error', (e) => { console.log('worker refused:', e.code); process.exitCode = 1; });\n",
  'worker-body.cjs': `${sneak()}require('./vendor/guarded/index.cjs');\nconsole.log('ran: worker-body.cjs');\n`,

  // --- Edges made in another module's name (older limit: also on main, whatever the layout) ---
  'speaker/package.json': JSON.stringify({ name: 'speaker-app', private: true }),
  'speaker/node_modules/guarded/package.json': pkg('guarded', { importspy: { contract: './spymodel.yml' } }),
  'speaker/node_modules/guarded/spymodel.yml': DENY,
  'speaker/node_modules/guarded/index.cjs': "exports.hello = () => 'hello';\n",
  'speaker/entry.cjs': 'require(`./${process.env.RT_ATTACKER}.cjs`);\n',
  'speaker/main-require.cjs': `const cp = require.main.require('child_process');\n${got}require('guarded');\nconsole.log('ran: main-require');\n`,
  'speaker/main-module.cjs': `const cp = process.mainModule.require('child_process');\n${got}require('guarded');\nconsole.log('ran: main-module');\n`,
  'speaker/null-load.cjs': `const cp = module.constructor._load('child_' + 'process', null);\n${got}require('guarded');\nconsole.log('ran: null-load');\n`,
  'speaker/no-file.cjs': `const cp = require('node:module').createRequire(require('node:path').join(__dirname, 'nothing.js'))('child_' + 'process');\n${got}require('guarded');\nconsole.log('ran: no-file');\n`,
  'speaker/parent-require.cjs': `const cp = module.parent.require('child_process');\n${got}require('guarded');\nconsole.log('ran: parent-require');\n`,
});

function lateEntry(install: string, attacker: string, first = 'first.cjs'): string {
  return [
    "const fs = require('node:fs');",
    "const path = require('node:path');",
    "const root = fs.mkdtempSync(path.join(__dirname, 'run-'));",
    "fs.cpSync(path.join(__dirname, 'late'), root, { recursive: true });",
    `require(path.join(root, ${JSON.stringify(first)}));`,
    `fs.cpSync(path.join(__dirname, 'vendor', 'guarded'), path.join(root, ${JSON.stringify(install)}), { recursive: true });`,
    `require(path.join(root, ${JSON.stringify(attacker)}));`,
    '',
  ].join('\n');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-redteam-'));
  writeTree(dir, files());
  symlinkSync(join(dir, 'vendor', 'guarded', 'index.cjs'), join(dir, 'linked.cjs'));
  symlinkSync(join(dir, 'vendor', 'guarded', 'lib'), join(dir, 'dirlink'));
  symlinkSync(join(dir, 'vendor', 'guarded'), join(dir, 'pkglink'));
  mkdirSync(join(dir, 'ws', 'node_modules'));
  symlinkSync(join('..', 'packages', 'guarded'), join(dir, 'ws', 'node_modules', 'guarded'));
  symlinkSync(join('..', '..', 'guarded@1.0.0', 'node_modules', 'guarded'), join(dir, 'pn', 'node_modules', '.pnpm', 'plugin@1.0.0', 'node_modules', 'guarded'));
  symlinkSync(join('.pnpm', 'plugin@1.0.0', 'node_modules', 'plugin'), join(dir, 'pn', 'node_modules', 'plugin'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The protected package was refused to the importer: it did not get past it, and the process failed. */
/**
 * Holes found against the hooks branch (1626342, 28f9150; the last two also on main): the
 * importer was admitted. Closed by judging, when an importer is bound late, the edges the hooks
 * saw it make before (src/loader/hooks/edges.ts).
 */
const hole = it;

const refused = (r: Run, ran: string): void => {
  expect(r.stderr, r.stdout).toMatch(/forbidden\.import|unverifiable\.import/);
  expect(r.stdout, r.stderr).not.toContain(`ran: ${ran}`);
  expect(r.status, r.stderr).not.toBe(0);
};
/** Refused at the edge that takes the denied builtin, before the protected import: bound ahead. */
const blockedFirst = (r: Run, ran: string): void => {
  refused(r, ran);
  expect(r.stdout).not.toContain('got: child_process');
};

describe.concurrent.runIf(existsSync(REGISTER)).each(NODES.map((bin) => ({ bin, label: `${nodeVersion(bin)} (${bin})` })))('red team: binding ahead narrowed, on Node $label', ({ bin }) => {
  const run = (entry: string, env: Record<string, string> = {}, cwd = dir, preload: readonly string[] = []): Promise<Run> => underHooks(bin, cwd, entry, env, preload);

  describe('an importer bound late still answers for the edges it made before', () => {
    for (const how of Object.keys(SNEAKS)) {
      hole(`through a symbolic link to the protected file, after taking child_process by ${how}`, async () => {
        blockedFirst(await run(`link-${how}.cjs`), `link-${how}.cjs`);
      });
    }
    hole('an ES module through a symbolic link, after an eval import()', async () => blockedFirst(await run('link-esm.mjs'), 'link-esm.mjs'));
    hole('an ES module through a symbolic link, after an eval import() of a data: URL that imports it', async () => refused(await run('link-data.mjs'), 'link-data.mjs'));
    hole('through a symbolic link, in a worker thread', async () => {
      const r = await run('worker-link.mjs');
      expect(r.stdout, r.stderr).toContain('worker refused: ERR_IMPORT_CONTRACT');
      expect(r.stdout).not.toContain('ran: link-eval.cjs');
    });
    hole('through a symbolic link, when a compliant module of the same folder loaded the protected file first', async () => {
      const r = await run('cached.cjs');
      expect(r.stdout).toContain('ran: good-first.cjs');
      refused(r, 'link-eval.cjs');
    });
    // Node 20: import() and require() are decided in two threads (the module.register hooks and
    // the CommonJS patch), which must tell each other the edges they saw.
    for (const file of ['link-cross.cjs', 'link-cross.mjs']) {
      hole(`${file}: the edge taken through the other loader`, async () => refused(await run(file), file));
    }
    hole('through a symbolic link to a folder inside the protected package', async () => blockedFirst(await run('dirlink.cjs'), 'dirlink.cjs'));
    hole("through a self-reference by the app's own package name", async () => blockedFirst(await run('selfref.cjs'), 'selfref.cjs'));
    hole("through a bare specifier whose package's main leads into the protected package", async () => blockedFirst(await run('escaper.cjs'), 'escaper.cjs'));
    hole('an installed package, through a relative path out of it', async () => blockedFirst(await run('installed.cjs'), 'evil'));
    hole('through a package installed at run time into a node_modules folder already looked at', async () => refused(await run('late-install.cjs'), 'late-install'));
    hole('through a node_modules folder created at run time', async () => refused(await run('late-folder.cjs'), 'late-folder'));
    hole("through a name another loader's resolve hook maps to the protected file", async () => {
      refused(await run('redirected.mjs', {}, dir, ['./redirect.mjs']), 'redirected.mjs');
    });
  });

  describe('in sight: bound ahead, so the unseen edge is refused when it happens', () => {
    it('a bare specifier found through NODE_PATH', async () => blockedFirst(await run('node-path.cjs', { NODE_PATH: join(dir, 'global') }), 'node-path.cjs'));
    it('a workspace package linked into node_modules', async () => blockedFirst(await run('app.cjs', {}, join(dir, 'ws')), 'workspace'));
    it('a pnpm layout (.pnpm is not listed, its links are)', async () => blockedFirst(await run('app.cjs', {}, join(dir, 'pn')), 'pnpm'));
    it("a nested node_modules folder of an installed package", async () => blockedFirst(await run('app.cjs', {}, join(dir, 'nest')), 'nested'));
    it("a package.json imports alias (#g)", async () => blockedFirst(await run('alias.cjs'), 'alias.cjs'));
    it("a symbolic link to the protected package's folder", async () => blockedFirst(await run('pkglink.cjs'), 'pkglink.cjs'));
    it('a relative path through the protected folder, in a worker thread', async () => {
      const r = await run('worker.mjs');
      expect(r.stdout, r.stderr).toContain('worker refused: ERR_IMPORT_CONTRACT');
      expect(r.stdout).not.toContain('got: child_process');
      expect(r.stdout).not.toContain('ran: worker-body.cjs');
    });
  });

  describe('older limit (main too): an edge made through another module is that module’s', () => {
    // require.main.require, process.mainModule.require and module.parent.require make the edge in
    // the entry module's name, and static analysis does not report them as imports: the denied
    // builtin is taken and the protected package admitted, bound ahead or not.
    // Module._load(name, null) makes it with no importer, createRequire(a file that does not
    // exist) in the name of no module; a computed name there is not reported either.
    for (const attacker of ['main-require', 'main-module', 'parent-require', 'null-load', 'no-file']) {
      it.fails(`${attacker}: the denied builtin is taken in another module's name, or none`, async () => {
        refused(await run('entry.cjs', { RT_ATTACKER: attacker }, join(dir, 'speaker')), attacker);
      });
    }
  });
});
