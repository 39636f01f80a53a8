/** What every formatter takes: the options of `formatReport` and what a formatter is given besides the report. */
import type { Report } from '../violations/report.js';

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
