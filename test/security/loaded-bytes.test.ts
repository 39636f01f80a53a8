/**
 * Binding an importer ahead of its first edge judges the code Node loaded, not the file as it is
 * on disk by then, and the folder-grouped cache of those judgements cannot be used to hide an
 * import. Real Node processes under `--import importspy/register`, on every Node of
 * IMPORTSPY_TEST_NODES.
 *
 * `guarded` is protected by its package's contract, which denies `node:child_process`. Each
 * importer takes child_process before its first import of `guarded`: bound ahead, that earlier
 * edge is refused and `got: child_process` is never printed.
 */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasRegisterHooks, NODES, node, nodeVersion, REGISTER_URL, writeTree, type Run } from '../loader/spawn.js';

const CHILD = "['child', 'process'].join('_')";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'importspy-loaded-bytes-')));
  dirs.push(dir);
  writeTree(dir, {
    'package.json': JSON.stringify({ name: 'loaded-bytes-app', private: true }),
    'node_modules/guarded/package.json': JSON.stringify({ name: 'guarded', version: '1.0.0', main: 'index.js', importspy: { contract: './spymodel.yml' } }),
    'node_modules/guarded/index.js': 'exports.hello = () => "hello";\n',
    'node_modules/guarded/spymodel.yml': 'imports:\n  deny: ["node:child_process"]\n',
    // The entry hands its importers a way to write files without an import edge of their own.
    'app.mjs': "import fs from 'node:fs';\nglobalThis.rewrite = (file) => fs.writeFileSync(file, 'module.exports = 1;\\n');\nawait import(process.argv[2]);\n",
    // Each rewrites itself before its first edge: on disk, it then imports nothing.
    'self-rewrite.cjs': `globalThis.rewrite(__filename);\nconst cp = require(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nrequire('guarded');\nconsole.log('ran: self-rewrite.cjs');\n`,
    'self-rewrite.mjs': `globalThis.rewrite(import.meta.filename);\nconst cp = await import(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nawait import('guarded');\nconsole.log('ran: self-rewrite.mjs');\n`,
    // A loader registered before ImportSpy's hooks names the protected package by an alias.
    'alias-hooks.mjs': "import { registerHooks } from 'node:module';\nimport { pathToFileURL } from 'node:url';\nconst target = pathToFileURL(process.cwd() + '/node_modules/guarded/index.js').href;\nregisterHooks({ resolve: (specifier, context, next) => (specifier === 'alias-of-guarded' ? { url: target, shortCircuit: true } : next(specifier, context)) });\n",
    'alias.cjs': `const cp = require(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nrequire('alias-of-guarded');\nconsole.log('ran: alias.cjs');\n`,
    'order.cjs': `const cp = require(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nrequire('guarded');\nconsole.log('ran: order.cjs');\n`,
  });
  return dir;
}

const refusedBeforeIt = (r: Run, file: string): void => {
  expect(r.stderr, r.stdout).toContain('forbidden.import');
  expect(r.stdout).not.toContain('got: child_process');
  expect(r.stdout).not.toContain(`ran: ${file}`);
  expect(r.status).not.toBe(0);
};

/** The folder-grouped entry files of the cache whose content names `file`. */
function groupsNaming(cache: string, file: string): string[] {
  const folder = join(cache, 'imports-by-folder');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json') && readFileSync(join(folder, name), 'utf8').includes(JSON.stringify(file)))
    .map((name) => join(folder, name));
}

/** Runs app.mjs, which imports `./file`, under the hooks. */
const runEntry = (bin: string, dir: string, file: string, env: Record<string, string> = {}): Promise<Run> =>
  node(bin, dir, ['--import', REGISTER_URL, 'app.mjs', `./${file}`], env);

describe.concurrent.each(NODES.map((bin) => ({ bin, label: nodeVersion(bin) })))('binding ahead judges the bytes Node loaded ($label)', ({ bin }) => {
  for (const file of ['self-rewrite.cjs', 'self-rewrite.mjs']) {
    it(`an importer that rewrites its file before its first edge is bound by what it was loaded as (${file})`, async () => {
      const dir = project();
      refusedBeforeIt(await runEntry(bin, dir, file), file);
      // It did rewrite itself: on disk, it no longer imports anything.
      expect(readFileSync(join(dir, file), 'utf8')).toBe('module.exports = 1;\n');
    });
  }

  it('a module loaded to fill the budget of kept sources does not push out the next importer\'s', async () => {
    const dir = project();
    // A module that imports nothing and takes all but 8 characters of the 32 Mi kept.
    writeTree(dir, { 'fill.cjs': `//${'x'.repeat(32 * 1024 * 1024 - 11)}\n` });
    writeTree(dir, { 'fill.mjs': "import { createRequire } from 'node:module';\ncreateRequire(import.meta.url)('./fill.cjs');\nawait import('./app.mjs');\n" });
    refusedBeforeIt(await node(bin, dir, ['--import', REGISTER_URL, 'fill.mjs', './self-rewrite.cjs']), 'self-rewrite.cjs');
  });

  it.runIf(hasRegisterHooks(bin))('a require() that a loader registered before ImportSpy resolves is bound ahead by that answer', async () => {
    const dir = project();
    refusedBeforeIt(await node(bin, dir, ['--import', './alias-hooks.mjs', '--import', REGISTER_URL, 'app.mjs', './alias.cjs']), 'alias.cjs');
  });

  it('a grouped cache entry altered on disk is not believed', async () => {
    const dir = project();
    const cache = join(dir, 'cache');
    const env = { IMPORTSPY_CACHE: '1', IMPORTSPY_CACHE_DIR: cache };
    refusedBeforeIt(await runEntry(bin, dir, 'order.cjs', env), 'order.cjs');
    const written = groupsNaming(cache, join(dir, 'order.cjs'));
    expect(written).toHaveLength(1);
    // The member now claims that order.cjs imports nothing; its MAC no longer matches.
    const text = readFileSync(written[0]!, 'utf8');
    const forged = text.replace(/\\"imports\\":\[[^\]]*\]/, '\\"imports\\":[]');
    expect(forged).not.toBe(text);
    writeFileSync(written[0]!, forged);
    refusedBeforeIt(await runEntry(bin, dir, 'order.cjs', env), 'order.cjs');
    // The next start reads the entry that one wrote again, verified, and decides alike.
    refusedBeforeIt(await runEntry(bin, dir, 'order.cjs', env), 'order.cjs');
  });
});
