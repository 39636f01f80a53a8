/**
 * The on-disk cache: validated contracts and module models as JSON, so that a new process reads
 * them back instead of loading the YAML library, the schema and the parser (most of a guard's
 * start-up cost).
 *
 * What is judged must not be able to supply or steer a cached answer, so:
 * - **Where** is decided by the trusted side only, once per process: `IMPORTSPY_CACHE_DIR`, else
 *   `.cache/importspy` in the `node_modules` folder ImportSpy itself is installed in (the host's),
 *   else `node_modules/.cache/importspy` of the working directory when that `node_modules` exists,
 *   else nowhere. Never a folder found from the analysed file.
 * - **Authenticated**: each entry carries an HMAC-SHA256 over its kind, its slot and its content,
 *   with a random key kept in the cache folder (`key`, created owner-only, 0600, in a 0700 folder).
 *   A key file that is not a regular file, not owned by the current user, or open to the group or
 *   others is refused, and the cache stays off for the process. An entry that fails verification
 *   is ignored: the file is analysed again and the entry rewritten.
 * - **Bounded**: an entry lives in a slot named by its kind and source file, so a changed file
 *   replaces its entry instead of adding one; the caller's key (which hashes ImportSpy's version and
 *   build and the bytes) is stored inside and must match. About once a day a writing process sweeps entries
 *   unused for 30 days and keeps each kind under {@link MAX_ENTRIES} entries and {@link MAX_BYTES}.
 *
 * `IMPORTSPY_CACHE=0` turns it off; the CLI uses it only with `--cache`. Every failure to read or
 * write is ignored: the cache can only save work, never change a verdict.
 */
import {
  closeSync,
  constants,
  fstatSync,
  futimesSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.js';
import { equalInConstantTime, hmacSha256, randomBytes, sha256Hex } from './hash.js';

let enabled = !['0', 'false', 'off', 'no'].includes((process.env['IMPORTSPY_CACHE'] ?? '').toLowerCase());

/** Turns the on-disk cache on or off for this process. */
export function setDiskCache(on: boolean): void {
  enabled = on;
}

/** Whether the on-disk cache is in use in this process. */
export function diskCacheEnabled(): boolean {
  return enabled;
}

const DAY = 24 * 60 * 60 * 1000;
/** Entries not read or written for this long are swept. */
const MAX_AGE = 30 * DAY;
/** At most this many entries of one kind survive a sweep (the most recently used). */
export const MAX_ENTRIES = 20_000;
/** At most this many bytes of entries of one kind survive a sweep. */
export const MAX_BYTES = 256 * 1024 * 1024;
/** An entry larger than this is not read (a model is a few kB; a huge file is not ours). */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;
const KEY_BYTES = 32;
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

// ── where ────────────────────────────────────────────────────────────────────

/**
 * `boundToKeyFile`: the folder came from the working directory (a copy of ImportSpy outside any
 * `node_modules`), which a process started inside a plugin's folder would make that plugin's.
 * There the MAC key is derived from the key file's bytes *and* its identity on disk (device,
 * inode, change time to the nanosecond), which no one can know before the file exists: a key and
 * entries shipped together (a plugin unpacked with its modes, 0600 included) never verify.
 */
let located: { dir: string | null; boundToKeyFile: boolean } | undefined;

/** The `node_modules` folder a path lies in (the outermost one: the host's), if any. */
function enclosingNodeModules(file: string): string | undefined {
  const parts = file.split(sep);
  const at = parts.indexOf('node_modules');
  return at > 0 ? parts.slice(0, at + 1).join(sep) : undefined;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The cache folder of this process, or null when there is none. Decided once, from the
 * environment, ImportSpy's own location and the working directory at first use — never from the
 * files being analysed.
 */
export function diskCacheDir(): string | null {
  if (located === undefined) {
    let dir: string | null = null;
    let boundToKeyFile = false;
    const explicit = process.env['IMPORTSPY_CACHE_DIR'];
    if (explicit) {
      dir = resolve(explicit);
    } else {
      let own: string | undefined;
      try {
        own = enclosingNodeModules(fileURLToPath(import.meta.url));
      } catch {
        own = undefined;
      }
      const modules = own ?? join(process.cwd(), 'node_modules');
      if (isDirectory(modules)) dir = join(modules, '.cache', 'importspy');
      boundToKeyFile = own === undefined;
    }
    located = { dir, boundToKeyFile };
  }
  return located.dir;
}

// ── the key ──────────────────────────────────────────────────────────────────

/** undefined: not read yet (or absent); null: refused, the cache is off; else the key. */
let secret: Buffer | null | undefined;

function warnOnce(message: string): void {
  if ((process.env['IMPORTSPY_LOG'] ?? 'warn') === 'error') return;
  process.stderr.write(`importspy warn: ${message}; the on-disk cache is off for this process\n`);
}

/** Why a key file cannot be trusted, or undefined when it can. */
function keyProblem(stat: { isFile(): boolean; uid: number; mode: number; size: number }): string | undefined {
  if (!stat.isFile()) return 'is not a regular file';
  if (stat.size !== KEY_BYTES) return `is ${stat.size} bytes, not ${KEY_BYTES}`;
  // POSIX only: Windows has no uid and no meaningful permission bits.
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) return 'is not owned by the current user';
  if (uid !== undefined && (stat.mode & 0o077) !== 0) return 'is readable or writable by other users (it must be 0600)';
  return undefined;
}

function readKey(file: string): Buffer | null | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    warnOnce(`cache key ${file} cannot be opened (${code === 'ELOOP' ? 'a symbolic link' : code ?? 'error'})`);
    return null;
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    const problem = keyProblem({ isFile: () => stat.isFile(), uid: Number(stat.uid), mode: Number(stat.mode), size: Number(stat.size) });
    if (problem !== undefined) {
      warnOnce(`cache key ${file} ${problem}`);
      return null;
    }
    const key = Buffer.alloc(KEY_BYTES);
    if (readSync(fd, key, 0, KEY_BYTES, 0) !== KEY_BYTES) return null;
    if (!located?.boundToKeyFile) return key;
    return hmacSha256(key, `importspy-key-file\u0000${stat.dev}\u0000${stat.ino}\u0000${stat.ctimeNs}`);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The key, read once per process; created (atomically, owner-only) when `create` and absent. */
function cacheSecret(dir: string, create: boolean): Buffer | null {
  if (secret !== undefined) return secret;
  const file = join(dir, 'key');
  secret = readKey(file);
  if (secret === undefined && create) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      writeFileSync(temp, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
      try {
        // link() fails if another process made a key first: then both use that one.
        linkSync(temp, file);
      } catch {
        // EEXIST, or a file system without hard links: read whatever key is there.
      } finally {
        unlinkSync(temp);
      }
    } catch {
      return null;
    }
    secret = readKey(file);
  }
  return secret ?? null;
}

// ── entries ──────────────────────────────────────────────────────────────────

let build: string | undefined;

/** The bundle's entry points, relative to dist/ (the parent of either chunk folder, and of util/ unbundled). */
const ENTRY_FILES = ['index.js', 'loader/register.js', 'contract/schema.js', 'cli/index.js', 'cli/worker.js', 'loader/hooks/async.js'];

/**
 * Which build of ImportSpy this is, beyond its version: the name, size and mtime of every file in
 * the chunk folders of both builds (dist/chunks and dist/chunks-programs, whose chunks the
 * bundler names by their content and splits, so this file's own stamp would not follow a change
 * to the analysis; unbundled, also the folder this file is in) and of the entry points
 * ({@link ENTRY_FILES}), which hold code of their own. Either build computes the same identity. Two builds that share a version number
 * (a development checkout, a patched copy) may analyse differently: an entry one wrote, such as a
 * model built before a resolution fix, must not be adopted by the other. Also `NODE_PATH`.
 */
function buildId(): string {
  if (build === undefined) {
    try {
      const self = fileURLToPath(import.meta.url);
      const folder = dirname(self);
      const stamp = (file: string, name: string): string => {
        const stat = statSync(file, { throwIfNoEntry: false });
        return stat === undefined ? `${name}:-` : `${name}:${stat.size}:${stat.mtimeMs}`;
      };
      // Both builds' chunk folders, whichever this code is in: the hooks thread (the programs'
      // build) and the main thread (the library's) read and write the same entries.
      const folders = [...new Set([folder, join(folder, '..', 'chunks'), join(folder, '..', 'chunks-programs')])].sort();
      const chunks = folders.flatMap((dir) => {
        let names: string[];
        try {
          names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.js')).map((e) => e.name).sort();
        } catch {
          return [`${basename(dir)}:-`];
        }
        return names.map((name) => stamp(join(dir, name), `${basename(dir)}/${name}`));
      });
      const entries = ENTRY_FILES.map((name) => stamp(join(folder, '..', name), name));
      build = [...chunks, ...entries].join('/');
    } catch {
      build = 'unknown';
    }
    // NODE_PATH changes where a CommonJS `require()` finds a package: a model built under one
    // NODE_PATH is not an answer under another.
    build += `\u0000${process.env['NODE_PATH'] ?? ''}`;
  }
  return build;
}

let buildHash: string | undefined;

/**
 * The build identity's digest: 16 hexadecimal digits, FNV-1a over its UTF-16 code units in two
 * 32-bit lanes (FNV's multiplier, and Murmur2's). Not a cryptographic hash, and it need not be
 * one: it tells builds apart, and an identity can be chosen only by rewriting ImportSpy's own
 * files, which needs no collision; what authenticates an entry is its HMAC. The SHA-256 it
 * replaced took about 1 ms of each process's start-up (2–3 kB, hashed cold in the interpreter).
 * Exported for the cache tests, which forge entries a build accepts. @internal
 */
export function identityDigest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x811c9dc5 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * A cache key: ImportSpy's version and build, a kind, the file's path and its bytes' hash. The
 * key is compared, not looked up (the slot names the entry's file), so it is kept as text: only
 * the build's long identity is hashed, once per process, not once per key.
 */
export function cacheKey(kind: string, file: string, contentHash: string): string {
  buildHash ??= identityDigest(buildId());
  return `${VERSION}\u0000${buildHash}\u0000${kind}\u0000${file}\u0000${contentHash}`;
}

/** The entry file of a (kind, source file): one per file, replaced when the file changes. */
function slotOf(kind: string, file: string): string {
  return sha256Hex(`${kind}\u0000${file}`);
}

const SLOT_NAME = /^[0-9a-f]{64}\.json$/;

function mac(key: Buffer, kind: string, slot: string, body: string): Buffer {
  return hmacSha256(key, `importspy-cache-1\u0000${kind}\u0000${slot}\u0000`, body);
}

function readEntry(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_ENTRY_BYTES) return undefined;
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    // A used entry is kept fresh for the sweep (once a day at most, not on every read).
    if (Date.now() - stat.mtimeMs > DAY) {
      try {
        const now = new Date();
        futimesSync(fd, now, now);
      } catch {
        // a read-only cache is still a cache
      }
    }
    return bytes.subarray(0, read).toString('utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The value stored for `file` under `key`, when the entry exists, is authenticated by this
 * cache's key and was stored under the same `key`; else undefined.
 */
export function readDiskCache<T>(file: string, kind: string, key: string): T | undefined {
  if (!enabled) return undefined;
  const dir = diskCacheDir();
  if (!dir) return undefined;
  const secretKey = cacheSecret(dir, false);
  if (!secretKey) return undefined;
  const slot = slotOf(kind, file);
  const text = readEntry(join(dir, kind, `${slot}.json`));
  if (text === undefined) return undefined;
  const newline = text.indexOf('\n');
  if (newline !== 64) return undefined;
  const body = text.slice(newline + 1);
  const claimed = Buffer.from(text.slice(0, newline), 'hex');
  const expected = mac(secretKey, kind, slot, body);
  if (claimed.length !== expected.length || !equalInConstantTime(claimed, expected)) return undefined;
  try {
    const entry = JSON.parse(body) as { key?: unknown; value?: unknown };
    return entry.key === key ? (entry.value as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Stores `value` for `file` under `key`, replacing the file's previous entry of that kind. */
export function writeDiskCache(file: string, kind: string, key: string, value: unknown): void {
  if (!enabled) return;
  const dir = diskCacheDir();
  if (!dir) return;
  try {
    const secretKey = cacheSecret(dir, true);
    if (!secretKey) return;
    const folder = join(dir, kind);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const slot = slotOf(kind, file);
    const body = JSON.stringify({ key, value });
    const target = join(folder, `${slot}.json`);
    // Write then rename, so a concurrent reader never sees half a file.
    const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temp, `${mac(secretKey, kind, slot, body).toString('hex')}\n${body}`, { mode: 0o600, flag: 'wx' });
    renameSync(temp, target);
    sweepOnce(dir);
  } catch {
    // A read-only or full disk only costs the next process some time.
  }
}

const pendingWrites: Array<() => void> = [];
let exitHooked = false;

/**
 * `writeDiskCache` after the current task (or as the process or thread exits), not while the
 * import that needed the entry waits: a file write and rename cost more than validating a
 * module. `value` is written as it is then.
 */
export function writeDiskCacheLater(file: string, kind: string, key: string, value: unknown): void {
  // Once the process is exiting, neither the immediate nor an 'exit' listener added now would
  // run (the listeners of an event being emitted are fixed when it starts): an import made by an
  // exit listener (a reporter that requires something as the process ends) writes at once, or
  // every later process would parse its importer again.
  if ((process as { _exiting?: boolean })._exiting === true) {
    writeDiskCache(file, kind, key, value);
    return;
  }
  afterThisTask(() => writeDiskCache(file, kind, key, value));
}

/** Runs `write` after the current task, or as the process or thread exits (see writeDiskCacheLater). */
function afterThisTask(write: () => void): void {
  pendingWrites.push(write);
  if (pendingWrites.length > 1) return;
  setImmediate(flushWrites).unref();
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', flushWrites);
  }
}

function flushWrites(): void {
  for (const write of pendingWrites.splice(0)) write();
}

// ── entries grouped by folder ────────────────────────────────────────────────

/**
 * At most this many members in one group: the most recently written are kept. A group is a
 * folder's modules, so this is only reached by a folder of thousands of modules.
 */
const MAX_GROUP_MEMBERS = 4096;

/** A group's members: source file → [the caller's key, the value as JSON]. */
type Members = Map<string, [key: string, json: string]>;

interface Group {
  members: Members;
  /** Members added in this process, to be written (not yet serialised: see writeGroupedCacheLater). */
  added: Map<string, [key: string, value: unknown]>;
}

const groups = new Map<string, Group>();

/** The group's own key: ImportSpy's version and build, the kind and the group (a folder). */
const groupKey = (kind: string, group: string): string => cacheKey(kind, group, '');

/** The members stored on disk for a group, authenticated as one entry whose slot is the group. */
function storedMembers(kind: string, group: string): Members {
  const members: Members = new Map();
  const stored = readDiskCache<unknown>(group, kind, groupKey(kind, group));
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return members;
  for (const [file, member] of Object.entries(stored)) {
    if (Array.isArray(member) && member.length === 2 && typeof member[0] === 'string' && typeof member[1] === 'string') {
      members.set(file, [member[0], member[1]]);
    }
  }
  return members;
}

function groupOf(kind: string, group: string): Group {
  const id = `${kind}\u0000${group}`;
  let found = groups.get(id);
  if (found === undefined) {
    found = { members: enabled ? storedMembers(kind, group) : new Map(), added: new Map() };
    groups.set(id, found);
  }
  return found;
}

/**
 * Like `readDiskCache`, for entries kept together in one file per group (the modules of one
 * folder): the first lookup in a group reads the whole group, once per process, so that a
 * process needing many of a folder's entries opens one file, not one per module. A member is
 * returned only when it was stored under the same `key`.
 */
export function readGroupedCache<T>(kind: string, group: string, file: string, key: string): T | undefined {
  if (!enabled || !diskCacheDir()) return undefined;
  const member = groupOf(kind, group).members.get(file);
  if (member === undefined || member[0] !== key) return undefined;
  try {
    return JSON.parse(member[1]) as T;
  } catch {
    return undefined;
  }
}

/**
 * Adds a member to a group, written after the current task like `writeDiskCacheLater`. The group
 * is read again just before it is written, so that members another process added meanwhile are
 * kept (two processes writing at the same moment can still lose each other's: that costs the next
 * process a parse, never a verdict).
 */
export function writeGroupedCacheLater(kind: string, group: string, file: string, key: string, value: unknown): void {
  if (!enabled || !diskCacheDir()) return;
  const found = groupOf(kind, group);
  const first = found.added.size === 0;
  found.added.set(file, [key, value]);
  if (!first) return;
  const write = (): void => {
    const members = storedMembers(kind, group);
    for (const [member, [memberKey, memberValue]] of found.added) {
      let json: string;
      try {
        json = JSON.stringify(memberValue);
      } catch {
        continue;
      }
      members.delete(member);
      members.set(member, [memberKey, json]);
      found.members.set(member, [memberKey, json]);
    }
    found.added.clear();
    const kept = [...members].slice(-MAX_GROUP_MEMBERS);
    writeDiskCache(group, kind, groupKey(kind, group), Object.fromEntries(kept));
  };
  if ((process as { _exiting?: boolean })._exiting === true) write();
  else afterThisTask(write);
}

// ── sweeping ─────────────────────────────────────────────────────────────────

let swept = false;

/** At most once per process, and once a day per cache folder (a `swept` marker's mtime). */
function sweepOnce(dir: string): void {
  if (swept) return;
  swept = true;
  const marker = join(dir, 'swept');
  try {
    if (Date.now() - statSync(marker).mtimeMs < DAY) return;
  } catch {
    // no marker yet: sweep now
  }
  sweepDiskCache(dir);
  try {
    writeFileSync(marker, '', { mode: 0o600 });
    const now = new Date();
    utimesSync(marker, now, now);
  } catch {
    // the next process sweeps again
  }
}

/**
 * Removes from every kind folder: temporary files older than an hour, files that are not
 * entries (earlier cache formats), entries unused for 30 days, then the least recently used
 * entries beyond {@link MAX_ENTRIES} or {@link MAX_BYTES}.
 */
export function sweepDiskCache(dir: string): void {
  let kinds: string[];
  try {
    kinds = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return;
  }
  const now = Date.now();
  for (const kind of kinds) {
    const folder = join(dir, kind);
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    const live: Array<{ path: string; mtime: number; size: number }> = [];
    for (const name of names) {
      const path = join(folder, name);
      try {
        const stat = statSync(path);
        if (!stat.isFile()) continue;
        const temporary = name.endsWith('.tmp');
        if (temporary ? now - stat.mtimeMs > 60 * 60 * 1000 : !SLOT_NAME.test(name) || now - stat.mtimeMs > MAX_AGE) {
          unlinkSync(path);
        } else if (!temporary) {
          live.push({ path, mtime: stat.mtimeMs, size: stat.size });
        }
      } catch {
        // gone already, or not ours to remove
      }
    }
    live.sort((a, b) => b.mtime - a.mtime);
    let bytes = 0;
    live.forEach((entry, i) => {
      bytes += entry.size;
      if (i >= MAX_ENTRIES || bytes > MAX_BYTES) {
        try {
          unlinkSync(entry.path);
        } catch {
          // already gone
        }
      }
    });
  }
}
