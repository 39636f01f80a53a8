import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = fileURLToPath(new URL('../../bin/importspy.js', import.meta.url));
export const hostile = (path: string): string => fileURLToPath(new URL(`../fixtures/hostile/${path}`, import.meta.url));

export interface TimedRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time, in ms. */
  ms: number;
}

/**
 * Runs `node bin/importspy.js ...args` with a clean environment (PATH, HOME and `env`), killed
 * after `timeoutMs`: a hang shows as `signal: 'SIGKILL'`, a crash as another signal.
 */
export function run(args: readonly string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<TimedRun> {
  return runNode([bin, ...args], options);
}

/** Runs `node ...args` (a script, loader flags) the same way as `run`. */
export function runNode(args: readonly string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<TimedRun> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? root,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', IMPORTSPY_CACHE: '0', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, ms: performance.now() - start });
    });
  });
}

/** The JSON report printed by `check --format json`. */
export interface JsonReport {
  ok: boolean;
  results: Array<{ module: string | null; ok: boolean; error?: { code: string; message: string; location: { line: number; column: number } | null }; violations: Array<{ code: string; message: string }> }>;
}

export function json(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}
