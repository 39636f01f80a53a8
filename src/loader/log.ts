/**
 * What ImportSpy checked, found and decided, on stderr. Levels: error < warn < info < debug,
 * chosen by `IMPORTSPY_LOG` (or `--log-level`). Messages never carry an environment value.
 */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  readonly level: LogLevel;
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export function parseLogLevel(value: string | undefined): LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value ?? '') ? (value as LogLevel) : 'warn';
}

/** A logger writing `importspy <level>: message` lines to a stream (stderr by default). */
export function createLogger(level: LogLevel = parseLogLevel(process.env['IMPORTSPY_LOG']), write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const rank = LOG_LEVELS.indexOf(level);
  const at = (l: LogLevel) => (message: string) => {
    if (LOG_LEVELS.indexOf(l) <= rank) write(`importspy ${l}: ${message}\n`);
  };
  return { level, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
