/**
 * A secret's value never leaves ImportSpy. One sweep over every surface: a canary value is set in
 * the environment under names the contract declares as secrets and also as plain variables with
 * a wrong expected value, an integer and a JSON annotation (so mismatch messages are provoked),
 * and no output may contain it: every `check` format (and `--jobs`, `--mode warn`, debug log),
 * `context --secret`, the guard, `load` and the loader hooks at every log level and in warn mode,
 * and a blocked import's error: message, stack, `cause`, `report`, `JSON.stringify`, every
 * formatter, and `util.inspect(error, { depth: Infinity, showHidden: true })`.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run, runNode, root, type TimedRun } from '../hostile/helpers.js';

const CANARY = 'canary-S3CR3T-9f1d2c';
const SECRET_ENV = { API_TOKEN: CANARY, API_TOKEN_AS_INT: CANARY, API_TOKEN_JSON: CANARY };
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
  '            - name: API_TOKEN_AS_INT',
  '              annotation: integer',
  '            - name: API_TOKEN_JSON',
  '              annotation: json',
  '          secrets: [API_TOKEN, API_TOKEN_AS_INT, API_TOKEN_JSON, NOT_SET_SECRET]',
];
const CONTRACT = [
  'variables:',
  '  - name: name',
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
  '    report: JSON.stringify(error.report), json: JSON.stringify(error), string: String(error),',
  "    formats: ['text', 'json', 'sarif', 'github', 'junit'].map((f) => formatReport(error.report, f, { color: true })),",
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
  write('bad.mjs', "export const other = 1;\n");
  write('guarded.mjs', "import { guard } from 'importspy';\nguard(import.meta, { contract: './spymodel.yml' });\n");
  write('host-guard.mjs', "import { dump } from './dump.mjs';\ntry {\n  await import('./guarded.mjs');\n} catch (error) {\n  dump(error);\n}\n");
  write('host-guard-uncaught.mjs', "import './guarded.mjs';\n");
  write('host-load.mjs', "import { load } from 'importspy';\nimport { dump } from './dump.mjs';\ntry {\n  await load('./bad.mjs', { contract: './spymodel.yml', parentURL: import.meta.url });\n} catch (error) {\n  dump(error);\n}\n");
  write('node_modules/protected/package.json', '{ "name": "protected", "main": "index.js", "importspy": { "contract": "../../spymodel.yml" } }\n');
  write('node_modules/protected/index.js', 'module.exports = 42;\n');
  write('hooks-bad.mjs', "import 'protected';\nexport const other = 1;\n");
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
    ['check --mode warn --log-level debug (coloured)', cli(['check', '-c', 'spymodel.yml', 'bad.mjs', '--mode', 'warn', '--log-level', 'debug'], { FORCE_COLOR: '1' })],
    ['check of the environment alone', cli(['check', '-c', 'spymodel.yml', '--format', 'json'])],
    ['context --secret (yaml)', cli(['context', '--secret', 'API_TOKEN', '--secret', 'API_TOKEN_AS_INT'])],
    ['context --secret --env (json)', cli(['context', '--format', 'json', '--env', 'API_TOKEN', '--secret', 'API_TOKEN'])],
    ...LEVELS.map((level): [string, Promise<TimedRun>] => [`guard, caught, IMPORTSPY_LOG=${level}`, node(['host-guard.mjs'], { IMPORTSPY_LOG: level })]),
    ['guard, uncaught (stderr of the blocked import)', node(['host-guard-uncaught.mjs'], { IMPORTSPY_LOG: 'debug' })],
    ['guard, warn mode', node(['host-guard-uncaught.mjs'], { IMPORTSPY_MODE: 'warn', IMPORTSPY_LOG: 'debug' })],
    ['load, caught', node(['host-load.mjs'], { IMPORTSPY_LOG: 'debug' })],
    ...LEVELS.map((level): [string, Promise<TimedRun>] => [`hooks, IMPORTSPY_LOG=${level}`, node(['--import', REGISTER, 'hooks-bad.mjs'], { IMPORTSPY_LOG: level })]),
    ['hooks, warn mode', node(['--import', REGISTER, 'hooks-bad.mjs'], { IMPORTSPY_MODE: 'warn', IMPORTSPY_LOG: 'debug' })],
  ];
  // Control: a variable named with --env (not as a secret) is printed, so the canary does reach ImportSpy.
  const control = cli(['context', '--format', 'json', '--env', 'API_TOKEN']);
  const results = await Promise.all(surfaces.map(async ([name, result]) => [name, await result] as const));
  expect((await control).stdout).toContain(CANARY);

  // Each surface really ran and said something about the failure: the sweep is not vacuous.
  for (const [name, result] of results) {
    expect(result.signal, name).toBeNull();
    expect(`${result.stdout}${result.stderr}`, name).toMatch(/API_TOKEN|ContractViolationError|violation/);
  }
  const dumps = results.filter(([name]) => name.includes('caught') && !name.includes('uncaught'));
  for (const [name, result] of dumps) {
    const dumped = JSON.parse(result.stdout) as { formats: string[]; message: string };
    expect(dumped.formats, name).toHaveLength(5);
    expect(dumped.message, name).toContain('mismatch.env');
  }
  const leaks = results.filter(([, r]) => `${r.stdout}\n${r.stderr}`.includes(CANARY)).map(([name]) => name);
  expect(leaks).toEqual([]);
});
