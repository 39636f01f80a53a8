/**
 * Fail closed: wherever ImportSpy itself cannot decide — the contract cannot be read, the parser
 * gives up, a validator throws, a `check --jobs` worker dies — the guard, `load` and the loader
 * hooks block in `enforce` mode and the CLI exits 2, each with the cause in the message. Every
 * fault is injected from outside (files, contracts, modules), except the validator exception,
 * which no input can trigger: that one uses the `IMPORTSPY_INTERNAL_FAULT=validator` test seam.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, root, run, runNode, type TimedRun } from './helpers.js';

/** One spawned process: a blocked import is decided in well under a second. */
const BOUND_MS = 15_000;
const REGISTER = pathToFileURL(join(root, 'dist/loader/register.js')).href;

let dir: string;
const file = (name: string): string => join(dir, name);
function write(name: string, content: string): string {
  mkdirSync(join(file(name), '..'), { recursive: true });
  writeFileSync(file(name), content);
  return file(name);
}

/** Runs, in the temporary project, without the test seam unless asked. */
function inProject(args: readonly string[], env: Record<string, string> = {}): Promise<TimedRun> {
  return runNode(args, { cwd: dir, env, timeoutMs: BOUND_MS });
}

// Node runs this importer happily; ImportSpy refuses to analyse code nested this deeply.
const UNPARSEABLE = `export const name = 'deep';\nexport const data = ${'['.repeat(1200)}${']'.repeat(1200)};\n`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-fail-closed-'));
  mkdirSync(file('node_modules'));
  symlinkSync(root, file('node_modules/importspy'), 'dir');
  write('spymodel.yml', 'variables:\n  - name: name\n');
  mkdirSync(file('contract-dir.yml')); // a directory where the contract should be
  // Embedded guard.
  write('guarded.mjs', "import { guard } from 'importspy';\nguard(import.meta, { contract: './spymodel.yml' });\nexport const answer = 42;\n");
  write('guarded-unreadable.mjs', "import { guard } from 'importspy';\nguard(import.meta, { contract: './contract-dir.yml' });\nexport const answer = 42;\n");
  write('guard-good.mjs', "import './guarded.mjs';\nexport const name = 'good';\nconsole.log('importer ran');\n");
  write('guard-unreadable.mjs', "import './guarded-unreadable.mjs';\nexport const name = 'good';\nconsole.log('importer ran');\n");
  write('guard-unparseable.mjs', `import './guarded.mjs';\n${UNPARSEABLE}console.log('importer ran');\n`);
  // Loader hooks: packages protected by their package.json.
  write('node_modules/protected/package.json', '{ "name": "protected", "main": "index.js", "importspy": { "contract": "../../spymodel.yml" } }\n');
  write('node_modules/protected/index.js', "console.log('protected ran');\nmodule.exports = 42;\n");
  write('node_modules/protected-unreadable/package.json', '{ "name": "protected-unreadable", "main": "index.js", "importspy": { "contract": "../../contract-dir.yml" } }\n');
  write('node_modules/protected-unreadable/index.js', "console.log('protected ran');\nmodule.exports = 42;\n");
  write('hooks-good.mjs', "import 'protected';\nexport const name = 'good';\nconsole.log('importer ran');\n");
  write('hooks-unreadable.mjs', "import 'protected-unreadable';\nexport const name = 'good';\nconsole.log('importer ran');\n");
  write('hooks-unparseable.mjs', `import 'protected';\n${UNPARSEABLE}console.log('importer ran');\n`);
  // Controlled import.
  write('plugin.mjs', "export const name = 'plugin';\nconsole.log('plugin ran');\n");
  write('plugin-unparseable.mjs', `${UNPARSEABLE}console.log('plugin ran');\n`);
  write(
    'host.mjs',
    [
      "import { load } from 'importspy';",
      'try {',
      '  await load(process.argv[2], { contract: process.argv[3], parentURL: import.meta.url });',
      "  console.log('admitted');",
      '} catch (error) {',
      '  console.log(JSON.stringify({ name: error.name, code: error.code, error: error.report?.results[0]?.error, message: error.message }));',
      '}',
      '',
    ].join('\n'),
  );
  // Modules for the CLI.
  write('exits.mjs', "export const name = 'exits';\nprocess.exit(7);\n");
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Fault {
  /** What goes wrong inside ImportSpy. */
  fault: string;
  /** The error code the report carries. */
  code: string;
  /** Words of the cause the message must carry. */
  cause: string;
  env?: Record<string, string>;
}

const VALIDATOR = { IMPORTSPY_INTERNAL_FAULT: 'validator' };
const faults: Record<'unreadable' | 'unparseable' | 'validator', Fault> = {
  unreadable: { fault: 'the contract cannot be read', code: 'contract.unreadable', cause: 'is a directory' },
  unparseable: { fault: 'the parser gives up on the module', code: 'module.unreadable', cause: 'nested more than 1000 levels deep' },
  validator: { fault: 'a validator throws', code: 'importspy.internal', cause: 'injected validator fault', env: VALIDATOR },
};

/** Blocked: the importer's code never ran, the process failed, the error names the code and the cause. */
function expectBlocked(result: TimedRun, f: Fault): void {
  expect(result.signal, result.stderr).toBeNull();
  expect(result.ms).toBeLessThan(BOUND_MS);
  expect(result.status).not.toBe(0);
  expect(result.stdout).not.toContain('importer ran');
  expect(result.stderr).toContain('ContractViolationError');
  expect(result.stderr).toContain(f.code);
  expect(result.stderr).toContain(f.cause);
}

describe.concurrent('the embedded guard blocks', () => {
  it('a compliant importer passes (the fixture is sound)', async () => {
    const result = await inProject(['guard-good.mjs']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('importer ran');
  });

  it.each([
    ['unreadable', 'guard-unreadable.mjs'],
    ['unparseable', 'guard-unparseable.mjs'],
    ['validator', 'guard-good.mjs'],
  ] as const)('when %s', async (key, importer) => {
    expectBlocked(await inProject([importer], faults[key].env), faults[key]);
  });

  it('in warn mode the same fault is reported and let through', async () => {
    const result = await inProject(['guard-good.mjs'], { ...VALIDATOR, IMPORTSPY_MODE: 'warn' });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('importspy.internal');
  });
});

describe.concurrent('the loader hooks block', () => {
  it('a compliant importer passes (the fixture is sound)', async () => {
    const result = await inProject(['--import', REGISTER, 'hooks-good.mjs']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('importer ran');
  });

  it.each([
    ['unreadable', 'hooks-unreadable.mjs'],
    ['unparseable', 'hooks-unparseable.mjs'],
    ['validator', 'hooks-good.mjs'],
  ] as const)('when %s, before the protected module runs', async (key, importer) => {
    const result = await inProject(['--import', REGISTER, importer], faults[key].env);
    expectBlocked(result, faults[key]);
    expect(result.stdout).not.toContain('protected ran');
  });
});

describe.concurrent('load() rejects the plugin, whose code never runs', () => {
  it.each([
    ['unreadable', './plugin.mjs', './contract-dir.yml'],
    ['unparseable', './plugin-unparseable.mjs', './spymodel.yml'],
    ['validator', './plugin.mjs', './spymodel.yml'],
  ] as const)('when %s', async (key, plugin, contract) => {
    const f = faults[key];
    const result = await inProject(['host.mjs', plugin, contract], f.env);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('plugin ran');
    const outcome = JSON.parse(result.stdout) as { name: string; code: string; error: { code: string }; message: string };
    expect(outcome).toMatchObject({ name: 'ContractViolationError', code: 'ERR_IMPORT_CONTRACT', error: { code: f.code } });
    expect(outcome.message).toContain(f.cause);
  });
});

describe.concurrent('check exits 2 with the cause', () => {
  it.each([
    ['unreadable', ['-c', 'contract-dir.yml', 'plugin.mjs']],
    ['unparseable', ['-c', 'spymodel.yml', 'plugin-unparseable.mjs']],
    ['validator', ['-c', 'spymodel.yml', 'plugin.mjs']],
    ['validator', ['-c', 'spymodel.yml', '--jobs', '2', 'plugin.mjs', 'guard-good.mjs']],
  ] as const)('when %s (%j)', async (key, args) => {
    const f = faults[key];
    const result = await run(['check', ...args, '--format', 'json'], { cwd: dir, env: f.env ?? {}, timeoutMs: BOUND_MS });
    expect(result.signal).toBeNull();
    expect(result.status, result.stderr).toBe(2);
    expect(result.ms).toBeLessThan(BOUND_MS);
    if (key === 'unreadable') {
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'contract.invalid' }, results: [] });
      expect(result.stderr).toContain(f.cause);
      return;
    }
    const report = json(result.stdout);
    expect(report.ok).toBe(false);
    for (const r of report.results) {
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe(f.code);
      expect(r.error?.message).toContain(f.cause);
    }
  });

  it('when a --jobs worker dies (a module calls process.exit at its top level, in --runtime mode)', async () => {
    const result = await run(['check', '-c', 'spymodel.yml', '--jobs', '2', '--runtime', 'exits.mjs', 'plugin.mjs', '--format', 'json'], { cwd: dir, timeoutMs: BOUND_MS });
    expect(result.signal).toBeNull();
    expect(result.status, result.stderr).toBe(2);
    const report = json(result.stdout);
    expect(report.ok).toBe(false);
    const died = report.results.find((r) => r.module === 'exits.mjs');
    expect(died).toMatchObject({ ok: false, error: { code: 'importspy.worker-failed' } });
    expect(died?.error?.message).toContain('exit code 7');
    // The other worker's module is still decided on its own merits.
    expect(report.results.find((r) => r.module === 'plugin.mjs')).toMatchObject({ ok: true });
    // What the loaded module printed went to stderr: stdout is the one JSON document.
    expect(result.stderr).toContain('plugin ran');
  });

  it('--runtime without workers: what a loaded module prints goes to stderr, stdout stays one JSON document', async () => {
    const result = await run(['check', '-c', 'spymodel.yml', '--runtime', 'plugin.mjs', '--format', 'json'], { cwd: dir, timeoutMs: BOUND_MS });
    expect(result.status, result.stderr).toBe(0);
    expect(json(result.stdout).ok).toBe(true);
    expect(result.stderr).toContain('plugin ran');
  });
});
