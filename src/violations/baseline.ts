/**
 * Baselines let a large codebase adopt a contract gradually: the violations known today are
 * recorded (keyed by module, code and path — never by line, which moves), and later runs fail
 * only on new ones, listing the known entries that have since been fixed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { BaselineEntry, Report } from './report.js';
import { withoutBom } from '../util/files.js';
import { compareText } from '../util/strings.js';

interface BaselineFile {
  importspyBaseline: 1;
  entries: BaselineEntry[];
}

const keyOf = (e: BaselineEntry): string => `${e.module}\u0000${e.code}\u0000${e.path}`;

function moduleKey(module: string | null, cwd: string): string {
  return module ? relative(cwd, module).split(sep).join('/') : '<environment>';
}

/** The baseline entries of a report (one per violation). */
export function baselineEntries(report: Report, cwd: string): BaselineEntry[] {
  const entries = report.results.flatMap((r) => r.violations.map((v) => ({ module: moduleKey(r.module, cwd), code: v.code, path: v.path })));
  const unique = new Map(entries.map((e) => [keyOf(e), e]));
  return [...unique.values()].sort((a, b) => compareText(keyOf(a), keyOf(b)));
}

export function writeBaseline(file: string, report: Report, cwd: string): number {
  const doc: BaselineFile = { importspyBaseline: 1, entries: baselineEntries(report, cwd) };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return doc.entries.length;
}

/** Reads a baseline file; a missing file is an empty baseline. */
export function readBaseline(file: string): BaselineEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`cannot read baseline ${file}: ${(error as Error).message}`);
  }
  const doc = JSON.parse(withoutBom(text)) as Partial<BaselineFile>;
  if (doc.importspyBaseline !== 1 || !Array.isArray(doc.entries)) throw new Error(`${file} is not an ImportSpy baseline file`);
  return doc.entries.filter((e) => typeof e?.module === 'string' && typeof e.code === 'string' && typeof e.path === 'string');
}

/** Marks each violation known or new, recomputes `ok` from the new ones, and lists fixed entries. */
export function applyBaseline(report: Report, entries: readonly BaselineEntry[], cwd: string): Report {
  const known = new Set(entries.map(keyOf));
  const seen = new Set<string>();
  const results = report.results.map((r) => {
    const violations = r.violations.map((v) => {
      const key = keyOf({ module: moduleKey(r.module, cwd), code: v.code, path: v.path });
      seen.add(key);
      return { ...v, baseline: known.has(key) ? ('known' as const) : ('new' as const) };
    });
    const ok = !r.error && violations.every((v) => v.severity !== 'error' || v.baseline === 'known');
    return { ...r, violations, ok };
  });
  const fixed = entries.filter((e) => !seen.has(keyOf(e)));
  return {
    ...report,
    ok: results.every((r) => r.ok),
    results,
    summary: { ...report.summary, compliant: results.filter((r) => r.module !== null && r.ok).length, fixed },
  };
}
