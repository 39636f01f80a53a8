#!/usr/bin/env node
// Thin shim: the CLI lives in dist/cli, built from src/cli. It turns on V8's code cache for this
// process before loading the CLI, then hands over.
import { lstatSync, mkdirSync } from 'node:fs';
import module from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder for Node's compile cache of this CLI process (Node 22.1+), or undefined for none.
 * A cache hit spares compiling the CLI's own code (about 15–20 ms of a 130–160 ms `check` of one
 * module on Node 22 and 26). The cache holds bytecode that this process would run, so it lives
 * where only the user who owns it can write: beside ImportSpy's own cache, in the `node_modules`
 * that holds this package (or this checkout's), in a folder of the current user's with mode 0700;
 * a folder that is a link, another user's or writable by others is not used, nor one inside such
 * a `.cache`. NODE_COMPILE_CACHE
 * (a folder the user chose) and NODE_DISABLE_COMPILE_CACHE are Node's own and win.
 */
function compileCacheFolder() {
  if (typeof module.enableCompileCache !== 'function' || process.env.NODE_COMPILE_CACHE || process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const modules = basename(dirname(root)) === 'node_modules' ? dirname(root) : join(root, 'node_modules');
  // `.cache` too: whoever can write the folder above ours can put another in its place.
  const cache = join(modules, '.cache');
  const folder = join(cache, 'importspy-compile');
  try {
    if (!lstatSync(modules).isDirectory()) return undefined;
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    return ownedHere(cache) && ownedHere(folder) ? folder : undefined;
  } catch {
    return undefined;
  }
}

/** A real folder (not a link) of the current user's that the group and others cannot write. */
function ownedHere(dir) {
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  return stat.isDirectory() && (uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0));
}

const folder = compileCacheFolder();
if (folder !== undefined) module.enableCompileCache(folder);

const { cli } = await import('../dist/cli/index.js');
process.exitCode = await cli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
