/**
 * Secrets' values never leave ImportSpy. Every value a declared secret has in an environment
 * ImportSpy has read is remembered here (for the life of the thread), and every string ImportSpy
 * hands out — violations, reports, formatted output, errors, log lines — passes through this
 * redactor on its way out, whatever field carries it: each occurrence of a value is replaced by
 * `<redacted>` (so `postgres://app:<redacted>@db/app` still says where the secret stood).
 *
 * Only values of `MIN_SCRUB_LENGTH` characters or more are searched for. A shorter value cannot be
 * told apart from ordinary text (a port, a word, a line number), and cutting it out of a text
 * would show where it stood, and so what it is; for those, the validator hides wholesale every
 * field that could carry it instead (see `validate/deployment.ts` and docs/security.md).
 * Fixed vocabulary that no input can alter (codes, categories, severities, positions, counts) is
 * left as it is.
 */
/** Values at least this long are cut out of everything ImportSpy prints; shorter ones are hidden where they could appear. */
export const MIN_SCRUB_LENGTH = 8;
/** What stands where a secret was. */
export const REDACTED = '<redacted>';

/** Scrubs the values it was built with out of text and JSON-compatible data. */
export class Redactor {
  /** What to cut: each value and its JSON-escaped form, longest first (a value inside another is cut with it). */
  readonly #cut: string[];

  constructor(values: Iterable<string>) {
    const forms = new Set<string>();
    for (const value of values) {
      if (value.length < MIN_SCRUB_LENGTH) continue;
      forms.add(value);
      // Messages quote values as JSON (`show`): a quote or a backslash in a secret is escaped there.
      forms.add(JSON.stringify(value).slice(1, -1));
    }
    this.#cut = [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  }

  /** True when there is nothing to scrub: every method then returns its input unchanged. */
  get empty(): boolean {
    return this.#cut.length === 0;
  }

  /** A text with every occurrence of every value replaced by `<redacted>`. */
  text(text: string): string {
    let out = text;
    for (const value of this.#cut) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  }

  /** A JSON-compatible value (an `expected` or `actual`): every string, key and number scrubbed. */
  value(data: unknown): unknown {
    if (this.empty) return data;
    return this.#walk(data, new Set(), true);
  }

  /**
   * A report, a result of one, a violation or a list of them: every field scrubbed except
   * ImportSpy's fixed vocabulary and positions; `expected` and `actual` as data (`value`).
   */
  record<T extends object>(node: T): T {
    if (this.empty) return node;
    return this.#walk(node, new Set(), false) as T;
  }

  /**
   * An error (a blocked import's `cause`, say): itself when nothing in it needs scrubbing, else a
   * copy with the same prototype whose message, stack, cause and own properties are scrubbed.
   */
  error(error: unknown, seen: Set<unknown> = new Set()): unknown {
    if (this.empty) return error;
    if (typeof error === 'string') return this.text(error);
    if (!(error instanceof Error)) return this.value(error);
    if (seen.has(error)) return REDACTED;
    seen.add(error);
    const copy = Object.create(Object.getPrototypeOf(error) as object | null) as Record<string, unknown>;
    let changed = false;
    const put = (key: string, original: unknown, enumerable: boolean): void => {
      const value = key === 'cause' ? this.error(original, seen) : typeof original === 'string' ? this.text(original) : this.value(original);
      if (value !== original) changed = true;
      Object.defineProperty(copy, key, { value, enumerable, writable: true, configurable: true });
    };
    const own = Object.keys(error);
    put('message', error.message, false);
    put('stack', error.stack, false);
    if ('cause' in error && !own.includes('cause')) put('cause', error.cause, false);
    for (const key of own) if (key !== 'message' && key !== 'stack') put(key, (error as unknown as Record<string, unknown>)[key], true);
    return changed ? copy : error;
  }

  /**
   * Walks plain data, returning the very same node when nothing in it changed. `data` says whether
   * numbers are data too (inside `expected`/`actual`) or positions and counts (elsewhere).
   */
  #walk(node: unknown, seen: Set<object>, data: boolean): unknown {
    if (typeof node === 'string') return this.text(node);
    if (typeof node === 'number' || typeof node === 'bigint') return data && this.text(String(node)) !== String(node) ? REDACTED : node;
    if (node === null || typeof node !== 'object') return node;
    if (seen.has(node)) return REDACTED;
    seen.add(node);
    try {
      if (Array.isArray(node)) {
        const items = node.map((item: unknown) => this.#walk(item, seen, data));
        return items.every((item, i) => item === node[i]) ? node : items;
      }
      const keys = Object.keys(node);
      const source = node as Record<string, unknown>;
      const names: string[] = [];
      const values: unknown[] = [];
      let changed = false;
      for (const key of keys) {
        const value = source[key];
        const inData = data || key === 'expected' || key === 'actual';
        const name = inData ? this.text(key) : key;
        const scrubbed = typeof value === 'number' && !inData ? value : !inData && VOCABULARY.has(key) && typeof value === 'string' ? value : this.#walk(value, seen, inData);
        if (name !== key || scrubbed !== value) changed = true;
        names.push(name);
        values.push(scrubbed);
      }
      if (!changed) return node;
      const out: Record<string, unknown> = {};
      names.forEach((name, i) => {
        // A key read from data may be `__proto__`: define it, never assign it.
        if (name === '__proto__') Object.defineProperty(out, name, { value: values[i], enumerable: true, writable: true, configurable: true });
        else out[name] = values[i];
      });
      return out;
    } finally {
      seen.delete(node);
    }
  }
}

/**
 * Report keys whose string values are ImportSpy's own fixed words (a violation's code, category,
 * context, severity and baseline state; how an importer was found), never input. Everything else
 * — messages, paths, file names, notes, hints — is scrubbed.
 */
const VOCABULARY = new Set(['code', 'category', 'context', 'severity', 'baseline', 'via']);

const remembered = new Set<string>();
let current: Redactor | undefined;
const listeners: Array<(values: string[]) => void> = [];
let catchUp: (() => void) | undefined;

/**
 * Remembers secret values this thread has read, so that everything it prints afterwards is
 * scrubbed of them. Values are kept in memory only, never written anywhere.
 */
export function rememberSecrets(values: Iterable<string>): void {
  const added: string[] = [];
  for (const value of values) {
    if (value.length === 0 || remembered.has(value)) continue;
    remembered.add(value);
    added.push(value);
  }
  if (added.length === 0) return;
  current = undefined;
  for (const listener of listeners) listener(added);
}

/** The redactor over every secret value this thread has read so far (and been told of). */
export function secretRedactor(): Redactor {
  catchUp?.();
  current ??= new Redactor(remembered);
  return current;
}

/**
 * Threads that print what another thread found share its secrets: `listener` hears of every value
 * this thread remembers (those already known at once), and `catchUp`, run before each redaction,
 * takes in what the other thread sent (the loader's hooks thread and the main thread, on Node 20).
 */
export function shareSecrets(options: { listener?: (values: string[]) => void; catchUp?: () => void }): void {
  if (options.listener) {
    listeners.push(options.listener);
    if (remembered.size > 0) options.listener([...remembered]);
  }
  if (options.catchUp) catchUp = options.catchUp;
}
