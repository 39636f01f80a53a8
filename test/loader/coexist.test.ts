/**
 * ImportSpy's hooks beside the loaders people already run (issue 12, item 9): tsx (before and
 * after `importspy/register`), import-in-the-middle's hook (the one the OpenTelemetry
 * auto-instrumentation installs; off-thread through `module.register`, and in-thread through
 * `module.registerHooks` where its `supportsSyncHooks()` says so), and two copies of ImportSpy in
 * one process (a hoisted `node_modules/importspy` and a plugin host's nested one). In each, every
 * verdict must be right, each edge must be enforced exactly once (counted in the `info` log, and
 * in warn mode's report), and nothing may hang (every process has a time limit).
 *
 * import-in-the-middle is installed on first run into a cache outside the repository
 * (IMPORTSPY_IITM_CACHE, default ~/.cache/importspy-iitm); without the registry the cases that
 * need it are skipped, saying so.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODES, REGISTER, REGISTER_URL, ROOT, node, nodeVersion, writeTree, type Run } from './spawn.js';

const PKG_APP = join(ROOT, 'test/fixtures/hooks/pkg-app');
const TS_APP = join(ROOT, 'test/fixtures/hooks/ts-app');
/** tsx's own `--import` entry (its package's main), a dev dependency. */
const TSX_REGISTER = ((): string | null => {
  try {
    return pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
  } catch {
    return null;
  }
})();
const TSX = TSX_REGISTER ?? '';

const IITM_VERSION = '3.6.0';
const IITM_CACHE = process.env['IMPORTSPY_IITM_CACHE'] ?? join(homedir(), '.cache', 'importspy-iitm');
const IITM = join(IITM_CACHE, 'node_modules', 'import-in-the-middle');

function installIitm(): boolean {
  const installed = (): boolean => {
    try {
      return (JSON.parse(execFileSync(process.execPath, ['-p', `JSON.stringify(require(${JSON.stringify(join(IITM, 'package.json'))}).version)`], { encoding: 'utf8' })) as string) === IITM_VERSION;
    } catch {
      return false;
    }
  };
  if (installed()) return true;
  try {
    execFileSync('npm', ['install', '--prefix', IITM_CACHE, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `import-in-the-middle@${IITM_VERSION}`], { stdio: 'ignore', timeout: 120_000 });
  } catch {
    console.warn(`import-in-the-middle@${IITM_VERSION} could not be installed into ${IITM_CACHE}: its coexistence cases are skipped`);
  }
  return installed();
}
const HAS_IITM = installIitm();

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-coexist-'));
  // Instrumentation entry points, as an application would write them.
  writeTree(dir, {
    'iitm-async.mjs': `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(IITM, 'hook.mjs')).href)});\n`,
    'iitm-sync.mjs': `import { register } from ${JSON.stringify(pathToFileURL(join(IITM, 'register-hooks.mjs')).href)};\nregister();\n`,
    'iitm-supports.mjs': `import { supportsSyncHooks } from ${JSON.stringify(pathToFileURL(join(IITM, 'supports-sync-hooks.mjs')).href)};\nconsole.log(supportsSyncHooks());\n`,
  });
  // Two copies of ImportSpy: hoisted, and nested in a plugin host that installs the hooks too.
  const app = join(dir, 'two-copies');
  for (const target of [join(app, 'node_modules/importspy'), join(app, 'node_modules/host/node_modules/importspy')]) {
    cpSync(join(ROOT, 'package.json'), join(target, 'package.json'));
    cpSync(join(ROOT, 'dist'), join(target, 'dist'), { recursive: true });
  }
  // The copies' own dependencies: the repository's, by symlink (Node follows them to their real place).
  const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(dependencies)) symlinkSync(join(ROOT, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
  cpSync(join(PKG_APP, 'node_modules/protected-pkg'), join(app, 'node_modules/protected-pkg'), { recursive: true });
  writeTree(app, {
    'package.json': JSON.stringify({ name: 'two-copies', private: true, type: 'module' }),
    'node_modules/host/package.json': JSON.stringify({ name: 'host', version: '1.0.0', type: 'module', main: 'index.js' }),
    // The host installs the hooks with its own copy, and tells blocked imports with its own class.
    'node_modules/host/index.js': [
      "import 'importspy/register';",
      "import { ContractViolationError } from 'importspy';",
      'export async function loadPlugin(url) {',
      '  try {',
      '    return await import(url);',
      '  } catch (error) {',
      "    console.log('host caught:', error instanceof ContractViolationError, error.code);",
      '    return null;',
      '  }',
      '}',
      '',
    ].join('\n'),
    'main.js': "import { loadPlugin } from 'host';\nawait loadPlugin(new URL('./good.js', import.meta.url).href);\nawait loadPlugin(new URL('./bad.js', import.meta.url).href);\nconsole.log('main done');\n",
    'good.js': "import { hello } from 'protected-pkg';\nexport const PLUGIN_NAME = 'good';\nexport function activate() { return hello(PLUGIN_NAME); }\nconsole.log('ran: good.js');\n",
    'bad.js': "import { hello } from 'protected-pkg';\nexport const name = 'bad';\nconsole.log('ran: bad.js', hello(name));\n",
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * How many times the hooks decided an edge from `importer` into a protected module (from the info
 * log; each importer here has one such edge). The specifier is not compared: a loader before
 * ImportSpy may hand on its own (tsx passes `./lib/db.ts` for `./lib/db.js`).
 */
function decisions(r: Run, importer: string): number {
  return r.stderr.split('\n').filter((line) => line.startsWith('importspy info: ') && line.includes(`/${importer} imports `) && line.includes(', protected by ')).length;
}

const admittedOnce = (r: Run, file: string): void => {
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain(`ran: ${file}`);
  expect(decisions(r, file), r.stderr).toBe(1);
};
const blockedOnce = (r: Run, file: string, code: string): void => {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).not.toContain(`ran: ${file}`);
  expect(r.stderr).toContain(code);
  expect(decisions(r, file), r.stderr).toBe(1);
};

describe.concurrent.runIf(existsSync(REGISTER)).each(NODES.map((bin) => ({ bin, label: `${nodeVersion(bin)} (${bin})` })))('beside other loaders on Node $label', ({ bin }) => {
  const info = { IMPORTSPY_LOG: 'info' };

  describe.runIf(TSX_REGISTER !== null)('tsx', () => {
    for (const order of ['before', 'after'] as const) {
      const args = (entry: string): string[] => (order === 'before' ? ['--import', TSX, '--import', REGISTER_URL, entry] : ['--import', REGISTER_URL, '--import', TSX, entry]);
      it(`admits a compliant TypeScript importer, once, with tsx ${order} importspy/register`, async () => admittedOnce(await node(bin, TS_APP, args('good.ts'), info), 'good.ts'));
      it(`blocks a non-compliant TypeScript importer, once, with tsx ${order} importspy/register`, async () =>
        blockedOnce(await node(bin, TS_APP, args('bad.ts'), info), 'bad.ts', 'mismatch.annotation'));
      it(`reports once in warn mode with tsx ${order} importspy/register`, async () => {
        const r = await node(bin, TS_APP, args('bad.ts'), { IMPORTSPY_MODE: 'warn' });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr.split('import contract not met').length - 1).toBe(1);
      });
    }
  });

  describe.runIf(HAS_IITM)('import-in-the-middle', () => {
    const variants = async (): Promise<string[]> => {
      const sync = (await node(bin, dir, [join(dir, 'iitm-supports.mjs')])).stdout.trim() === 'true';
      return sync ? ['iitm-async.mjs', 'iitm-sync.mjs'] : ['iitm-async.mjs'];
    };
    for (const order of ['before', 'after'] as const) {
      it(`keeps every verdict, once per edge, with its hook ${order} importspy/register`, async () => {
        for (const hook of await variants()) {
          const preload = pathToFileURL(join(dir, hook)).href;
          const args = (entry: string): string[] => (order === 'before' ? ['--import', preload, '--import', REGISTER_URL, entry] : ['--import', REGISTER_URL, '--import', preload, entry]);
          for (const [file, ok] of [['good.mjs', true], ['good.cjs', true], ['bad.mjs', false], ['bad.cjs', false]] as const) {
            const r = await node(bin, PKG_APP, args(file), info);
            if (ok) admittedOnce(r, file);
            else blockedOnce(r, file, 'missing.function');
          }
          const denied = await node(bin, PKG_APP, args('denied.mjs'), info);
          expect(denied.status, `${hook}: ${denied.stderr}`).toBe(1);
          expect(denied.stderr).toContain('forbidden.import');
        }
      }, 120_000);
    }
  });

  describe('two copies of ImportSpy in one process', () => {
    it('enforces each edge once, and both copies recognise the error', async () => {
      const r = await node(bin, join(dir, 'two-copies'), ['--import', 'importspy/register', 'main.js'], { IMPORTSPY_LOG: 'debug' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('ran: good.js');
      expect(r.stdout).not.toContain('ran: bad.js');
      expect(r.stdout).toContain('host caught: true ERR_IMPORT_CONTRACT');
      expect(r.stdout).toContain('main done');
      expect(r.stderr).toMatch(/loader hooks already installed by \S*two-copies\/node_modules\/importspy\/dist\/loader\/register\.js: not installed again by \S*host\/node_modules\/importspy\//);
      expect(decisions(r, 'good.js'), r.stderr).toBe(1);
      expect(decisions(r, 'bad.js'), r.stderr).toBe(1);
    });
    it('reports once in warn mode', async () => {
      const r = await node(bin, join(dir, 'two-copies'), ['--import', 'importspy/register', 'main.js'], { IMPORTSPY_MODE: 'warn' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('ran: bad.js');
      expect(r.stderr.split('import contract not met').length - 1).toBe(1);
    });
  });
});
