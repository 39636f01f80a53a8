/** The JSON document of a run: one per run, nothing else on stdout. */
import type { Location } from '../contract/errors.js';
import type { Report } from '../violations/report.js';
import type { Violation } from '../violations/violation.js';
import { displayPath, errorMessage } from './paths.js';
import type { FormatOptions } from './options.js';

function place(loc: Location | null, cwd: string): Location | null {
  return loc ? { file: displayPath(loc.file, cwd), line: loc.line, column: loc.column } : null;
}

function violationJson(v: Violation, cwd: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    code: v.code,
    category: v.category,
    context: v.context,
    severity: v.severity,
    path: v.path,
    message: v.message,
    solution: v.solution,
    expected: v.expected ?? null,
    actual: v.actual ?? null,
    location: place(v.location, cwd),
    contractLocation: place(v.contractLocation, cwd),
  };
  if (v.hint) out['hint'] = v.hint;
  if (v.baseline) out['baseline'] = v.baseline;
  return out;
}

export function formatJson(report: Report, options: Required<FormatOptions>): string {
  const { cwd } = options;
  const doc = {
    ok: report.ok,
    contract: report.contract ? displayPath(report.contract, cwd) : null,
    results: report.results.map((r) => {
      const out: Record<string, unknown> = {
        module: r.module ? displayPath(r.module, cwd) : null,
        ok: r.ok,
        importer: r.importer ? { file: displayPath(r.importer.file, cwd), via: r.importer.via } : null,
      };
      if (r.note) out['note'] = r.note;
      if (r.error) out['error'] = { code: r.error.code, message: errorMessage(r, cwd), location: place(r.error.location, cwd) };
      out['violations'] = r.violations.map((v) => violationJson(v, cwd));
      return out;
    }),
    summary: report.summary,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
