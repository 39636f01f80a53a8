/** Turns the module arguments of `check` (files, directories, globs) into a sorted list of files. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { specifierMatches } from '../util/glob.js';

const MODULE_FILE = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'coverage']);

function isModuleFile(name: string): boolean {
  if (name.endsWith('.d.ts') || name.endsWith('.d.mts') || name.endsWith('.d.cts')) return false;
  const dot = name.lastIndexOf('.');
  return dot > 0 && MODULE_FILE.has(name.slice(dot));
}

function walk(dir: string, out: string[], seen: Set<string>): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !seen.has(full)) {
        seen.add(full);
        walk(full, out, seen);
      }
    } else if (entry.isFile() && isModuleFile(entry.name)) {
      out.push(full);
    }
  }
}

function hasGlob(arg: string): boolean {
  return arg.includes('*') || arg.includes('?');
}

/** Files named by the arguments: a file as is, a directory's module files, a glob's matches. */
export function expandModules(args: readonly string[], cwd: string): string[] {
  const out = new Set<string>();
  for (const arg of args) {
    if (hasGlob(arg)) {
      const parts = arg.split('/');
      const firstGlob = parts.findIndex(hasGlob);
      const root = resolve(cwd, parts.slice(0, firstGlob).join('/') || '.');
      const found: string[] = [];
      walk(root, found, new Set());
      const pattern = resolve(cwd, arg).split(sep).join('/');
      for (const file of found) if (specifierMatches(pattern, file.split(sep).join('/'))) out.add(file);
      continue;
    }
    const full = resolve(cwd, arg);
    let isDir = false;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      // A missing file is reported by the check itself, as `module.not-found`.
    }
    if (isDir) {
      const found: string[] = [];
      walk(full, found, new Set());
      for (const file of found) out.add(file);
    } else {
      out.add(full);
    }
  }
  return [...out].sort((a, b) => relative(cwd, a).localeCompare(relative(cwd, b)));
}
