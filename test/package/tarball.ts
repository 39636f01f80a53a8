import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The package as published: `npm pack` of the built tree, in a fresh temporary folder. */
export function packTarball(): { work: string; tarball: string; files: string[] } {
  const work = mkdtempSync(join(tmpdir(), 'importspy-pack-'));
  const packed = JSON.parse(execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const first = packed[0];
  if (!first) throw new Error('npm pack produced nothing');
  return { work, tarball: join(work, first.filename), files: first.files.map((f) => f.path).sort() };
}

/** A new project folder with a package.json, the tarball not yet installed. */
export function emptyProject(work: string, name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true }, null, 2)}\n`);
  return dir;
}

/** Installs the tarball into `dir` as a user's `npm i -D importspy` would. */
export function installTarball(dir: string, tarball: string, dev = false): void {
  execFileSync(npm, ['install', ...(dev ? ['--save-dev'] : []), '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: dir, stdio: 'ignore' });
}
