import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyProject, installTarball, packTarball, root } from './tarball.js';

// The package as published: pack it, install the tarball into a fresh project, and use it from
// ESM, CommonJS, the CLI, and TypeScript with node16 and bundler resolution.
const tsc = join(root, 'node_modules/typescript/bin/tsc');
let app: string;
let files: string[];
let tarball: string;

beforeAll(() => {
  const packed = packTarball();
  files = packed.files;
  tarball = packed.tarball;
  app = emptyProject(packed.work, 'app');
  installTarball(app, packed.tarball);
}, 120_000);

/** Long runs (tsc) must not block the test worker, or vitest's own messages time out. */
async function runAsync(cmd: string, args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(cmd, args, { cwd: app, encoding: 'utf8' });
    return { status: 0, out: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { status: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: app, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The JS file of a dev dependency's command (its package.json `bin`). */
function binOf(pkg: string, name: string): string {
  const manifest = join(root, 'node_modules', pkg, 'package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> };
  return join(dirname(manifest), typeof bin === 'string' ? bin : (bin[name] ?? ''));
}

describe('the packed package', () => {
  it('publint and arethetypeswrong find no errors in the tarball', { timeout: 120_000 }, async () => {
    const publint = await runAsync(process.execPath, [binOf('publint', 'publint'), tarball]);
    expect(publint.out).not.toMatch(/Errors:/);
    expect(publint.status, publint.out).toBe(0);
    // Engines say Node >= 20.19, so node10 resolution does not apply (`--profile node16`). The
    // package is ESM that `require` loads (require(esm), Node >= 20.19), with .d.cts types for
    // CommonJS consumers: the two rules that flag exactly that design are ignored, nothing else.
    const attw = await runAsync(process.execPath, [binOf('@arethetypeswrong/cli', 'attw'), tarball, '--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm', 'false-cjs']);
    expect(attw.status, attw.out).toBe(0);
    expect(attw.out).toContain('"importspy/register"');
  });

  it('contains exactly what users need', () => {
    const outside = files.filter((f) => !f.startsWith('dist/'));
    expect(outside).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'bin/importspy.js', 'package.json', 'schema/importspy.config.schema.json', 'schema/spymodel.schema.json']);
    expect(files.filter((f) => f.startsWith('dist/') && !/\.(js|d\.ts|d\.cts)$/.test(f))).toEqual([]);
    expect(files).toContain('dist/index.d.cts');
    expect(files.some((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });

  it('works from ESM, from CommonJS, and as a CLI', () => {
    writeFileSync(join(app, 'esm.mjs'), "import { defineContract, validate } from 'importspy';\nconsole.log('esm', validate(defineContract({ deployments: [{ arch: process.arch }] })).ok);\n");
    writeFileSync(join(app, 'cjs.cjs'), "const { defineContract, validate } = require('importspy');\nconsole.log('cjs', validate(defineContract({ deployments: [{ arch: process.arch }] })).ok);\n");
    expect(run(process.execPath, ['esm.mjs']).out).toContain('esm true');
    expect(run(process.execPath, ['cjs.cjs']).out).toContain('cjs true');
    const cli = run(process.execPath, ['node_modules/importspy/bin/importspy.js', '--version']);
    expect(cli.out.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(run(process.execPath, ['-e', "import('importspy/register').then(() => console.log('register ok'))"]).out).toContain('register ok');
    // The parts loaded by the package's own name: the check workers, the schema, the hooks.
    writeFileSync(join(app, 'spymodel.yml'), 'functions:\n  - name: run\n');
    writeFileSync(join(app, 'a.mjs'), 'export function run() {}\n');
    writeFileSync(join(app, 'b.mjs'), 'export function run() {}\n');
    const jobs = run(process.execPath, ['node_modules/importspy/bin/importspy.js', 'check', 'a.mjs', 'b.mjs', '-c', 'spymodel.yml', '--jobs', '2']);
    expect(jobs.out).toContain('OK: 2 modules checked, 2 compliant');
    expect(jobs.status).toBe(0);
    expect(run(process.execPath, ['--import', 'importspy/register', 'esm.mjs']).out).toContain('esm true');
  });

  it('types resolve for ESM and CommonJS consumers under node16, and under bundler resolution', { timeout: 180_000 }, async () => {
    const use = "import { defineContract, validate, ContractViolationError, type Report, type ContractInput } from 'importspy';\n" +
      "const input: ContractInput = { functions: [{ name: 'run', arguments: [{ name: 'x', annotation: 'string' }] }], imports: { deny: ['node:vm', { pattern: 'zod', kind: 'type' }, { pattern: 'yaml', kind: ['value', 'dynamic'] }] } };\n" +
      'const ok: boolean = validate(defineContract(input)).ok;\n' +
      'export const pick = (e: unknown): Report | null => (e instanceof ContractViolationError ? e.report : null);\n' +
      'export { ok };\n';
    writeFileSync(join(app, 'esm.mts'), use);
    writeFileSync(join(app, 'cjs.cts'), use);
    writeFileSync(join(app, 'bundled.ts'), use);
    // A wrong type must fail: proves the types are real, not `any`.
    writeFileSync(join(app, 'wrong.cts'), "import { VERSION, type ContractInput } from 'importspy';\nexport const n: number = VERSION;\nexport const c: ContractInput = { imports: { deny: [{ pattern: 'zod', kind: 'types' }] } };\n");
    const common = ['--noEmit', '--strict', '--types', 'node', '--typeRoots', join(root, 'node_modules/@types')];
    const node16 = await runAsync(process.execPath, [tsc, ...common, '--module', 'node16', '--moduleResolution', 'node16', 'esm.mts', 'cjs.cts']);
    expect(node16.out).toBe('');
    expect(node16.status).toBe(0);
    const bundler = await runAsync(process.execPath, [tsc, ...common, '--module', 'esnext', '--moduleResolution', 'bundler', 'bundled.ts']);
    expect(bundler.out).toBe('');
    // Machine names are literal unions: a misspelt arch, os or mode is a type error naming the allowed values.
    writeFileSync(join(app, 'names.mts'), "import { defineConfig, defineContract } from 'importspy';\n" +
      "export const c = defineContract({ deployments: [{ arch: 'x86-64', systems: [{ os: 'Linux', libc: 'uclibc', runtimes: [{ name: 'cpython' }] }] }] });\n" +
      "export const ok = defineContract({ deployments: [{ arch: 'x86_64', systems: [{ os: 'macos', libc: 'musl', runtimes: [{ name: 'nodejs' }] }] }] });\n" +
      "export const p = defineConfig({ mode: 'strict', contracts: [{ modules: 'src/*.ts', contract: './spymodel.yml' }] });\n");
    const names = await runAsync(process.execPath, [tsc, ...common, '--module', 'node16', '--moduleResolution', 'node16', 'wrong.cts', 'names.mts']);
    expect(names.out).toMatch(/wrong\.cts\(2,[0-9]+\).*Type 'string' is not assignable to type 'number'/);
    expect(names.out).toMatch(/names\.mts\(2,[0-9]+\).*Type '"x86-64"' is not assignable to type '"x64" \| "arm64" \|/);
    expect(names.out).toMatch(/names\.mts\(2,[0-9]+\).*Type '"Linux"' is not assignable to type '"linux" \| "darwin" \|/);
    expect(names.out).toMatch(/names\.mts\(2,[0-9]+\).*Type '"uclibc"' is not assignable to type '"glibc" \| "musl"/);
    expect(names.out).toMatch(/names\.mts\(2,[0-9]+\).*Type '"cpython"' is not assignable to type '"node" \| "bun" \| "deno" \| "nodejs"/);
    expect(names.out).toMatch(/names\.mts\(4,[0-9]+\).*Type '"strict"' is not assignable to type '"(enforce|warn)" \| "(enforce|warn)"/);
    expect(names.out).not.toMatch(/names\.mts\(3,/);
    expect(names.out).toMatch(/wrong\.cts\(3,[0-9]+\).*"types"/);
  });
});
