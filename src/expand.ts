/**
 * Turns the module arguments of `check` (files, directories, globs) into a sorted list of files.
 * Globs are expanded by tinyglobby (picomatch syntax: `*`, `**`, `?`, `[...]`, `{a,b}`); an
 * argument starting with `!` and every `--ignore` glob leave files out. `node_modules` and `.git`
 * are skipped below what was named, never when the argument itself names them.
 */
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { isModuleExtension } from './util/extensions.js';
import { compareText } from './util/strings.js';

/** Folders skipped unless an argument names them. */
const SKIPPED = ['node_modules', '.git'];

function isModuleFile(name: string): boolean {
  if (name.endsWith('.d.ts') || name.endsWith('.d.mts') || name.endsWith('.d.cts')) return false;
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  return dot > slash + 1 && isModuleExtension(name.slice(dot));
}

const toPosix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/** An argument (or a configuration entry) that matched no module file. */
export class NoMatchError extends Error {
  constructor(readonly pattern: string, why: string) {
    super(`${pattern} ${why}`);
  }
}

/**
 * The files a glob matches, absolute. The pattern's leading static folders become the walk's
 * root, so `../lib/*.ts` and absolute patterns work, and skipping applies below that root only.
 */
function globFiles(pattern: string, cwd: string, options: { dot: boolean }): string[] {
  const segments = toPosix(pattern).split('/');
  let firstDynamic = segments.findIndex((s) => isDynamicPattern(s));
  if (firstDynamic < 0) firstDynamic = segments.length;
  const staticPart = segments.slice(0, firstDynamic).join('/');
  const root = resolve(cwd, staticPart === '' && pattern.startsWith('/') ? '/' : staticPart || '.');
  const rest = segments.slice(firstDynamic).join('/') || '**/*';
  const named = new Set(segments.slice(firstDynamic));
  const ignore = SKIPPED.filter((dir) => !named.has(dir)).map((dir) => `**/${dir}/**`);
  return globSync([rest], { cwd: root, absolute: true, dot: options.dot, ignore, expandDirectories: false, onlyFiles: true }).map((f) => resolve(f));
}

/** Options of `expandModules`. */
export interface ExpandOptions {
  /** Globs of files to leave out, relative to `cwd` (`--ignore`). */
  ignore?: readonly string[];
  /** Globs of files to leave out, relative to their own folder (the configuration's `ignore:`). */
  ignoreFrom?: { patterns: readonly string[]; base: string };
  /** Where a pattern that matches nothing comes from, for the message (`--ignore`, a configuration...). */
  source?: string;
}

function ignoredFiles(patterns: readonly string[], base: string): Set<string> {
  const out = new Set<string>();
  for (const pattern of patterns) {
    // A pattern without wildcards names a file (left out itself) or a folder (its files).
    if (!isDynamicPattern(toPosix(pattern))) out.add(resolve(base, pattern));
    for (const file of globFiles(pattern, base, { dot: true })) out.add(file);
  }
  return out;
}

/**
 * Files named by the arguments: a file as is, a directory's module files, a glob's module files;
 * `!glob` arguments and the ignore globs take files out.
 * @throws {NoMatchError} naming the first directory or glob that leaves no module file.
 */
export function expandModules(args: readonly string[], cwd: string, options: ExpandOptions = {}): string[] {
  const negated = args.filter((a) => a.startsWith('!')).map((a) => a.slice(1));
  const ignored = ignoredFiles([...negated, ...(options.ignore ?? [])], cwd);
  if (options.ignoreFrom) for (const f of ignoredFiles(options.ignoreFrom.patterns, options.ignoreFrom.base)) ignored.add(f);
  const out = new Set<string>();
  for (const arg of args) {
    if (arg.startsWith('!')) continue;
    const full = resolve(cwd, arg);
    let kind: 'file' | 'dir' | 'missing' = 'missing';
    try {
      kind = statSync(full).isDirectory() ? 'dir' : 'file';
    } catch {
      // not a path on disk: a glob, or a missing file
    }
    if (kind === 'file' || (kind === 'missing' && !isDynamicPattern(toPosix(arg)))) {
      // A missing file is reported by the check itself, as `module.not-found`, with the others.
      if (!ignored.has(full)) out.add(full);
      continue;
    }
    const matches = kind === 'dir' ? globFiles(`${toPosix(full)}/**/*`, cwd, { dot: true }) : globFiles(arg, cwd, { dot: false });
    const modules = matches.filter((f) => isModuleFile(toPosix(f)));
    const kept = modules.filter((f) => !ignored.has(f));
    if (kept.length === 0) {
      const what = kind === 'dir' ? 'contains no module files' : 'matches no module files';
      const why = modules.length > 0 ? `${what} that are not ignored` : what;
      throw new NoMatchError(options.source ? `${arg} (${options.source})` : arg, `${why} (.ts .tsx .mts .cts .js .jsx .mjs .cjs)`);
    }
    for (const f of kept) out.add(f);
  }
  // Each file's sort key is worked out once, not once per comparison.
  const keyed = [...out].map((file) => ({ file, key: toPosix(relative(cwd, file)) }));
  keyed.sort((a, b) => compareText(a.key, b.key));
  return keyed.map(({ file }) => file);
}
