// Real applications for the loader-hooks measures: an express 5 and a fastify 5 server, each
// with its whole dependency tree, that start, listen on a free port and close. The frameworks are
// installed at pinned versions into a cache outside the project on first use
// (IMPORTSPY_BENCH_CACHE, default ~/.cache/importspy-bench), never into its node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PINNED = { express: '5.2.0', fastify: '5.12.7' };

const cache = process.env.IMPORTSPY_BENCH_CACHE ?? join(homedir(), '.cache', 'importspy-bench');
const root = join(cache, `apps-express-${PINNED.express}-fastify-${PINNED.fastify}`);

const EXPRESS_APP = `const express = require('express');
const app = express();
app.use(express.json());
app.get('/', (req, res) => res.send('ok'));
const server = app.listen(0, '127.0.0.1', () => server.close());
`;

const FASTIFY_APP = `const fastify = require('fastify')({ logger: false });
fastify.get('/', async () => 'ok');
fastify.listen({ port: 0, host: '127.0.0.1' }).then(() => fastify.close());
`;

// The importer of the protected module must run on Linux, macOS or Windows with Node 20.19+: a
// contract every run meets, so the measure is the cost of checking, not of failing.
const CONTRACT = `deployments:
  - systems:
${['linux', 'darwin', 'windows'].map((os) => `      - os: ${os}\n        runtimes:\n          - name: node\n            version: ">=20.19"\n`).join('')}`;

/**
 * Installs the frameworks (once) and writes the apps. Returns, per framework, the folder with
 * a configuration protecting one of the framework's own modules and the folder without one.
 */
export function prepareApps() {
  if (!existsSync(join(root, 'node_modules', 'express', 'package.json')) || !existsSync(join(root, 'node_modules', 'fastify', 'package.json'))) {
    mkdirSync(root, { recursive: true });
    process.stderr.write(`bench: installing express@${PINNED.express} and fastify@${PINNED.fastify} into ${root}\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['install', '--prefix', root, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `express@${PINNED.express}`, `fastify@${PINNED.fastify}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`npm install into ${root} failed`);
  }
  const apps = {};
  for (const [name, source, protectedModule] of [
    ['express', EXPRESS_APP, 'node_modules/express/lib/application.js'],
    ['fastify', FASTIFY_APP, 'node_modules/fastify/lib/route.js'],
  ]) {
    const plain = join(root, `${name}-plain`);
    const configured = join(root, `${name}-config`);
    for (const dir of [plain, configured]) {
      // An app folder has its own node_modules, where ImportSpy keeps its on-disk cache (as it
      // would in node_modules/.cache/importspy when installed there); it resolves nothing.
      mkdirSync(join(dir, 'node_modules'), { recursive: true });
      writeFileSync(join(dir, 'app.cjs'), source);
    }
    writeFileSync(join(configured, 'contract.yml'), CONTRACT);
    writeFileSync(join(configured, 'importspy.config.yml'), `contracts:\n  - modules: ${JSON.stringify(`../${protectedModule}`)}\n    contract: ./contract.yml\n`);
    apps[name] = { plain, configured, protectedModule: join(root, protectedModule) };
  }
  return apps;
}

export const TREE = { 'date-fns': '4.1.0', rxjs: '7.8.2', 'lodash-es': '4.17.21', 'core-js': '3.51.0', 'es-toolkit': '1.53.2' };

/**
 * A real tree of published packages for `check`: five popular packages at pinned versions, about
 * 7,900 module files once `check` leaves out their `dist` folders and 9,900 in all, installed once
 * into the same cache. Returns the folder holding them and an imports-only contract.
 */
export function prepareTree() {
  const dir = join(cache, `tree-${Object.entries(TREE).map(([n, v]) => `${n}-${v}`).join('-')}`);
  if (!Object.keys(TREE).every((name) => existsSync(join(dir, 'node_modules', name, 'package.json')))) {
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`bench: installing ${Object.keys(TREE).join(', ')} into ${dir}\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['install', '--prefix', dir, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', ...Object.entries(TREE).map(([n, v]) => `${n}@${v}`)], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`npm install into ${dir} failed`);
  }
  const contract = join(dir, 'imports.yml');
  writeFileSync(contract, 'imports:\n  deny: ["node:child_process", "node:vm"]\n');
  return { dir: join(dir, 'node_modules'), packages: Object.keys(TREE), contract };
}
