import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractFixture, importspy, root } from './helpers.js';

const CANARY = 'canary-7f3a9';
const ANSI = /\u001b\[/;
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('importspy --version and --help', () => {
  it.each([['--version'], ['-v']])('%s prints the package.json version', (flag) => {
    const run = importspy([flag]);
    expect(run).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([['--help'], ['-h'], ['help']])('%s prints usage and exits 0', (flag) => {
    const run = importspy([flag]);
    expect(run.status).toBe(0);
    for (const command of ['importspy check', 'importspy context', 'importspy schema', 'importspy init', '--config FILE', '--mode enforce|warn']) expect(run.stdout).toContain(command);
    expect(run.stdout).toContain('Exit codes');
  });

  it('no command at all prints usage and exits 2', () => {
    const run = importspy([]);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('Usage:');
  });
});

describe('usage errors exit 2 with a clear message', () => {
  it('an unknown command suggests the right one', () => {
    const run = importspy(['chekc']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown command `chekc`; did you mean `check`?');
  });

  it('an unknown option suggests the right one', () => {
    const run = importspy(['check', '-c', contractFixture('passes-here.yml'), '--formt', 'json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown option --formt; did you mean --format?');
  });

  it('an unknown format is refused', () => {
    const run = importspy(['check', '-c', contractFixture('passes-here.yml'), '--format', 'xml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--format must be one of');
  });

  it('an invalid --mode is refused', () => {
    expect(importspy(['check', '-c', contractFixture('passes-here.yml'), '--mode', 'lenient']).status).toBe(2);
    expect(importspy(['check', '-c', contractFixture('passes-here.yml')], { env: { IMPORTSPY_MODE: 'lenient' } }).status).toBe(2);
  });

  it('check without -c and without spymodel.yml says to pass one', () => {
    const run = importspy(['check'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('-c spymodel.yml');
  });

  it('a missing contract file is one clear line and exit 2', () => {
    const run = importspy(['check', '-c', 'no-such-contract.yml'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`importspy: Cannot use contract ${join(dir, 'no-such-contract.yml')}: no such file\n`);
  });

  it('an invalid contract lists every problem with file:line:column, exit 2', () => {
    const file = contractFixture('many-problems.yml');
    const run = importspy(['check', '-c', file]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`Invalid contract ${file} (6 problems)`);
    expect(run.stderr).toContain(`${file}:1:1 filname: unknown key \`filname\`; did you mean \`filename\`?`);
    expect(run.stderr).toContain(`${file}:3:11 deployments[0].arch: the string "sparc" is not allowed; expected one of: x64,`);
    expect(run.stderr).not.toContain('internal error');
  });

  it.each([['empty.yml'], ['binary.yml'], ['latin1.yml'], ['alias-bomb.yml']])('a hostile contract (%s) exits 2 with an error, not a crash', (name) => {
    const run = importspy(['check', '-c', contractFixture(name)]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^importspy: (Cannot use|Invalid) contract /);
    expect(run.stderr).not.toContain('internal error');
  });

  it('a directory given as the contract exits 2', () => {
    const run = importspy(['check', '-c', dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('is a directory');
  });
});

describe('importspy check: exit codes', () => {
  it('0 when this machine complies', () => {
    const run = importspy(['check', '-c', contractFixture('passes-here.yml')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('✔ this machine complies with test/fixtures/contracts/passes-here.yml');
    expect(run.stdout).toContain('OK: environment checked, 0 violations');
  });

  it('finds spymodel.yml in the current directory without -c', () => {
    writeFileSync(join(dir, 'spymodel.yml'), readFileSync(contractFixture('passes-here.yml')));
    try {
      expect(importspy(['check'], { cwd: dir }).status).toBe(0);
    } finally {
      rmSync(join(dir, 'spymodel.yml'));
    }
  });

  it('1 when there are violations, printed', () => {
    const run = importspy(['check', '-c', contractFixture('environment.yml')]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('missing.env');
    expect(run.stdout).toContain('missing.secret');
    expect(run.stdout).toContain('FAILED');
  });

  it('0 with the variables set', () => {
    expect(importspy(['check', '-c', contractFixture('environment.yml')], { env: { FEATURE_FLAG: 'YES', API_TOKEN: 'x' } }).status).toBe(0);
  });

  it('0 in warn mode (--mode warn or IMPORTSPY_MODE=warn), still printed', () => {
    for (const run of [
      importspy(['check', '-c', contractFixture('environment.yml'), '--mode', 'warn']),
      importspy(['check', '-c', contractFixture('environment.yml')], { env: { IMPORTSPY_MODE: 'warn' } }),
    ]) {
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('missing.secret');
      expect(run.stdout).toContain('FAILED');
    }
  });

  it('the --mode flag wins over IMPORTSPY_MODE', () => {
    expect(importspy(['check', '-c', contractFixture('environment.yml'), '--mode', 'enforce'], { env: { IMPORTSPY_MODE: 'warn' } }).status).toBe(1);
  });

  it('warn-severity violations alone never exit 1', () => {
    const run = importspy(['check', '-c', contractFixture('warn-only.yml')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('warn  missing.env');
    expect(run.stdout).toContain('hint     only needed for telemetry');
  });
});

describe('--env-file', () => {
  it('supplies variables, over the process environment', () => {
    const envFile = join(dir, 'good.env');
    writeFileSync(envFile, '# comment\nFEATURE_FLAG=1\nAPI_TOKEN="quoted value"\n');
    expect(importspy(['check', '-c', contractFixture('environment.yml'), '--env-file', envFile]).status).toBe(0);
    expect(importspy(['check', '-c', contractFixture('environment.yml'), '--env-file', envFile], { env: { FEATURE_FLAG: 'no' } }).status).toBe(0);
  });

  it('a wrong value in the file is reported', () => {
    const envFile = join(dir, 'bad.env');
    writeFileSync(envFile, 'FEATURE_FLAG=off\nAPI_TOKEN=a-token-long-enough\n');
    const run = importspy(['check', '-c', contractFixture('environment.yml'), '--env-file', envFile, '--format', 'json']);
    expect(run.status).toBe(1);
    const doc = JSON.parse(run.stdout) as { results: Array<{ violations: Array<{ code: string; actual: unknown }> }> };
    expect(doc.results[0]?.violations.find((v) => v.code === 'invalid.env')?.actual).toBe('off');
  });

  // Node 20 itself reads every `--env-file` in argv, even after the script, and exits 9 when the
  // file is missing, before ImportSpy runs. Where Node leaves it to us, the error is ours.
  const nodeTakesEnvFile = spawnSync(process.execPath, ['-e', '0', '--', '--env-file', '/nonexistent/importspy.env']).status === 9
    || spawnSync(process.execPath, [join(root, 'bin/importspy.js'), '--version', '--env-file', '/nonexistent/importspy.env']).status === 9;
  it.skipIf(nodeTakesEnvFile)('a missing env file is a usage error', () => {
    const run = importspy(['check', '-c', contractFixture('environment.yml'), '--env-file', join(dir, 'missing.env')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot read --env-file');
  });
});

describe('--format json', () => {
  it('prints exactly one JSON document and nothing else', () => {
    const run = importspy(['check', '-c', contractFixture('environment.yml'), '--format', 'json'], { env: { FEATURE_FLAG: 'true' } });
    expect(run.status).toBe(1);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['ok', 'contract', 'results', 'summary']);
    expect(doc['ok']).toBe(false);
    expect(doc['contract']).toBe('test/fixtures/contracts/environment.yml');
    const results = doc['results'] as Array<Record<string, unknown>>;
    expect(results).toHaveLength(1);
    expect(Object.keys(results[0] ?? {})).toEqual(['module', 'ok', 'importer', 'violations']);
    expect(results[0]).toMatchObject({ module: null, ok: false, importer: null });
    expect(doc['summary']).toEqual({ modules: 0, compliant: 0, violations: (results[0]?.['violations'] as unknown[]).length });
    expect(run.stdout).not.toMatch(ANSI);
  });

  it('stays plain JSON under FORCE_COLOR', () => {
    const run = importspy(['check', '-c', contractFixture('passes-here.yml'), '-f', 'json'], { env: { FORCE_COLOR: '1' } });
    expect(run.stdout).not.toMatch(ANSI);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, summary: { modules: 0, compliant: 0, violations: 0 } });
  });
});

describe('colour', () => {
  const args = ['check', '-c', contractFixture('environment.yml')];
  it('none when stdout is not a TTY', () => {
    expect(importspy(args).stdout).not.toMatch(ANSI);
  });
  it('FORCE_COLOR=1 colours it', () => {
    expect(importspy(args, { env: { FORCE_COLOR: '1' } }).stdout).toMatch(ANSI);
  });
  it('FORCE_COLOR=0 does not', () => {
    expect(importspy(args, { env: { FORCE_COLOR: '0' } }).stdout).not.toMatch(ANSI);
  });
  it('none with NO_COLOR=1', () => {
    expect(importspy(args, { env: { NO_COLOR: '1' } }).stdout).not.toMatch(ANSI);
  });
});

describe('a secret value never appears in CLI output', () => {
  const leaks = (run: { stdout: string; stderr: string }): boolean => `${run.stdout}${run.stderr}`.includes(CANARY);

  it.each([['text'], ['json']])('check --format %s, with the secret also declared as a plain variable with a wrong value', (format) => {
    const run = importspy(['check', '-c', contractFixture('secret-also-variable.yml'), '--format', format], { env: { API_TOKEN: CANARY, API_TOKEN_AS_INT: CANARY } });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('API_TOKEN');
    expect(leaks(run)).toBe(false);
  });

  it.each([['text'], ['json']])('check --format %s in warn mode and with colour', (format) => {
    const run = importspy(['check', '-c', contractFixture('secret-also-variable.yml'), '--format', format, '--mode', 'warn'], { env: { API_TOKEN: CANARY, FORCE_COLOR: '1' } });
    expect(run.status).toBe(0);
    expect(leaks(run)).toBe(false);
  });

  it('check with the secret given through --env-file', () => {
    const envFile = join(dir, 'secret.env');
    writeFileSync(envFile, `API_TOKEN=${CANARY}\nAPI_TOKEN_AS_INT=${CANARY}\n`);
    const run = importspy(['check', '-c', contractFixture('secret-also-variable.yml'), '--env-file', envFile]);
    expect(run.status).toBe(1);
    expect(leaks(run)).toBe(false);
  });

  it.each([['yaml'], ['json']])('context --format %s --secret API_TOKEN, even when also named with --env', (format) => {
    for (const args of [['--secret', 'API_TOKEN'], ['--env', 'API_TOKEN', '--secret', 'API_TOKEN'], ['--secret', 'API_TOKEN', '--env', 'API_TOKEN']]) {
      const run = importspy(['context', '--format', format, ...args], { env: { API_TOKEN: CANARY } });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('API_TOKEN');
      expect(leaks(run)).toBe(false);
    }
  });
});

describe('importspy context', () => {
  it('prints this machine as a deployment: arch, os, libc, runtime', () => {
    const run = importspy(['context', '--format', 'json']);
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout) as { deployments: Array<{ arch: string; systems: Array<Record<string, unknown>> }> };
    expect(doc.deployments).toHaveLength(1);
    expect(doc.deployments[0]?.arch).toBe(process.arch);
    expect(doc.deployments[0]?.systems[0]).toMatchObject({ os: process.platform, runtimes: [{ name: 'node', version: process.versions.node }] });
    if (process.platform === 'linux') expect(doc.deployments[0]?.systems[0]?.['libc']).toBe('glibc');
    expect(doc.deployments[0]?.systems[0]).not.toHaveProperty('environment');
  });

  it('yaml is the default', () => {
    const run = importspy(['context']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^deployments:\n {2}- arch: /);
  });

  it('includes a variable named with --env, and nothing else of the environment', () => {
    const run = importspy(['context', '--format', 'json', '--env', 'MY_FLAG'], { env: { MY_FLAG: 'on', OTHER_VAR: 'hidden' } });
    expect(run.stdout).toContain('"name": "MY_FLAG"');
    expect(run.stdout).toContain('"value": "on"');
    expect(run.stdout).not.toContain('OTHER_VAR');
    expect(run.stdout).not.toContain('hidden');
  });

  it('warns on stderr about a named variable that is not set, or a secret that is empty', () => {
    const run = importspy(['context', '--env', 'NOT_SET_HERE', '--env', 'EMPTY', '--secret', 'EMPTY_SECRET'], { env: { EMPTY: '', EMPTY_SECRET: '' } });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('NOT_SET_HERE is not set');
    expect(run.stderr).toContain('EMPTY_SECRET is not set');
    expect(run.stderr).not.toContain('EMPTY is not set');
  });

  it('values YAML would read as something else round-trip as the strings they are', () => {
    const env = { A: 'true', B: '0x10', C: 'null', D: '  spaced ', E: '1.50', F: '[1, 2]', G: '~', H: '' };
    const names = Object.keys(env).flatMap((name) => ['--env', name]);
    for (const format of ['yaml', 'json']) {
      const file = join(dir, `tricky.${format}`);
      const printed = importspy(['context', '--format', format, ...names], { env });
      expect(printed.stderr).toBe('');
      writeFileSync(file, printed.stdout);
      expect(importspy(['check', '-c', file], { env }).status).toBe(0);
      expect(importspy(['check', '-c', file], { env: { ...env, D: 'spaced' } }).status).toBe(1);
    }
  });

  it.each([['yaml', 'machine.yml'], ['json', 'machine.json']])('--format %s fed back as a contract passes (round trip), with --env and --secret', (format, name) => {
    const env = { MY_FLAG: 'on', PORT: '8080', API_TOKEN: CANARY };
    const printed = importspy(['context', '--format', format, '--env', 'MY_FLAG', '--env', 'PORT', '--secret', 'API_TOKEN'], { env });
    expect(printed.status).toBe(0);
    const file = join(dir, name);
    writeFileSync(file, printed.stdout);
    const run = importspy(['check', '-c', file], { env });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('complies');
    // The same block fails on a machine that lacks what it printed.
    const without = importspy(['check', '-c', file, '--format', 'json'], { env: { MY_FLAG: 'off', PORT: '8080' } });
    expect(without.status).toBe(1);
    const codes = (JSON.parse(without.stdout) as { results: Array<{ violations: Array<{ code: string }> }> }).results[0]?.violations.map((v) => v.code);
    expect(codes).toEqual(['mismatch.env', 'missing.secret']);
  });

  it('an unknown --format is a usage error', () => {
    expect(importspy(['context', '--format', 'toml']).status).toBe(2);
  });
});
