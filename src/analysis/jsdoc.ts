/**
 * JSDoc types for JavaScript files: `@type {T}`, `@param {T} name`, `@returns {T}`. In a JS file
 * these are the only declared annotations. A small hand-written scanner over the comment text
 * only (never over code): braces are balanced so `{{ a: string }}` and `{(x: number) => void}`
 * keep their inner text.
 */
import type { Comment } from 'oxc-parser';

export interface JsDocParam {
  type?: string;
  optional: boolean;
  rest: boolean;
}

export interface JsDoc {
  type?: string;
  returns?: string;
  params: Map<string, JsDocParam>;
}

/** The text of a comment with each line's leading `*` decoration removed. */
function undecorate(value: string): string {
  const lines: string[] = [];
  let line = '';
  let atLineStart = true;
  for (const char of value) {
    if (char === '\n') {
      lines.push(line);
      line = '';
      atLineStart = true;
      continue;
    }
    if (atLineStart && (char === ' ' || char === '\t' || char === '\r' || char === '*')) continue;
    atLineStart = false;
    line += char;
  }
  lines.push(line);
  return lines.join('\n');
}

class Scanner {
  position = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.position >= this.text.length;
  }

  peek(): string {
    return this.text[this.position] ?? '';
  }

  skipSpace(): void {
    while (!this.done && isSpace(this.peek())) this.position++;
  }

  /** A `{...}` group with balanced braces; its inner text, trimmed. */
  readBraced(): string | undefined {
    if (this.peek() !== '{') return undefined;
    let depth = 0;
    const start = this.position + 1;
    for (; !this.done; this.position++) {
      const char = this.peek();
      if (char === '{') depth++;
      else if (char === '}' && --depth === 0) {
        const inner = this.text.slice(start, this.position);
        this.position++;
        return collapseSpace(inner);
      }
    }
    return undefined;
  }

  readWord(): string {
    const start = this.position;
    while (!this.done && !isSpace(this.peek())) this.position++;
    return this.text.slice(start, this.position);
  }

  /** `[name=default]`: balanced square brackets. */
  readBracketed(): string | undefined {
    if (this.peek() !== '[') return undefined;
    let depth = 0;
    const start = this.position + 1;
    for (; !this.done; this.position++) {
      const char = this.peek();
      if (char === '[') depth++;
      else if (char === ']' && --depth === 0) {
        const inner = this.text.slice(start, this.position);
        this.position++;
        return inner;
      }
    }
    return undefined;
  }
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

function collapseSpace(text: string): string {
  let result = '';
  let pendingSpace = false;
  for (const char of text) {
    if (isSpace(char)) {
      pendingSpace = result.length > 0;
      continue;
    }
    if (pendingSpace) result += ' ';
    pendingSpace = false;
    result += char;
  }
  return result;
}

/** Parse the value of a `/** ... *\/` comment. */
export function parseJsDoc(value: string): JsDoc {
  const doc: JsDoc = { params: new Map() };
  const scanner = new Scanner(undecorate(value));
  while (!scanner.done) {
    const previous = scanner.text[scanner.position - 1];
    if (scanner.peek() !== '@' || (previous !== undefined && !isSpace(previous))) {
      scanner.position++;
      continue;
    }
    scanner.position++;
    const tag = scanner.readWord();
    scanner.skipSpace();
    if (tag === 'type') {
      const type = scanner.readBraced();
      if (type !== undefined) doc.type = type;
    } else if (tag === 'returns' || tag === 'return') {
      const type = scanner.readBraced();
      if (type !== undefined) doc.returns = type;
    } else if (tag === 'param' || tag === 'arg' || tag === 'argument') {
      readParam(scanner, doc);
    }
  }
  return doc;
}

function readParam(scanner: Scanner, doc: JsDoc): void {
  let type = scanner.readBraced();
  scanner.skipSpace();
  let optional = false;
  let rest = false;
  let name: string;
  const bracketed = scanner.readBracketed();
  if (bracketed !== undefined) {
    optional = true;
    const equals = bracketed.indexOf('=');
    name = (equals === -1 ? bracketed : bracketed.slice(0, equals)).trim();
  } else {
    name = scanner.readWord();
  }
  // Closure-style `{T=}` is an optional parameter, `{...T}` a rest parameter.
  if (type?.endsWith('=')) {
    optional = true;
    type = type.slice(0, -1).trim();
  }
  if (type?.startsWith('...')) {
    rest = true;
    type = `${type.slice(3).trim()}[]`;
  }
  // `@param {T} options.name` documents a property of a parameter, not a parameter.
  if (name === '' || name.includes('.')) return;
  doc.params.set(name, { ...(type === undefined ? {} : { type }), optional, rest });
}

/**
 * Finds the JSDoc block directly before a node: a `/**` comment separated from the node's start
 * by whitespace only.
 */
export class JsDocIndex {
  private readonly docs: Comment[];
  private readonly parsed = new Map<Comment, JsDoc>();

  constructor(
    comments: Comment[],
    private readonly source: string,
  ) {
    this.docs = comments.filter((comment) => comment.type === 'Block' && comment.value.startsWith('*'));
  }

  before(offset: number): JsDoc | undefined {
    let low = 0;
    let high = this.docs.length - 1;
    let found: Comment | undefined;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const comment = this.docs[mid];
      if (comment === undefined) break;
      if (comment.end <= offset) {
        found = comment;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found === undefined) return undefined;
    for (let i = found.end; i < offset; i++) if (!isSpace(this.source[i] ?? '')) return undefined;
    let doc = this.parsed.get(found);
    if (doc === undefined) {
      doc = parseJsDoc(found.value.slice(1));
      this.parsed.set(found, doc);
    }
    return doc;
  }
}
