/**
 * A bound on how deeply a source file nests, checked before the native parser sees it. oxc parses
 * recursively on the calling thread's stack and, past a few thousand levels (fewer in a worker
 * thread's 4 MiB stack), overflows it with a segmentation fault that no `try` can catch: a
 * crafted module would crash the process instead of failing closed with a clear error.
 *
 * One linear pass over the text, skipping strings, comments, template text and regular
 * expressions, estimates the parser's recursion: open brackets, plus the right-recursive
 * operators (`?`, `=`, `=>`, prefix `!`, `-`, `new`, TypeScript `<`, ...) and statement heads
 * (`if`, `for`, `while`, `with`) not yet ended by `;`, `,` or the end of a statement. A `:`
 * closes the consequent of its `?`, as it does in the parser: minified decision trees
 * (`x<a?x<b?1:2:x<c?3:4`) nest as deep as the tree, not as long as the expression. The
 * estimate errs high, so the limit sits well below where the parser fails and far above real code.
 */

/** Nesting past this is refused. Real code stays under 100; oxc fails near 1,800 in a worker thread. */
export const MAX_NESTING = 1000;

/** Words after which a `/` starts a regular expression and that themselves nest what follows. */
const PREFIX_WORDS = new Set(['new', 'typeof', 'void', 'delete', 'await', 'yield', 'keyof', 'if', 'for', 'while', 'with']);
/** Words after which an expression is still expected (a `/` starts a regular expression). */
const OPERATOR_WORDS = new Set(['return', 'throw', 'case', 'in', 'of', 'instanceof', 'else', 'do', 'extends', 'export', 'default']);
/** Words that can only start a new statement: after a block's `}` they end the pending chain. */
const STATEMENT_WORDS = new Set(['if', 'for', 'while', 'with', 'do', 'switch', 'try', 'return', 'throw', 'var', 'let', 'const', 'function', 'class', 'break', 'continue', 'import', 'export']);
const HEADS = new Set(['if', 'for', 'while', 'with']);
const PUNCTUATORS = new Set(['>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>']);
/** Right-recursive in the parser: assignment (any `...=` but a comparison), arrows, `?:`, prefix operators, TypeScript `<`. */
const NESTING = new Set(['=>', '?', '<', '!', '~']);
const COMPARISONS = new Set(['==', '===', '!=', '!==', '<=', '>=']);

const isWordChar = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24 || c === 0x5c || c >= 0x80;

/**
 * Characters one of which every step that deepens the estimate below contains: an open bracket
 * (`(`, `[`, `{`, or the `$` of a template's `${`) or a nesting operator (each of `=>`, `?`, `<`,
 * `!`, `~`, `+`, `-` and every assignment contains one of `= ? < ! ~ + -`). Tokens do not overlap,
 * so counting these characters anywhere in the text (strings and comments too) counts at least
 * every such step.
 */
const DEEPENING = new Uint8Array(128);
for (const c of '([{$=?<!~+-') DEEPENING[c.charCodeAt(0)] = 1;

/**
 * An upper bound of the estimate, from counting alone: the deepening characters plus every
 * occurrence of a prefix word (as a substring, so a word inside a longer one counts too). Most
 * files are far below the limit by this count, and need no tokenising pass.
 */
function nestingBound(source: string, limit: number): number {
  let count = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c < 128 && DEEPENING[c] === 1) count++;
  }
  for (const word of PREFIX_WORDS) {
    for (let at = source.indexOf(word); at >= 0 && count <= limit; at = source.indexOf(word, at + word.length)) count++;
  }
  return count;
}

/** The offset where the estimated nesting first exceeds `limit`, or -1 when it never does. */
export function excessiveNesting(source: string, limit: number = MAX_NESTING): number {
  // The estimate only rises one step at a time, each at its own deepening character or prefix
  // word: when there are no more of those than the limit, it cannot exceed it.
  if (nestingBound(source, limit) <= limit) return -1;
  // One entry per open bracket: its pending operator count, and what kind of bracket it is.
  const ops: number[] = [0];
  const kinds: string[] = ['top'];
  // For each `?` whose `:` is still to come: its bracket level, and the count just after it.
  const markLevels: number[] = [];
  const markCounts: number[] = [];
  // Per open bracket: how many marks (of the whole stack) had an `=>` after them at that level. A
  // TypeScript arrow's return type puts a `:` of its own inside a consequent
  // (`a ? x => (y): T => z : w`), so such a `:` may not end the consequent: it stays counted.
  const arrowed: number[] = [0];
  const dropMarks = (level: number): void => {
    while (markLevels.length > 0 && markLevels[markLevels.length - 1] === level) {
      markLevels.pop();
      markCounts.pop();
    }
  };
  let total = 0;
  let exprEnd = false;
  let newline = false;
  let afterBrace = false;
  let lastWord = '';
  const n = source.length;
  const reset = (): void => {
    total -= ops[ops.length - 1] ?? 0;
    ops[ops.length - 1] = 0;
    dropMarks(ops.length - 1);
    arrowed[arrowed.length - 1] = 0;
  };
  const open = (kind: string): boolean => {
    ops.push(0);
    kinds.push(kind);
    arrowed.push(0);
    exprEnd = false;
    return ++total > limit;
  };
  const op = (): boolean => {
    ops[ops.length - 1] = (ops[ops.length - 1] ?? 0) + 1;
    exprEnd = false;
    return ++total > limit;
  };
  // Template text from `i` (just after a backtick or a `}` closing `${`): returns the next offset.
  const templateText = (start: number): number => {
    for (let i = start; i < n; i++) {
      const c = source.charCodeAt(i);
      if (c === 0x5c) i++;
      else if (c === 0x60) {
        exprEnd = true;
        return i + 1;
      } else if (c === 0x24 && source.charCodeAt(i + 1) === 0x7b) {
        return open('${') ? -(i + 1) - 1 : i + 2;
      }
    }
    return n;
  };
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) {
      newline = true;
      i++;
      continue;
    }
    if (c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 0x2f && source.charCodeAt(i + 1) === 0x2f) {
      while (i < n && source.charCodeAt(i) !== 0x0a && source.charCodeAt(i) !== 0x0d) i++;
      continue;
    }
    if (c === 0x2f && source.charCodeAt(i + 1) === 0x2a) {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      if (/[\n\r\u2028\u2029]/.test(source.slice(i, stop))) newline = true;
      i = stop;
      continue;
    }
    // A new line ends a statement when an expression ended and nothing continues it (ASI).
    const startsStatement = isWordChar(c) || c === 0x22 || c === 0x27 || c === 0x7b || c === 0x40 || c === 0x23;
    if (newline && exprEnd && startsStatement && !source.startsWith('else', i)) reset();
    newline = false;
    const braceBefore = afterBrace;
    afterBrace = false;
    const at = i;
    if (isWordChar(c)) {
      while (i < n && isWordChar(source.charCodeAt(i))) i++;
      const word = source.slice(at, i);
      if (braceBefore && STATEMENT_WORDS.has(word)) reset();
      lastWord = word;
      if (PREFIX_WORDS.has(word)) {
        if (op()) return at;
      } else exprEnd = !OPERATOR_WORDS.has(word);
      continue;
    }
    const word = lastWord;
    lastWord = '';
    if (c === 0x22 || c === 0x27) {
      for (i++; i < n; i++) {
        const d = source.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === c || d === 0x0a) break;
      }
      i++;
      exprEnd = true;
      continue;
    }
    if (c === 0x60) {
      i = templateText(i + 1);
      if (i < 0) return -i - 2;
      continue;
    }
    if (c === 0x2f && !exprEnd) {
      let inClass = false;
      for (i++; i < n; i++) {
        const d = source.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x5b) inClass = true;
        else if (d === 0x5d) inClass = false;
        else if ((d === 0x2f && !inClass) || d === 0x0a) break;
      }
      i++;
      exprEnd = true;
      continue;
    }
    i++;
    switch (c) {
      case 0x28: // (
      case 0x5b: // [
      case 0x7b: // {
        if (open(c === 0x28 && HEADS.has(word) ? 'head' : String.fromCharCode(c))) return at;
        continue;
      case 0x29: // )
      case 0x5d: // ]
      case 0x7d: {
        // }
        if (ops.length === 1) continue;
        dropMarks(ops.length - 1);
        total -= 1 + (ops.pop() ?? 0);
        arrowed.pop();
        const kind = kinds.pop();
        if (kind === '${') {
          i = templateText(i);
          if (i < 0) return -i - 2;
        } else {
          exprEnd = kind !== 'head';
          afterBrace = c === 0x7d;
        }
        continue;
      }
      case 0x3b: // ;
      case 0x2c: // ,
        reset();
        exprEnd = false;
        continue;
      case 0x3a: {
        // `:` ends the consequent of the innermost pending `?` at this level: the parser has
        // returned from it, and only the conditional itself stays nested around the alternate.
        const top = ops.length - 1;
        if (markLevels.length > 0 && markLevels[markLevels.length - 1] === top) {
          markLevels.pop();
          const mark = markCounts.pop() ?? 0;
          if (markLevels.length < (arrowed[top] ?? 0)) arrowed[top] = markLevels.length;
          else {
            total -= (ops[top] ?? 0) - mark;
            ops[top] = mark;
          }
        }
        exprEnd = false;
        continue;
      }
    }
    // Operators, longest first: count the right-recursive ones; any other only ends the expression.
    let token = String.fromCharCode(c);
    for (let len = 4; len > 1; len--) {
      const candidate = source.slice(at, at + len);
      if (PUNCTUATORS.has(candidate)) {
        token = candidate;
        break;
      }
    }
    i = at + token.length;
    if (token === '++' || token === '--') continue; // leaves the expression as it was
    const nests = NESTING.has(token) || (token.endsWith('=') && !COMPARISONS.has(token)) || ((token === '+' || token === '-') && !exprEnd);
    if (nests) {
      if (op()) return at;
      if (token === '?') {
        markLevels.push(ops.length - 1);
        markCounts.push(ops[ops.length - 1] ?? 0);
      } else if (token === '=>') arrowed[arrowed.length - 1] = markLevels.length;
    } else exprEnd = false;
  }
  return -1;
}
