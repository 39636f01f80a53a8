import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspectModule, loadContract, validate, type Violation } from '../../src/index.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** Absolute path of a file under test/fixtures/validate. */
export function fixture(relative: string): string {
  return fileURLToPath(new URL(`../fixtures/validate/${relative}`, import.meta.url));
}

/** A violation in one line of test data: code, path, expected, actual, module and contract places. */
export interface Seen {
  code: string;
  path: string;
  expected: unknown;
  actual: unknown;
  /** `file:line:column` of the module side (basename only). */
  at: string | null;
  /** `line:column` in the contract. */
  contractAt: string | null;
}

type Place = { file: string; line: number; column: number } | null;

export function seen(v: Pick<Violation, 'code' | 'path' | 'expected' | 'actual'> & { location: Place; contractLocation: Place }): Seen {
  return {
    code: v.code,
    path: v.path,
    expected: v.expected,
    actual: v.actual,
    at: v.location ? `${basename(v.location.file)}:${v.location.line}:${v.location.column}` : null,
    contractAt: v.contractLocation ? `${v.contractLocation.line}:${v.contractLocation.column}` : null,
  };
}

/** Validates a fixture module against a fixture contract through the public API. */
export async function checkApi(module: string, contract: string, mode: 'static' | 'runtime' = 'static'): Promise<Seen[]> {
  const loaded = loadContract(fixture(contract));
  const model = await inspectModule(fixture(module), { mode });
  return validate(loaded, { module: model }).violations.map(seen);
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  json: CliReport;
}

export interface CliReport {
  ok: boolean;
  results: Array<{ module: string | null; ok: boolean; error?: { code: string; message: string; location: Place }; violations: Array<Violation & { location: Place; contractLocation: Place }> }>;
}

/** Runs the built CLI (`npm run build` first) and parses its JSON report. */
export function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, ['bin/importspy.js', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  let json: CliReport = { ok: false, results: [] };
  if (args.includes('--format')) json = JSON.parse(result.stdout) as CliReport;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, json };
}

/** `importspy check <module> -c <contract> --format json`, violations in the same one-line form. */
export function checkCli(module: string, contract: string, mode: 'static' | 'runtime' = 'static'): { status: number | null; violations: Seen[] } {
  const args = ['check', fixture(module), '-c', fixture(contract), '--format', 'json', ...(mode === 'runtime' ? ['--runtime'] : [])];
  const run = runCli(args);
  return { status: run.status, violations: run.json.results.flatMap((r) => r.violations.map(seen)) };
}
