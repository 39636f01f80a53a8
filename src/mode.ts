/**
 * The one place the mode is decided, for every route: `check`, `load`/`loadAll`, the guard and
 * the loader hooks.
 */
/** `enforce` blocks a non-compliant import (and fails `check`); `warn` reports it and lets it through. */
export type Mode = 'enforce' | 'warn';

type Env = Readonly<Record<string, string | undefined>>;

/** Where the mode can come from, strongest first. */
export interface ModeSources {
  /** An explicit choice: `--mode`, the `mode` option of `guard`/`load`/the hooks. */
  flag?: string | undefined;
  /** The environment whose `IMPORTSPY_MODE` is read (an empty value counts as unset). Default: none. */
  env?: Env | undefined;
  /** The project configuration's `mode`. */
  config?: Mode | undefined;
  /** Throw a `RangeError` on a value that is neither `enforce` nor `warn` (the CLI); else such a value fails closed as `enforce`. */
  strict?: boolean;
}

/**
 * The mode: the flag, else `IMPORTSPY_MODE`, else the configuration's, else `enforce`. Anything
 * unknown fails closed (`enforce`), or with `strict` is an error (a `RangeError`).
 */
export function resolveMode(sources: ModeSources): Mode;
/** The mode: the option, else `IMPORTSPY_MODE`, else `enforce`. Anything unknown fails closed. */
export function resolveMode(option: Mode | undefined, env?: Env): Mode;
export function resolveMode(sources: ModeSources | Mode | undefined, env: Env = process.env): Mode {
  const { flag, env: from, config, strict = false } = typeof sources === 'object' ? sources : { flag: sources, env };
  const value = flag ?? (from?.['IMPORTSPY_MODE'] || undefined) ?? config ?? 'enforce';
  if (value === 'enforce' || value === 'warn') return value;
  if (strict) throw new RangeError(`must be enforce or warn, not ${JSON.stringify(value)}`);
  return 'enforce';
}
