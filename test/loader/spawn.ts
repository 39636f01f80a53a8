/**
 * Spawning real Node processes under the loader hooks, for the loader and security tests: the
 * Node binaries of IMPORTSPY_TEST_NODES (colon-separated paths; default the Node running the
 * tests), the built register entry, and a clean environment.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** IMPORTSPY_TEST_REGISTER points at another build (e.g. a private copy while dist/ is being rebuilt). */
export const REGISTER = process.env['IMPORTSPY_TEST_REGISTER'] ?? join(ROOT, 'dist/loader/register.js');
export const REGISTER_URL = pathToFileURL(REGISTER).href;
export const NODES = (process.env['IMPORTSPY_TEST_NODES'] ?? process.execPath).split(delimiter).filter(Boolean);

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without the test runner's own ImportSpy, Vitest and NODE_OPTIONS settings. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('IMPORTSPY_') && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, NO_COLOR: '1', IMPORTSPY_CACHE: '0', ...extra };
}

/** Runs `node ...args` in `cwd`; never rejects. */
export function node(bin: string, cwd: string, args: readonly string[], env: Record<string, string> = {}, timeout = 25_000): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(bin, args, { cwd, env: cleanEnv(env), encoding: 'utf8', timeout }, (_error, stdout, stderr) => {
      done({ status: child.exitCode, stdout, stderr });
    });
  });
}

/** Runs an entry under `--import importspy/register` (after the given preloads). */
export function underHooks(bin: string, cwd: string, entry: string, env: Record<string, string> = {}, preload: readonly string[] = []): Promise<Run> {
  return node(bin, cwd, [...preload.flatMap((p) => ['--import', p]), '--import', REGISTER_URL, entry], env);
}

export function nodeVersion(bin: string): string {
  return spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/** Whether a Node binary has `module.registerHooks` (else the hooks run off-thread). */
export function hasRegisterHooks(bin: string): boolean {
  return spawnSync(bin, ['-p', "typeof require('node:module').registerHooks"], { encoding: 'utf8' }).stdout.trim() === 'function';
}

/** Writes `files` (path → content) under `dir`. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}
