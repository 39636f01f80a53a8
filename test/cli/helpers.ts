import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = fileURLToPath(new URL('../../bin/importspy.js', import.meta.url));
export const contractFixture = (name: string): string => fileURLToPath(new URL(`../fixtures/contracts/${name}`, import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/importspy.js ...args` as a user would (after `npm run build`), with a clean
 * environment: only PATH and HOME from this process, plus `env`.
 */
export function importspy(args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? root,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...options.env },
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
