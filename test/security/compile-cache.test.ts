// The CLI turns on Node's compile cache (V8 bytecode it will run) only in a folder that no one
// but the current user can write: these tests install ImportSpy into a project's node_modules
// (its bin copied, its dist linked) and try the folders an attacker could prepare.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, root } from '../cli/helpers.js';

const supported = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
let project: string;
let cacheFolder: string;

/** `importspy check` of one compliant module, from the copy installed in `project`. */
function check(env: Record<string, string> = {}): void {
  const r = spawnSync(process.execPath, [join(project, 'node_modules', 'importspy', 'bin', 'importspy.js'), 'check', 'mod.js', '-c', 'spymodel.yml'], {
    cwd: project,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    timeout: 20_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

/** Every file under a folder (Node keeps its cache in a subfolder per Node version). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'importspy-compile-cache-'));
  const installed = join(project, 'node_modules', 'importspy');
  mkdirSync(join(installed, 'bin'), { recursive: true });
  copyFileSync(bin, join(installed, 'bin', 'importspy.js'));
  copyFileSync(join(root, 'package.json'), join(installed, 'package.json'));
  symlinkSync(join(root, 'dist'), join(installed, 'dist'), 'dir');
  writeFileSync(join(project, 'mod.js'), 'export const answer = 42;\n');
  writeFileSync(join(project, 'spymodel.yml'), 'variables:\n  - name: answer\n');
  cacheFolder = join(project, 'node_modules', '.cache', 'importspy-compile');
});

afterEach(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('the CLI compile cache', () => {
  it.runIf(supported)('is kept beside the installed package, in a folder of mode 0700', () => {
    check();
    expect(lstatSync(cacheFolder).mode & 0o777).toBe(0o700);
    expect(filesUnder(cacheFolder).length).toBeGreaterThan(0);
  });

  it.runIf(!supported)('is not used where Node has no compile cache', () => {
    check();
    expect(existsSync(cacheFolder)).toBe(false);
  });

  it('is not used in a folder that other users can write', () => {
    mkdirSync(cacheFolder, { recursive: true });
    chmodSync(cacheFolder, 0o777);
    check();
    expect(filesUnder(cacheFolder)).toEqual([]);
  });

  it('is not used through a symbolic link', () => {
    const elsewhere = join(project, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    mkdirSync(join(project, 'node_modules', '.cache'), { recursive: true });
    symlinkSync(elsewhere, cacheFolder, 'dir');
    check();
    expect(filesUnder(elsewhere)).toEqual([]);
  });

  it('is not used inside a .cache that is a symbolic link', () => {
    const elsewhere = join(project, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, join(project, 'node_modules', '.cache'), 'dir');
    check();
    expect(filesUnder(elsewhere)).toEqual([]);
  });

  it('is not used inside a .cache that other users can write', () => {
    mkdirSync(join(project, 'node_modules', '.cache'));
    chmodSync(join(project, 'node_modules', '.cache'), 0o777);
    check();
    expect(filesUnder(cacheFolder)).toEqual([]);
  });

  it.runIf(process.getuid?.() === 0)("is not used in another user's folder", () => {
    mkdirSync(cacheFolder, { recursive: true, mode: 0o700 });
    chownSync(cacheFolder, 65534, 65534);
    check();
    expect(filesUnder(cacheFolder)).toEqual([]);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE', () => {
    check({ NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(filesUnder(cacheFolder)).toEqual([]);
  });
});
