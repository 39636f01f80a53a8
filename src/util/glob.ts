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
 * the pattern, with memory linear in the pattern. A backtracking matcher takes exponential time on `*a*a*a*a*b`-like patterns, and
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
 * arrays of 32-bit words. For a long pattern, a per-character mask is built only for the few
 * characters that occur more often than the mask has words (at most 32 of them); the others'
 * masks are assembled per subject character from their positions. Memory is therefore linear in
 * the pattern (a mask per distinct character would be quadratic: a 1 MiB pattern of distinct
 * characters took minutes and gigabytes), and each subject character costs O(pattern / 32).
 */
interface SmallMasks {
  /** Per character appearing literally in the pattern: the states that advance on it (with `?`). */
  advance: Map<number, number>;
  /** States that advance on any character (`?`). */
  any: number;
  /** States that stay on a character other than `/` (`*` and `**`). */
  loop: number;
  /** States that stay on `/` (`**`). */
  loopSlash: number;
  /** Every star state. */
  stars: number;
  /** The accepting state (all tokens matched). */
  accept: number;
}

interface LargeMasks {
  words: number;
  /** Per character: the states whose token is that character. */
  positions: Map<number, number[]>;
  /** Full masks (with `?`) of the characters occurring more than `words` times. */
  dense: Map<number, Uint32Array>;
  any: Uint32Array;
  loop: Uint32Array;
  loopSlash: Uint32Array;
  stars: Uint32Array;
  accept: number;
}

type Matcher = { small: true; masks: SmallMasks; size: number } | { small: false; masks: LargeMasks; size: number };

const SLASH = 0x2f;

function smallMasks(tokens: Token[]): SmallMasks {
  const m: SmallMasks = { advance: new Map(), any: 0, loop: 0, loopSlash: 0, stars: 0, accept: 1 << tokens.length };
  tokens.forEach((token, state) => {
    const b = 1 << state;
    if (token === 'any') m.any |= b;
    else if (token === 'star' || token === 'globstar') {
      m.loop |= b;
      m.stars |= b;
      if (token === 'globstar') m.loopSlash |= b;
    } else m.advance.set(token, (m.advance.get(token) ?? 0) | b);
  });
  for (const [code, set] of m.advance) m.advance.set(code, set | m.any);
  return m;
}

function setBit(words: Uint32Array, i: number): void {
  words[i >>> 5] = (words[i >>> 5] ?? 0) | (1 << (i & 31));
}

function largeMasks(tokens: Token[]): LargeMasks {
  const words = (tokens.length >>> 5) + 1;
  const m: LargeMasks = {
    words,
    positions: new Map(),
    dense: new Map(),
    any: new Uint32Array(words),
    loop: new Uint32Array(words),
    loopSlash: new Uint32Array(words),
    stars: new Uint32Array(words),
    accept: tokens.length,
  };
  tokens.forEach((token, state) => {
    if (token === 'any') setBit(m.any, state);
    else if (token === 'star' || token === 'globstar') {
      setBit(m.loop, state);
      setBit(m.stars, state);
      if (token === 'globstar') setBit(m.loopSlash, state);
    } else {
      const list = m.positions.get(token);
      if (list === undefined) m.positions.set(token, [state]);
      else list.push(state);
    }
  });
  for (const [code, list] of m.positions) {
    if (list.length <= words) continue;
    const mask = m.any.slice();
    for (const state of list) setBit(mask, state);
    m.dense.set(code, mask);
  }
  return m;
}

function compile(pattern: string): Matcher {
  const tokens = tokenize(pattern);
  if (tokens.length <= 31) return { small: true, masks: smallMasks(tokens), size: tokens.length };
  return { small: false, masks: largeMasks(tokens), size: tokens.length };
}

function runSmall(m: SmallMasks, subject: string): boolean {
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

function runLarge(m: LargeMasks, subject: string): boolean {
  const n = m.words;
  let set = new Uint32Array(n);
  let next = new Uint32Array(n);
  const scratch = new Uint32Array(n);
  set[0] = 1 | ((1 & (m.stars[0] ?? 0)) << 1);
  for (let i = 0; i < subject.length; i++) {
    const code = subject.charCodeAt(i);
    let advance = m.dense.get(code);
    if (advance === undefined) {
      scratch.set(m.any);
      for (const state of m.positions.get(code) ?? []) setBit(scratch, state);
      advance = scratch;
    }
    const loop = code === SLASH ? m.loopSlash : m.loop;
    // next = ((set & advance) << 1) | (set & loop), then next |= (next & stars) << 1.
    let carry = 0;
    let alive = 0;
    for (let w = 0; w < n; w++) {
      const s = set[w] ?? 0;
      const moved = s & (advance[w] ?? 0);
      next[w] = ((moved << 1) | carry | (s & (loop[w] ?? 0))) >>> 0;
      carry = moved >>> 31;
    }
    carry = 0;
    for (let w = 0; w < n; w++) {
      const v = next[w] ?? 0;
      const starred = v & (m.stars[w] ?? 0);
      const out = (v | (starred << 1) | carry) >>> 0;
      next[w] = out;
      alive |= out;
      carry = starred >>> 31;
    }
    if (alive === 0) return false;
    [set, next] = [next, set];
  }
  return ((set[m.accept >>> 5] ?? 0) & (1 << (m.accept & 31))) !== 0;
}

/** Compiled patterns, by pattern text. Patterns come from contracts and configurations: few, reused. */
const compiled = new Map<string, Matcher>();
const MAX_COMPILED = 512;
/** And at most this many tokens in all (memory is a few words per token). */
const MAX_COMPILED_TOKENS = 4 * 1024 * 1024;
let compiledTokens = 0;

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
    matcher = compile(pattern);
    if (compiled.size >= MAX_COMPILED || compiledTokens + matcher.size > MAX_COMPILED_TOKENS) {
      compiled.clear();
      compiledTokens = 0;
    }
    compiled.set(pattern, matcher);
    compiledTokens += matcher.size;
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
