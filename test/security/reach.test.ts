/**
 * Protected packages reached other than through a node_modules folder, as an attacker would use
 * them: a relative path out of an installed package, a `main` that leads out of its package, a
 * symbolic link to a file. The loader hooks bind every importer, on its first edge, to the
 * `imports` rules of each contract protecting what its literal imports resolve to, wherever that
 * is: a denied import made before the protected one is refused too, and a computed import fails
 * closed. (A narrower binding, only where such a contract is "in sight" of node_modules, was
 * measured faster and let the literal denied import through first: it was not kept.)
 *
 * Here `vendor/guarded` is protected by its own package.json (child_process denied) but installed
 * in no node_modules folder.
 */
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODES, REGISTER, nodeVersion, underHooks, writeTree, type Run } from '../loader/spawn.js';

const CHILD = "['child', 'process'].join('_')";
const DENY = 'imports:\n  deny: ["node:child_process"]\n';
const pkg = (name: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ name, version: '1.0.0', main: 'index.cjs', ...extra });

let dir: string;
const files = (): Record<string, string> => ({
  'package.json': JSON.stringify({ name: 'reach-app', private: true }),
  'vendor/guarded/package.json': pkg('vendored-guarded', { importspy: { contract: './spymodel.yml' } }),
  'vendor/guarded/spymodel.yml': DENY,
  'vendor/guarded/index.cjs': "exports.hello = () => 'hello';\n",
  // Protected by the configuration only (cfg/importspy.config.yml, named by IMPORTSPY_CONFIG).
  'vendor/by-config/index.cjs': "exports.hello = () => 'hello';\n",
  'cfg/deny.yml': DENY,
  'cfg/importspy.config.yml': 'contracts:\n  - modules: "../vendor/by-config/*.cjs"\n    contract: ./deny.yml\n',
  'node_modules/unrelated/package.json': pkg('unrelated'),
  'node_modules/unrelated/index.cjs': 'exports.x = 1;\n',
  // A relative path out of an installed package, after a computed require of the denied builtin.
  'node_modules/evil/package.json': pkg('evil'),
  'node_modules/evil/index.cjs': `const cp = require(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nrequire('../../vendor/guarded/index.cjs');\nconsole.log('ran: evil');\n`,
  // The same with a literal require of the denied builtin.
  'node_modules/evil-literal/package.json': pkg('evil-literal'),
  'node_modules/evil-literal/index.cjs': "const cp = require('node:child_process');\nconsole.log('got: child_process', typeof cp.spawn);\nrequire('../../vendor/guarded/index.cjs');\nconsole.log('ran: evil-literal');\n",
  // A compliant installed importer reaching it the same way.
  'node_modules/good/package.json': pkg('good'),
  'node_modules/good/index.cjs': "require('unrelated');\nrequire('../../vendor/guarded/index.cjs');\nconsole.log('ran: good');\n",
  // A package whose main leads out of it, into the protected one.
  'node_modules/escaper/package.json': pkg('escaper', { main: '../../vendor/guarded/index.cjs' }),
  'escape.cjs': `const cp = require(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nrequire('escaper');\nconsole.log('ran: escape.cjs');\n`,
  // An installed importer of a module the configuration protects: bound ahead, whatever its place.
  'node_modules/evil-config/package.json': pkg('evil-config'),
  'node_modules/evil-config/index.cjs': `const cp = require(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nrequire('../../vendor/by-config/index.cjs');\nconsole.log('ran: evil-config');\n`,
  'installed.cjs': "require(process.env.REACH_PACKAGE);\n",
  // An application file reaching the protected package by a relative path through its folder: bound ahead.
  'relative.cjs': `const cp = require(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nrequire('./vendor/guarded/index.cjs');\nconsole.log('ran: relative.cjs');\n`,
  // The same through a symbolic link to the protected file (made in beforeAll): bound at the edge.
  'symlinked.cjs': `const cp = require(${CHILD});\nconsole.log('got: child_process', typeof cp.spawn);\nrequire('./linked.cjs');\nconsole.log('ran: symlinked.cjs');\n`,
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-reach-'));
  writeTree(dir, files());
  symlinkSync(join(dir, 'vendor', 'guarded', 'index.cjs'), join(dir, 'linked.cjs'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refused = (r: Run, ran: string, code: string): void => {
  expect(r.stderr, r.stdout).toContain(code);
  expect(r.stdout).not.toContain(`ran: ${ran}`);
  expect(r.status, r.stderr).not.toBe(0);
};

describe.concurrent.runIf(existsSync(REGISTER)).each(NODES.map((bin) => ({ bin, label: `${nodeVersion(bin)} (${bin})` })))('binding ahead, outside node_modules, on Node $label', ({ bin }) => {
  const run = (entry: string, env: Record<string, string> = {}): Promise<Run> => underHooks(bin, dir, entry, env);
  // installed.cjs requires the package REACH_PACKAGE names.
  const installed = (name: string, env: Record<string, string> = {}): Promise<Run> => run('installed.cjs', { ...env, REACH_PACKAGE: name });

  it('binds an installed package that reaches a protected one by a relative path: its computed require of a denied module is refused', async () => {
    const r = await installed('evil');
    refused(r, 'evil', 'forbidden.import');
    expect(r.stdout).not.toContain('got: child_process');
  });
  it('binds such an importer ahead of its edges: a literal denied import made before the protected one is refused', async () => {
    const r = await installed('evil-literal');
    refused(r, 'evil-literal', 'forbidden.import');
    expect(r.stdout).not.toContain('got: child_process');
  });
  it('admits a compliant installed importer reaching the protected package the same way', async () => {
    const r = await installed('good');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('ran: good');
  });
  it("binds an application file whose bare specifier leads, through its package's main, into the protected package", async () => {
    const r = await run('escape.cjs');
    refused(r, 'escape.cjs', 'forbidden.import');
    expect(r.stdout).not.toContain('got: child_process');
  });
  it('binds an application file ahead of its edges when its relative path goes through the protected package', async () => {
    const r = await run('relative.cjs');
    refused(r, 'relative.cjs', 'forbidden.import');
    expect(r.stdout).not.toContain('got: child_process');
  });
  it('binds an application file that reaches the protected package through a symbolic link: its computed require of a denied module is refused', async () => {
    const r = await run('symlinked.cjs');
    refused(r, 'symlinked.cjs', 'forbidden.import');
    expect(r.stdout).not.toContain('got: child_process');
  });
  it('binds an installed importer ahead of its edges when the configuration protects what it imports', async () => {
    const r = await installed('evil-config', { IMPORTSPY_CONFIG: join(dir, 'cfg', 'importspy.config.yml') });
    refused(r, 'evil-config', 'forbidden.import');
    expect(r.stdout).not.toContain('got: child_process');
  });
});
