/**
 * A secret's value never leaves ImportSpy. One sweep over every surface: a canary value is set in
 * the environment under names the contract declares as secrets and also as plain variables with
 * a wrong expected value, an integer and a JSON annotation (so mismatch messages are provoked).
 * A second canary, the value of the secret DB_PASSWORD, reaches ImportSpy by other routes than its
 * own name: inside DATABASE_URL (a variable with another expected value), inside a module's
 * source (a value the contract rejects, shown with a code frame) and inside a specifier `load` is
 * asked for (an error message). It holds a quote and a backslash, so a message that quotes it as
 * JSON, or a format that escapes it, would show another spelling of it: every spelling is looked
 * for. No output may contain either: every `check` format (and `--jobs`, `--mode warn`, every log
 * level), `context --secret`, the guard, `load` and the loader hooks at every log level and in warn
 * mode, and a blocked import's error: message, stack, `cause`, `report`, `JSON.stringify`, every
 * formatter, and `util.inspect(error, { depth: Infinity, showHidden: true })`.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, runNode, root, type TimedRun } from '../hostile/helpers.js';

const CANARY = 'canary-S3CR3T-9f1d2c';
/** Carried by other variables, a module's source and a specifier; a quote and a backslash in it. */
const DB_CANARY = 'pw"Kx7\\q-4e1b';
const DATABASE_URL = `postgres://app:${DB_CANARY}@db/app`;
const SECRET_ENV = { API_TOKEN: CANARY, API_TOKEN_AS_INT: CANARY, API_TOKEN_JSON: CANARY, DB_PASSWORD: DB_CANARY, DATABASE_URL };
/**
 * Each canary in every spelling an output could give it: raw, and through up to three of the
 * encodings on the way out (JSON quoting, XML escaping, URL encoding, GitHub annotation escaping),
 * so `JSON inside XML` (a quoted value in a JUnit message) counts as well.
 */
const ENCODINGS: Array<(text: string) => string> = [
  (t) => JSON.stringify(t).slice(1, -1),
  (t) => t.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  encodeURI,
  encodeURIComponent,
  (t) => t.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'),
];
function spellings(value: string): string[] {
  let forms = new Set([value]);
  for (let depth = 0; depth < 3; depth++) forms = new Set([...forms, ...[...forms].flatMap((form) => ENCODINGS.map((encode) => encode(form)))]);
  return [...forms];
}
const FORBIDDEN = [...new Set([...spellings(CANARY), ...spellings(DB_CANARY)])];
const leaked = (text: string): string[] => FORBIDDEN.filter((form) => text.includes(form));
const REGISTER = pathToFileURL(join(root, 'dist/loader/register.js')).href;
const LEVELS = ['error', 'warn', 'info', 'debug'] as const;
const FORMATS = ['text', 'json', 'sarif', 'github', 'junit'] as const;

let dir: string;
function write(name: string, content: string): void {
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), content);
}

const environment = [
  '        environment:',
  '          variables:',
  '            - name: API_TOKEN',
  '              value: something-else',
  '            - name: DATABASE_URL',
  '              value: postgres://app:other@db/app',
  '            - name: API_TOKEN_AS_INT',
  '              annotation: integer',
  '            - name: API_TOKEN_JSON',
  '              annotation: json',
  '          secrets: [API_TOKEN, API_TOKEN_AS_INT, API_TOKEN_JSON, DB_PASSWORD, NOT_SET_SECRET]',
];
const CONTRACT = [
  'variables:',
  '  - name: name',
  // An importer that carries the database URL in its source gets a mismatch on that line (a code frame).
  '  - name: url',
  '    value: elsewhere',
  '    severity: warn',
  'deployments:',
  ...['x64', 'arm64'].flatMap((arch) => [`  - arch: ${arch}`, '    systems:', '      - os: linux', ...environment, '      - os: darwin', ...environment]),
  '',
].join('\n');

/** Prints everything a caller can get from the error of a blocked import, as one JSON line. */
const DUMP = [
  "import util from 'node:util';",
  "import { formatReport } from 'importspy';",
  'export function dump(error) {',
  '  console.log(JSON.stringify({',
  '    message: error.message, stack: error.stack, cause: util.inspect(error.cause, { depth: Infinity, showHidden: true }),',
  '    report: JSON.stringify(error.report), json: JSON.stringify(error), string: String(error), code: error.code,',
  "    formats: error.report ? ['text', 'json', 'sarif', 'github', 'junit'].map((f) => formatReport(error.report, f, { color: true })) : [],",
  '    inspect: util.inspect(error, { depth: Infinity, showHidden: true, getters: true }),',
  '  }));',
  '}',
  '',
].join('\n');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-secrets-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules/importspy'), 'dir');
  write('spymodel.yml', CONTRACT);
  write('dump.mjs', DUMP);
  // The importer exports no `name`, so every entry point blocks it.
  const url = `export const url = ${JSON.stringify(DATABASE_URL)};\n`;
  write('bad.mjs', `export const other = 1;\n${url}`);
  write('guarded.mjs', "import { guard } from 'importspy';\nguard(import.meta, { contract: './spymodel.yml' });\n");
  write('host-guard.mjs', "import { dump } from './dump.mjs';\ntry {\n  await import('./guarded.mjs');\n} catch (error) {\n  dump(error);\n}\n");
  write('host-guard-uncaught.mjs', "import './guarded.mjs';\n");
  write('host-load.mjs', "import { load } from 'importspy';\nimport { dump } from './dump.mjs';\ntry {\n  await load('./bad.mjs', { contract: './spymodel.yml', parentURL: import.meta.url });\n} catch (error) {\n  dump(error);\n}\n");
  // A specifier built from the environment: the error says which plugin was not found.
  write('host-load-missing.mjs', "import { load } from 'importspy';\nimport { dump } from './dump.mjs';\ntry {\n  await load(`./plugins/${process.env.DB_PASSWORD}.mjs`, { contract: './spymodel.yml', parentURL: import.meta.url });\n} catch (error) {\n  dump(error);\n}\n");
  write('host-load-warn.mjs', "import { load } from 'importspy';\nawait load('./bad.mjs', { contract: './spymodel.yml', parentURL: import.meta.url, mode: 'warn' });\n");
  write('host-hooks.mjs', "import { dump } from './dump.mjs';\ntry {\n  await import('./hooks-bad.mjs');\n} catch (error) {\n  dump(error);\n}\n");
  write('node_modules/protected/package.json', '{ "name": "protected", "main": "index.js", "importspy": { "contract": "../../spymodel.yml" } }\n');
  write('node_modules/protected/index.js', 'module.exports = 42;\n');
  write('hooks-bad.mjs', `import 'protected';\nexport const other = 1;\n${url}`);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('the canary secret never appears on any surface', { timeout: 120_000 }, async () => {
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({ ...SECRET_ENV, ...extra });
  // Four processes at a time: enough to overlap start-up, not so many that a 2-core machine stalls.
  let slots = 4;
  const waiting: Array<() => void> = [];
  const limited = async (start: () => Promise<TimedRun>): Promise<TimedRun> => {
    if (slots === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    else slots--;
    try {
      return await start();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else slots++;
    }
  };
  const cli = (args: string[], extra: Record<string, string> = {}): Promise<TimedRun> => limited(() => run(args, { cwd: dir, env: env(extra), timeoutMs: 30_000 }));
  const node = (args: string[], extra: Record<string, string> = {}): Promise<TimedRun> => limited(() => runNode(args, { cwd: dir, env: env(extra), timeoutMs: 30_000 }));
  const surfaces: Array<[string, Promise<TimedRun>]> = [
    ...FORMATS.map((f): [string, Promise<TimedRun>] => [`check --format ${f}`, cli(['check', '-c', 'spymodel.yml', 'bad.mjs', '--format', f])]),
    ['check --jobs 2 --format json', cli(['check', '-c', 'spymodel.yml', 'bad.mjs', 'hooks-bad.mjs', '--jobs', '2', '--format', 'json'])],
    ['check --jobs 2 --format text', cli(['check', '-c', 'spymodel.yml', 'bad.mjs', 'hooks-bad.mjs', '--jobs', '2'])],
    ['check --mode warn --log-level debug (coloured)', cli(['check', '-c', 'spymodel.yml', 'bad.mjs', '--mode', 'warn', '--log-level', 'debug'], { FORCE_COLOR: '1' })],
    ...LEVELS.map((level): [string, Promise<TimedRun>] => [`check, IMPORTSPY_LOG=${level}`, cli(['check', '-c', 'spymodel.yml', 'bad.mjs'], { IMPORTSPY_LOG: level })]),
    ['check of the environment alone', cli(['check', '-c', 'spymodel.yml', '--format', 'json'])],
    ['context --secret (yaml)', cli(['context', '--secret', 'API_TOKEN', '--secret', 'API_TOKEN_AS_INT'])],
    ['context --secret --env (json)', cli(['context', '--format', 'json', '--env', 'API_TOKEN', '--secret', 'API_TOKEN'])],
    ['context --env DATABASE_URL --secret DB_PASSWORD (yaml)', cli(['context', '--env', 'DATABASE_URL', '--secret', 'DB_PASSWORD'])],
    ['context --env DATABASE_URL --secret DB_PASSWORD (json)', cli(['context', '--format', 'json', '--env', 'DATABASE_URL', '--secret', 'DB_PASSWORD'])],
    ...LEVELS.map((level): [string, Promise<TimedRun>] => [`guard, caught, IMPORTSPY_LOG=${level}`, node(['host-guard.mjs'], { IMPORTSPY_LOG: level })]),
    ['guard, uncaught (stderr of the blocked import)', node(['host-guard-uncaught.mjs'], { IMPORTSPY_LOG: 'debug' })],
    ['guard, warn mode', node(['host-guard-uncaught.mjs'], { IMPORTSPY_MODE: 'warn', IMPORTSPY_LOG: 'debug' })],
    ...LEVELS.map((level): [string, Promise<TimedRun>] => [`load, caught, IMPORTSPY_LOG=${level}`, node(['host-load.mjs'], { IMPORTSPY_LOG: level })]),
    ['load of a specifier built from the secret, caught', node(['host-load-missing.mjs'], { IMPORTSPY_LOG: 'debug' })],
    ['load, warn mode', node(['host-load-warn.mjs'], { IMPORTSPY_LOG: 'debug' })],
    ...LEVELS.map((level): [string, Promise<TimedRun>] => [`hooks, IMPORTSPY_LOG=${level}`, node(['--import', REGISTER, 'hooks-bad.mjs'], { IMPORTSPY_LOG: level })]),
    ['hooks, caught', node(['--import', REGISTER, 'host-hooks.mjs'], { IMPORTSPY_LOG: 'debug' })],
    ['hooks, warn mode', node(['--import', REGISTER, 'hooks-bad.mjs'], { IMPORTSPY_MODE: 'warn', IMPORTSPY_LOG: 'debug' })],
  ];
  // Controls: a variable named with --env (not as a secret) is printed, so both canaries do reach ImportSpy.
  const controls = [cli(['context', '--format', 'json', '--env', 'API_TOKEN']), cli(['context', '--format', 'json', '--env', 'DATABASE_URL'])];
  const results = await Promise.all(surfaces.map(async ([name, result]) => [name, await result] as const));
  const [token, url] = await Promise.all(controls);
  expect(token?.stdout).toContain(CANARY);
  expect(leaked(url?.stdout ?? '')).not.toEqual([]);

  // Each surface really ran and said something about the failure: the sweep is not vacuous.
  for (const [name, result] of results) {
    expect(result.signal, name).toBeNull();
    expect(`${result.stdout}${result.stderr}`, name).toMatch(/API_TOKEN|DATABASE_URL|ContractViolationError|violation/);
  }
  const dumps = results.filter(([name]) => name.includes('caught') && !name.includes('uncaught'));
  for (const [name, result] of dumps) {
    const dumped = JSON.parse(result.stdout) as { formats: string[]; message: string; code: string };
    expect(dumped.code, name).toBe('ERR_IMPORT_CONTRACT');
    if (name.includes('specifier')) {
      expect(dumped.message, name).toContain('plugins/<redacted>.mjs');
      continue;
    }
    expect(dumped.message, name).toContain('mismatch.env');
    expect(dumped.message, name).toContain('postgres://app:<redacted>@db/app');
    // On Node 20 the hooks' error is rebuilt from another thread, without its report.
    if (!(name.startsWith('hooks') && process.versions.node.startsWith('20.'))) expect(dumped.formats, name).toHaveLength(5);
  }
  // The routes other than the secret's own name were taken, and scrubbed: the database URL in a
  // message, the module's line in a code frame, the context's variable.
  const text = results.find(([name]) => name === 'check --format text')?.[1].stdout ?? '';
  expect(text).toContain('DATABASE_URL is "postgres://app:<redacted>@db/app"');
  expect(text).toMatch(/> 2 \| export const url = "postgres:\/\/app:<redacted>@db\/app";/);
  expect(results.find(([name]) => name.startsWith('context --env DATABASE_URL'))?.[1].stdout).toContain('postgres://app:<redacted>@db/app');
  const leaks = results.flatMap(([name, r]) => leaked(`${r.stdout}\n${r.stderr}`).map((form) => `${name}: ${form}`));
  expect(leaks).toEqual([]);
});

describe('a secret too short to be searched for in text', () => {
  // Three characters could be anything in a report (a port, a word, a line number): ImportSpy does
  // not look for them in text; it hides every variable's value instead, since any could hold it.
  const PIN = 'Zq7';
  const contract = [
    'deployments:',
    '  - systems:',
    '      - environment:',
    '          variables:',
    '            - name: DATABASE_URL',
    '              value: postgres://app:other@db/app',
    '            - name: REGION',
    '              value: eu-west-1',
    '          secrets: [PIN]',
    '',
  ].join('\n');
  const env = { PIN, DATABASE_URL: `postgres://app:${PIN}@db/app`, REGION: 'us-east-2' };
  type Doc = { results: Array<{ violations: Array<{ code: string; path: string; message: string; expected: unknown; actual: unknown }> }> };

  it('hides every variable value wholesale, keeps codes and paths, and never prints the value', { timeout: 60_000 }, async () => {
    write('short.yml', contract);
    const [json, text, context, long] = await Promise.all([
      run(['check', '-c', 'short.yml', '--format', 'json'], { cwd: dir, env }),
      run(['check', '-c', 'short.yml', '--log-level', 'debug'], { cwd: dir, env }),
      run(['context', '--env', 'DATABASE_URL', '--env', 'REGION', '--secret', 'PIN'], { cwd: dir, env }),
      // Control: the same run with a secret long enough to be cut out shows the other values.
      run(['check', '-c', 'short.yml', '--format', 'json'], { cwd: dir, env: { ...env, PIN: `${PIN}-long-enough`, DATABASE_URL: `postgres://app:${PIN}-long-enough@db/app` } }),
    ]);
    const violations = (JSON.parse(json.stdout) as Doc).results[0]?.violations ?? [];
    expect(violations.map((v) => [v.code, v.path, v.actual, v.expected])).toEqual([
      ['mismatch.env', 'environment.variables.DATABASE_URL', '<redacted>', null],
      ['mismatch.env', 'environment.variables.REGION', '<redacted>', null],
    ]);
    expect(violations.map((v) => v.message)).toEqual([
      'environment variable DATABASE_URL does not have the expected value',
      'environment variable REGION does not have the expected value',
    ]);
    expect(context.stdout).toContain('value: <redacted>');
    expect(context.stdout).not.toContain('us-east-2');
    for (const r of [json, text, context]) expect(`${r.stdout}${r.stderr}`).not.toContain(PIN);

    const shown = (JSON.parse(long.stdout) as Doc).results[0]?.violations ?? [];
    expect(shown.map((v) => v.actual)).toEqual(['postgres://app:<redacted>@db/app', 'us-east-2']);
  });
});
