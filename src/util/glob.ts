/**
 * The one glob matcher of ImportSpy: `imports.allow`/`deny` specifiers (on every import edge under
 * the loader hooks), configuration `modules:` globs and `check` arguments.
 *
 * Syntax: `*` matches any run of characters other than `/`, `**` any run at all (slashes
 * included), `?` exactly one character (a UTF-16 code unit, `/` included); every other character
 * stands for itself. There is no escaping and no character class.
 *
 * A pattern is compiled once into a bit-parallel automaton (one bit per pattern position, a
 * Shift-And simulation): matching reads each character of the subject once, with a few
 * operations on a set of pattern positions per character — O(subject × pattern / 32) whatever
 * the pattern. A backtracking matcher takes exponential time on `*a*a*a*a*b`-like patterns, and
 * patterns are written by whoever writes the contract.
 */
import { isBuiltin } from 'node:module';

/** A token of a compiled pattern: a character code, or one of the wildcards. */
type Token = number | 'any' | 'star' | 'globstar';

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; ) {
    const code = pattern.charCodeAt(i);
    if (code === 0x2a /* * */) {
      let run = 0;
      while (pattern.charCodeAt(i) === 0x2a) {
        run++;
        i++;
      }
      // `**` crosses slashes; `***`, `****`… add nothing to it (`**` then `*` matches the same).
      tokens.push(run >= 2 ? 'globstar' : 'star');
      continue;
    }
    tokens.push(code === 0x3f /* ? */ ? 'any' : code);
    i++;
  }
  return tokens;
}

/**
 * The automaton: state i means "the first i tokens are matched"; bit i of a state set is state i.
 * On a character, a state advances when its token accepts the character, and a star state also
 * stays; a star state reached lets the next state be reached too (the star matching nothing).
 * Star tokens are never adjacent (runs are merged above), so one such step reaches every state.
 *
 * Sets are 32-bit integers while the pattern has at most 31 tokens (nearly every pattern), else
 * BigInts (whose operations run over all words at once in native code).
 */
interface Masks<T> {
  /** Per character appearing literally in the pattern: the states that advance on it (with `?`). */
  advance: Map<number, T>;
  /** States that advance on any character (`?`). */
  any: T;
  /** States that stay on a character other than `/` (`*` and `**`). */
  loop: T;
  /** States that stay on `/` (`**`). */
  loopSlash: T;
  /** Every star state. */
  stars: T;
  /** The accepting state (all tokens matched). */
  accept: T;
}

type Matcher = { small: true; masks: Masks<number> } | { small: false; masks: Masks<bigint> };

const SLASH = 0x2f;

function masks<T>(tokens: Token[], bit: (i: number) => T, or: (a: T, b: T) => T, zero: T): Masks<T> {
  const m: Masks<T> = { advance: new Map(), any: zero, loop: zero, loopSlash: zero, stars: zero, accept: bit(tokens.length) };
  tokens.forEach((token, state) => {
    const b = bit(state);
    if (token === 'any') m.any = or(m.any, b);
    else if (token === 'star' || token === 'globstar') {
      m.loop = or(m.loop, b);
      m.stars = or(m.stars, b);
      if (token === 'globstar') m.loopSlash = or(m.loopSlash, b);
    } else m.advance.set(token, or(m.advance.get(token) ?? zero, b));
  });
  for (const [code, set] of m.advance) m.advance.set(code, or(set, m.any));
  return m;
}

function compile(pattern: string): Matcher {
  const tokens = tokenize(pattern);
  if (tokens.length <= 31) return { small: true, masks: masks(tokens, (i) => 1 << i, (a, b) => a | b, 0) };
  return { small: false, masks: masks(tokens, (i) => 1n << BigInt(i), (a, b) => a | b, 0n) };
}

function runSmall(m: Masks<number>, subject: string): boolean {
  let set = 1 | ((1 & m.stars) << 1);
  for (let i = 0; i < subject.length; i++) {
    const code = subject.charCodeAt(i);
    let next = ((set & (m.advance.get(code) ?? m.any)) << 1) | (set & (code === SLASH ? m.loopSlash : m.loop));
    if (next === 0) return false;
    next |= (next & m.stars) << 1;
    set = next;
  }
  return (set & m.accept) !== 0;
}

function runLarge(m: Masks<bigint>, subject: string): boolean {
  let set = 1n | ((1n & m.stars) << 1n);
  for (let i = 0; i < subject.length; i++) {
    const code = subject.charCodeAt(i);
    let next = ((set & (m.advance.get(code) ?? m.any)) << 1n) | (set & (code === SLASH ? m.loopSlash : m.loop));
    if (next === 0n) return false;
    next |= (next & m.stars) << 1n;
    set = next;
  }
  return (set & m.accept) !== 0n;
}

/** Compiled patterns, by pattern text. Patterns come from contracts and configurations: few, reused. */
const compiled = new Map<string, Matcher>();
const MAX_COMPILED = 512;

function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * Whether `subject` matches the glob `pattern` (see the module comment for the syntax). Time is
 * linear in the subject's length for a given pattern, polynomial overall.
 */
export function globMatches(pattern: string, subject: string): boolean {
  if (!hasWildcard(pattern)) return pattern === subject;
  let matcher = compiled.get(pattern);
  if (matcher === undefined) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    matcher = compile(pattern);
    compiled.set(pattern, matcher);
  }
  return matcher.small ? runSmall(matcher.masks, subject) : runLarge(matcher.masks, subject);
}

/** `fs` and `node:fs` are the same module. */
export function canonicalSpecifier(specifier: string): string {
  if (!specifier.startsWith('node:') && !specifier.startsWith('.') && isBuiltin(specifier)) return `node:${specifier}`;
  return specifier;
}

/** Glob match for import specifiers (and paths): `*` stops at `/`, `**` crosses it; `fs` ≡ `node:fs`. */
export function specifierMatches(pattern: string, specifier: string): boolean {
  return globMatches(canonicalSpecifier(pattern), canonicalSpecifier(specifier));
}
