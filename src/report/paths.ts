/** How reports show paths: relative to a folder, with forward slashes, the same on every machine. */
import { relative, isAbsolute, sep } from 'node:path';
import type { ModuleReport } from '../violations/report.js';

/** A path as a user would type it from `cwd` (forward slashes). */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  const shown = rel === '' ? '.' : rel.startsWith('..') && rel.split(sep).length > 4 ? file : rel;
  return shown.split(sep).join('/');
}

/** A module error's message with the module's absolute path shown relative to `cwd`. */
export function errorMessage(r: ModuleReport, cwd: string): string {
  const message = r.error?.message ?? '';
  return r.module && isAbsolute(r.module) ? message.split(r.module).join(displayPath(r.module, cwd)) : message;
}
