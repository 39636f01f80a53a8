/**
 * Formatters: one signature (options.ts), one file each, looked up by name here. Paths are shown
 * relative to `cwd` (paths.ts) so reports read the same on every machine. The formatters import
 * options.ts and paths.ts, never this file: the table of formats depends on them, not back.
 */
import { readFileSync } from 'node:fs';
import type { Report } from '../violations/report.js';
import { secretRedactor, type Redactor } from '../violations/redact.js';
import { formatText } from './text.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatGithub } from './github.js';
import { formatJunit } from './junit.js';
import type { FormatContext, FormatOptions, Formatter } from './options.js';

const FORMATTERS = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
} satisfies Record<string, Formatter>;

/** Names of the available formats. */
export type ReportFormat = keyof typeof FORMATTERS;
/** Every format `formatReport` accepts. */
export const REPORT_FORMATS = Object.keys(FORMATTERS) as ReportFormat[];

/**
 * Renders a report in one of the formats. Whatever the format, secrets' values cannot come out:
 * the report is scrubbed field by field before it is rendered (so a format's escaping or encoding
 * cannot disguise a value), source lines are scrubbed as they are read, and the rendered text is
 * scrubbed once more.
 */
export function formatReport(report: Report, format: ReportFormat = 'text', options: FormatOptions = {}): string {
  const formatter: Formatter = FORMATTERS[format];
  const redactor = secretRedactor();
  const output = formatter(redactor.record(report), {
    color: options.color ?? false,
    cwd: options.cwd ?? process.cwd(),
    verbose: options.verbose ?? false,
    quiet: options.quiet ?? false,
    width: Math.max(40, Math.floor(options.width ?? 80)),
    shard: options.shard ?? null,
    sourceLines: sourceReader(redactor),
  });
  return redactor.text(output);
}

/** Reads each file once per report, split into lines, each line scrubbed. */
function sourceReader(redactor: Redactor): (file: string) => readonly string[] | null {
  const files = new Map<string, string[] | null>();
  return (file) => {
    let lines = files.get(file);
    if (lines === undefined) {
      try {
        lines = readFileSync(file, 'utf8').split(/\r?\n/).map((line) => redactor.text(line));
      } catch {
        lines = null;
      }
      files.set(file, lines);
    }
    return lines;
  };
}
