import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// The package as published: pack it, install the tarball into a fresh project, and use it from
// ESM, CommonJS, the CLI, and TypeScript with node16 and bundler resolution.
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let app: string;
let files: string[];

beforeAll(() => {
  const work = mkdtempSync(join(tmpdir(), 'importspy-pack-'));
  const packed = JSON.parse(execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = packed[0]?.files.map((f) => f.path).sort() ?? [];
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed[0]?.filename ?? '')], { cwd: app, stdio: 'ignore' });
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

describe('the packed package', () => {
  it('contains exactly what users need', () => {
    const outside = files.filter((f) => !f.startsWith('dist/'));
    expect(outside).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'bin/importspy.js', 'package.json', 'schema/spymodel.schema.json']);
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
    const wrong = await runAsync(process.execPath, [tsc, ...common, '--module', 'node16', '--moduleResolution', 'node16', 'wrong.cts']);
    expect(wrong.out).toContain("Type 'string' is not assignable to type 'number'");
    expect(wrong.out).toContain('"types"');
  });
});
