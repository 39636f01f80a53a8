/**
 * The machine a module runs on: arch, os, libc, runtime, environment and installed packages.
 * Everything is read through a `Context` object, never from globals inside validators, so tests
 * inject any machine they like.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findPackageJson } from '../util/package-json.js';
import { canonicalArch, canonicalOs, type Libc, type RuntimeName } from '../contract/aliases.js';

/** A package as Node's resolution would find it. */
export interface InstalledPackage {
  /** The package name. */
  name: string;
  /** Its version, or null when its package.json has none. */
  version: string | null;
  /** The package.json that was read. */
  manifest: string | null;
}

/** Node's permission model as the process runs it: `process.permission`. */
export interface Permissions {
  /** Whether the permission `scope` (for `fs` scopes: on `reference`) is granted. */
  has(scope: string, reference?: string): boolean;
}

/** The machine a module is checked against: what `captureContext` returns. */
export interface Context {
  /** Canonical arch (`x64`, `arm64`, ...), or the raw name when it is not one ImportSpy knows. */
  readonly arch: string;
  /** Canonical os (`linux`, `darwin`, `win32`, ...). */
  readonly os: string;
  /** `glibc` or `musl` on Linux; null elsewhere or when it cannot be told. */
  readonly libc: Libc | null;
  /** The JavaScript runtime executing ImportSpy. */
  readonly runtime: {
    /** `node`, `bun` or `deno`. */
    readonly name: RuntimeName;
    /** Its version, e.g. `20.19.0`. */
    readonly version: string;
  };
  /** Environment variables. Values are only ever coerced and compared, never reported for secrets. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Finds an installed package by name as seen from a directory, or null. */
  findPackage(name: string, fromDir: string): InstalledPackage | null;
  /** Directory packages are resolved from when no module is validated. */
  readonly cwd: string;
  /** Node's permission model, or null when the process does not run under it (`--permission`). */
  readonly permissions: Permissions | null;
}

/** Overrides for `captureContext`; anything omitted is read from this process. */
export interface CaptureContextOptions {
  /** CPU architecture, a Node name or an alias (`x86_64`). */
  arch?: string;
  /** `process.platform`-style name, or an alias (`macos`, `windows`). */
  platform?: string;
  /** `glibc`, `musl`, or null for none. */
  libc?: Libc | null;
  /** The runtime and its version. */
  runtime?: {
    /** `node`, `bun` or `deno`. */
    name: RuntimeName;
    /** Its version. */
    version: string;
  };
  /** Environment variables (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Fixed package versions (name → version) instead of looking on disk. */
  packages?: Readonly<Record<string, string>>;
  /** Directory packages are resolved from when no module is validated (default `process.cwd()`). */
  cwd?: string;
  /** The permission model (default `process.permission`), or null for a process without it. */
  permissions?: Permissions | null;
}

interface RuntimeGlobals {
  Bun?: { version?: string };
  Deno?: { version?: { deno?: string } };
}

/** Which JavaScript runtime is executing this code. */
export function detectRuntime(globals: RuntimeGlobals = globalThis as RuntimeGlobals): { name: RuntimeName; version: string } {
  if (globals.Bun?.version) return { name: 'bun', version: globals.Bun.version };
  if (globals.Deno?.version?.deno) return { name: 'deno', version: globals.Deno.version.deno };
  return { name: 'node', version: process.versions.node };
}

/**
 * The C library this process has mapped, from `/proc/self/maps`: a read of a few kilobytes,
 * where a diagnostic report takes 9 ms on an idle machine and over 200 ms under load.
 */
function libcFromMaps(): Libc | null {
  let maps: string;
  try {
    maps = readFileSync('/proc/self/maps', 'latin1');
  } catch {
    return null;
  }
  for (const line of maps.split('\n')) {
    const slash = line.lastIndexOf('/');
    if (slash < 0) continue;
    const name = line.slice(slash + 1);
    if (name.startsWith('ld-musl-') || name.startsWith('libc.musl-')) return 'musl';
    if (name.startsWith('libc.so') || (name.startsWith('libc-') && name.includes('.so'))) return 'glibc';
  }
  return null;
}

/** The same from Node's diagnostic report (its header names glibc's version), without the network part. */
function libcFromReport(): Libc | null {
  // `excludeNetwork` (Node 20.13+) is newer than the Node 20 typings.
  const report = process.report as (NodeJS.ProcessReport & { excludeNetwork?: boolean }) | undefined;
  if (!report) return null;
  const excluded = report.excludeNetwork;
  try {
    if (excluded !== undefined) report.excludeNetwork = true;
    const found = report.getReport() as { header?: { glibcVersionRuntime?: string }; sharedObjects?: string[] };
    if (found.header?.glibcVersionRuntime) return 'glibc';
    if (found.sharedObjects?.some((f) => f.includes('libc.musl-') || f.includes('ld-musl-'))) return 'musl';
  } catch {
    // Reports can be disabled; fall through to the file system.
  } finally {
    if (excluded !== undefined) report.excludeNetwork = excluded;
  }
  return null;
}

/** glibc or musl: from the mapped libraries, else Node's diagnostic report, else the loader's files. */
export function detectLibc(platform: string = process.platform): Libc | null {
  if (platform !== 'linux') return null;
  const found = libcFromMaps() ?? libcFromReport();
  if (found) return found;
  try {
    if (readdirSync('/lib').some((f) => f.startsWith('ld-musl-'))) return 'musl';
  } catch {
    // no /lib: nothing more to learn
  }
  return existsSync('/lib64') || existsSync('/lib/x86_64-linux-gnu') || existsSync('/lib/aarch64-linux-gnu') ? 'glibc' : null;
}

/** Reads `name`/`version` of a package by walking `node_modules` folders up from `fromDir`. */
export function findInstalledPackage(name: string, fromDir: string): InstalledPackage | null {
  const found = findPackageJson(resolve(fromDir), { fileIn: (dir) => join(dir, 'node_modules', name, 'package.json'), accept: () => true });
  if (found === null) return null;
  const own = found.data?.['name'];
  const version = found.data?.['version'];
  return { name: typeof own === 'string' ? own : '', version: typeof version === 'string' ? version : null, manifest: found.file };
}

/** `process.permission`, present only when Node runs with `--permission` (`--experimental-permission` on Node 20). */
function processPermissions(): Permissions | null {
  const permission = (process as { permission?: { has(scope: string, reference?: string): boolean } }).permission;
  if (!permission || typeof permission.has !== 'function') return null;
  return { has: (scope, reference) => (reference === undefined ? permission.has(scope) : permission.has(scope, reference)) };
}

/**
 * Captures the current machine, with any part overridden. libc is detected only when first read.
 */
export function captureContext(options: CaptureContextOptions = {}): Context {
  const rawArch = options.arch ?? process.arch;
  const rawOs = options.platform ?? process.platform;
  const os = canonicalOs(rawOs) ?? rawOs;
  const fixed = options.packages;
  let libc: Libc | null | undefined = options.libc;
  return {
    arch: canonicalArch(rawArch) ?? rawArch,
    os,
    get libc() {
      if (libc === undefined) libc = detectLibc(os);
      return libc;
    },
    runtime: options.runtime ?? detectRuntime(),
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    permissions: options.permissions === undefined ? processPermissions() : options.permissions,
    findPackage: fixed
      ? (name) => (Object.hasOwn(fixed, name) ? { name, version: fixed[name] ?? null, manifest: null } : null)
      : findInstalledPackage,
  };
}

let processDefault: Context | undefined;

/**
 * The context every API uses when it is given none: this machine, captured once per thread. It
 * reads `process.env` and the current directory when they are used, so it stays what
 * `captureContext()` would return now.
 */
export function processContext(): Context {
  if (processDefault === undefined) {
    const captured = captureContext();
    processDefault = Object.defineProperty(captured, 'cwd', { get: () => process.cwd(), enumerable: true });
  }
  return processDefault;
}
