/**
 * Formatters: one signature, one file each, looked up by name. Paths are shown relative to
 * `cwd` so reports read the same on every machine.
 */
import { readFileSync } from 'node:fs';
import { relative, isAbsolute, sep } from 'node:path';
import type { ModuleReport, Report } from '../violations/report.js';
import { secretRedactor, type Redactor } from '../violations/redact.js';
import { formatText } from './text.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatGithub } from './github.js';
import { formatJunit } from './junit.js';

/** Options of `formatReport`. */
export interface FormatOptions {
  /** Colour the output (text only). Default: off. */
  color?: boolean;
  /** Directory that paths are shown relative to. Default: `process.cwd()`. */
  cwd?: string;
  /** Text: list compliant modules too. Default: only modules with something to report. */
  verbose?: boolean;
  /** Text: show `error` violations only, no warnings. Default: off. */
  quiet?: boolean;
  /** Text: the column at which prose wraps (the terminal's width). Default: 80. */
  width?: number;
  /** SARIF: the shard of a `--shard i/n` run, named in `automationDetails`. Default: none. */
  shard?: {
    /** The 1-based shard number (i of i/n). */
    index: number;
    /** How many shards (n of i/n). */
    count: number;
  } | null;
}

/** What a formatter is given besides the report. */
export interface FormatContext extends Required<FormatOptions> {
  /**
   * The lines of a source file, for code frames, each scrubbed of secrets' values; null when it
   * cannot be read. Formatters read nothing else: all they print comes from here or the report.
   */
  sourceLines(file: string): readonly string[] | null;
}

export type Formatter = (report: Report, options: FormatContext) => string;

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
