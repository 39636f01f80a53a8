/**
 * End to end: `node --import importspy/register` in real processes, for every module format and
 * both modes. Each non-compliant importer prints `ran: <file>` at its top level, after its
 * imports, so the output proves whether its code ran.
 *
 * Runs against the built `dist/` (`npm test` builds first), on every Node binary listed in
 * IMPORTSPY_TEST_NODES (colon-separated paths; default: the Node running the tests). On Node
 * with `module.registerHooks` the in-thread hooks are used, on Node 20 the off-thread ones plus
 * the CommonJS patch. scripts/node-matrix.sh runs this file on Node 20, 22 and 24.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// IMPORTSPY_TEST_REGISTER points at another build (e.g. a private copy while dist/ is being rebuilt).
const REGISTER = process.env['IMPORTSPY_TEST_REGISTER'] ?? join(ROOT, 'dist/loader/register.js');
const FIXTURES = join(ROOT, 'test/fixtures/hooks');
const PKG_APP = join(FIXTURES, 'pkg-app');
const CONFIG_APP = join(FIXTURES, 'config-app');
const TS_APP = join(FIXTURES, 'ts-app');

const NODES = (process.env['IMPORTSPY_TEST_NODES'] ?? process.execPath).split(delimiter).filter(Boolean);

function tsxLoader(): string | null {
  try {
    return pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
  } catch {
    return null;
  }
}
const TSX = tsxLoader();

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('IMPORTSPY_') && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

function run(node: string, cwd: string, entry: string, env: Record<string, string> = {}, preload: string[] = []): Promise<Run> {
  const args = [...preload.flatMap((p) => ['--import', p]), '--import', pathToFileURL(REGISTER).href, entry];
  return new Promise((done) => {
    const child = execFile(node, args, { cwd, env: cleanEnv(env), encoding: 'utf8', timeout: 25_000 }, (_error, stdout, stderr) => {
      done({ status: child.exitCode, stdout, stderr });
    });
  });
}

function version(node: string): string {
  return spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

// Each test spawns its own process: run them a few at a time.
describe.concurrent.runIf(existsSync(REGISTER)).each(NODES.map((node) => ({ node, label: `${version(node)} (${node})` })))('loader hooks on Node $label', ({ node }) => {
  const blocked = (r: Run, file: string, code: string) => {
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).not.toContain(`ran: ${file}`);
    expect(r.stderr).toContain('ContractViolationError');
    expect(r.stderr).toContain(code);
  };
  const warned = (r: Run, file: string, code: string) => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ran: ${file}`);
    expect(r.stderr).toContain('importspy warn: import contract not met');
    expect(r.stderr).toContain(code);
  };
  const admitted = (r: Run, file: string) => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ran: ${file}`);
    expect(r.stderr).not.toContain('importspy warn');
  };

  describe('a package protecting itself through package.json', () => {
    for (const file of ['good.mjs', 'good.cjs']) {
      it(`admits a compliant importer (${file})`, async () => admitted(await run(node, PKG_APP, file), file));
    }
    for (const file of ['bad.mjs', 'bad.cjs']) {
      it(`blocks a non-compliant importer before its code runs (${file})`, async () => {
        const r = await run(node, PKG_APP, file);
        blocked(r, file, 'missing.function');
        expect(r.stderr).toContain('missing.variable');
        expect(r.stderr).toContain('found via hooks');
      });
      it(`only warns in warn mode (${file})`, async () => warned(await run(node, PKG_APP, file, { IMPORTSPY_MODE: 'warn' }), file, 'missing.function'));
    }
    it('blocks an ES module importing a protected CommonJS package', async () => blocked(await run(node, PKG_APP, 'esm-imports-cjs.mjs'), 'esm-imports-cjs.mjs', 'missing.function'));
    it('blocks a CommonJS module requiring a protected ES module', async () => blocked(await run(node, PKG_APP, 'cjs-requires-esm.cjs'), 'cjs-requires-esm.cjs', 'missing.function'));
    it('rejects a dynamic import() by a non-compliant importer', async () => {
      const r = await run(node, PKG_APP, 'dynamic.mjs');
      expect(r.stdout).toContain('started: dynamic.mjs');
      blocked(r, 'dynamic.mjs', 'missing.function');
    });
    it('lets the package import its own files', async () => admitted(await run(node, PKG_APP, 'good.mjs', { IMPORTSPY_LOG: 'debug' }), 'good.mjs'));
    it('logs what it checked and decided at IMPORTSPY_LOG=info', async () => {
      const r = await run(node, PKG_APP, 'good.mjs', { IMPORTSPY_LOG: 'info' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/importspy info: .*good\.mjs imports protected-pkg .*spymodel\.yml.*: compliant → admitted/);
      expect(r.stderr).not.toContain('internal.mjs');
    });
  });

  describe('imports.deny at run time', () => {
    // denied-import.cjs: validated on require(), denied on import(); denied-require.mjs the other
    // way round (on Node 20 the two happen in different threads).
    for (const file of ['denied.mjs', 'denied.cjs', 'denied-import.cjs', 'denied-require.mjs']) {
      it(`blocks a computed import of a denied builtin (${file})`, async () => {
        const r = await run(node, PKG_APP, file);
        blocked(r, file, 'forbidden.import');
        expect(r.stderr).toContain('child_process');
      });
      it(`warns about it in warn mode (${file})`, async () => warned(await run(node, PKG_APP, file, { IMPORTSPY_MODE: 'warn' }), file, 'forbidden.import'));
    }
  });

  describe('failing closed', () => {
    it('blocks the import when the package names a contract that cannot be read', async () => {
      const r = await run(node, PKG_APP, 'broken.mjs');
      blocked(r, 'broken.mjs', 'could not decide');
      expect(r.stderr).toContain('missing.yml');
    });
    it('stops the process when the project configuration cannot be read', async () => {
      const r = await run(node, CONFIG_APP, 'service-good.js', { IMPORTSPY_CONFIG: 'importspy.broken.yml' });
      blocked(r, 'service-good.js', 'could not decide');
      expect(r.stderr).toContain('contracts/missing.yml');
    });
    it('ignores an unreadable configuration in warn mode, saying so', async () => {
      const r = await run(node, CONFIG_APP, 'service-good.js', { IMPORTSPY_CONFIG: 'importspy.broken.yml', IMPORTSPY_MODE: 'warn' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('ran: service-good.js');
      expect(r.stderr).toContain('importspy.broken.yml');
    });
  });

  describe('imports rules limited to kinds, at run time', () => {
    it('admits a static import of a module denied only for import()', async () => admitted(await run(node, CONFIG_APP, 'kinds-static.js'), 'kinds-static.js'));
    it('blocks a computed import() of it', async () => {
      const r = await run(node, CONFIG_APP, 'kinds-dynamic.js');
      blocked(r, 'kinds-dynamic.js', 'forbidden.import');
      expect(r.stderr).toContain('node:worker_threads (dynamic)');
    });
    it('treats require() as a value import', async () => {
      const r = await run(node, CONFIG_APP, 'kinds-require.cjs');
      expect(r.stdout).toContain('required: worker_threads');
      blocked(r, 'kinds-require.cjs', 'forbidden.import');
      expect(r.stderr).toContain('node:vm (value)');
    });
  });

  describe('a project configuration binding modules to contracts', () => {
    it('admits a compliant importer', async () => admitted(await run(node, CONFIG_APP, 'service-good.js'), 'service-good.js'));
    it('blocks a non-compliant importer', async () => blocked(await run(node, CONFIG_APP, 'service-bad.js'), 'service-bad.js', 'missing.variable'));
    it("uses the configuration's mode", async () => warned(await run(node, CONFIG_APP, 'service-bad.js', { IMPORTSPY_CONFIG: 'importspy.warn.yml' }), 'service-bad.js', 'missing.variable'));
    it('lets IMPORTSPY_MODE win over the configuration', async () =>
      blocked(await run(node, CONFIG_APP, 'service-bad.js', { IMPORTSPY_CONFIG: 'importspy.warn.yml', IMPORTSPY_MODE: 'enforce' }), 'service-bad.js', 'missing.variable'));
  });

  describe('the record of resolutions the embedded guard reads', () => {
    it('maps a resolved module to the module that imported it', async () => {
      const r = await run(node, PKG_APP, 'registry.mjs');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`importer of watched-pkg: ${pathToFileURL(join(PKG_APP, 'registry.mjs')).href}`);
    });
  });

  describe.runIf(TSX !== null)('TypeScript sources through tsx', () => {
    const preload = TSX === null ? [] : [TSX];
    it('admits a compliant TypeScript importer', async () => admitted(await run(node, TS_APP, 'good.ts', {}, preload), 'good.ts'));
    it('blocks a TypeScript importer whose annotations differ', async () => {
      const r = await run(node, TS_APP, 'bad.ts', {}, preload);
      blocked(r, 'bad.ts', 'mismatch.annotation');
      expect(r.stderr).toContain('mismatch.async');
    });
  });
});
