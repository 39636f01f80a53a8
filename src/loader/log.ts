/**
 * What ImportSpy checked, found and decided, on stderr. Levels: error < warn < info < debug,
 * chosen by `IMPORTSPY_LOG` (or `--log-level`). Messages never carry an environment value, and
 * every line is scrubbed of every secret value the thread has read before it is written.
 */
import { writeSync } from 'node:fs';
import { secretRedactor } from '../violations/redact.js';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
/** How much ImportSpy says on stderr: `error` < `warn` (default) < `info` < `debug`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where the guard, `load` and the hooks write their diagnostics. */
export interface Logger {
  /** Messages above this level are dropped. */
  readonly level: LogLevel;
  /** A failure. */
  error(message: string): void;
  /** A report let through in warn mode. */
  warn(message: string): void;
  /** A decision: admitted, blocked, rejected. */
  info(message: string): void;
  /** How a decision was reached. */
  debug(message: string): void;
}

export function parseLogLevel(value: string | undefined): LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value ?? '') ? (value as LogLevel) : 'warn';
}

/**
 * Writes a line to the process's stderr at once. The off-thread hooks of Node 20 run in a worker,
 * whose `process.stderr` is relayed to the main thread later, and lost if the process exits
 * first; the file descriptor is the same in every thread.
 */
function writeStderr(line: string): void {
  try {
    writeSync(2, line);
  } catch {
    process.stderr.write(line);
  }
}

/** A logger writing `importspy <level>: message` lines to a stream (stderr by default), scrubbed of secrets' values. */
export function createLogger(level: LogLevel = parseLogLevel(process.env['IMPORTSPY_LOG']), write: (line: string) => void = writeStderr): Logger {
  const rank = LOG_LEVELS.indexOf(level);
  const at = (l: LogLevel) => (message: string) => {
    if (LOG_LEVELS.indexOf(l) <= rank) write(`importspy ${l}: ${secretRedactor().text(message)}\n`);
  };
  return { level, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/**
 * A logger supplied by the caller, with every message scrubbed of secrets' values before it
 * reaches it: what ImportSpy says goes through the same door whoever writes it out.
 */
export function scrubbingLogger(logger: Logger): Logger {
  const pass = (send: (message: string) => void) => (message: string) => send(secretRedactor().text(message));
  return {
    level: logger.level,
    error: pass((m) => logger.error(m)),
    warn: pass((m) => logger.warn(m)),
    info: pass((m) => logger.info(m)),
    debug: pass((m) => logger.debug(m)),
  };
}
