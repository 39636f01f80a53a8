/**
 * Reading and parsing one file: bytes → UTF-8 text → oxc AST, with the offset → line:column
 * conversion every location needs. Nothing here knows about exports or classes.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Comment, EcmaScriptModule, ParserOptions, Program } from 'oxc-parser';
import { formatByExtension, isTypeScriptExtension } from '../util/extensions.js';
import { stampOfStats } from '../util/files.js';
import { sha1Hex } from '../util/hash.js';
import { excessiveNesting, MAX_NESTING } from './depth.js';
import { ModuleAnalysisError } from './errors.js';
import type { SourceLocation } from './model.js';
import { isDeclarationFile, nearestPackage } from './resolve.js';

type OxcModule = typeof import('oxc-parser');

let oxc: OxcModule | undefined;

/**
 * oxc-parser is loaded on first use, never at import time: a guard that finds its model in the
 * cache should not pay for loading a native parser. `require` (rather than `import()`) keeps the
 * synchronous entry point possible; oxc-parser is ESM without top-level await, which Node >= 20.19
 * can require.
 */
function parser(): OxcModule {
  oxc ??= createRequire(import.meta.url)('oxc-parser') as OxcModule;
  return oxc;
}

/** Loads the parser now (a `check` worker does, while the contract is still being read). */
export function preloadParser(): void {
  parser();
}

/** Offsets → 1-based line and column. oxc 0.159 reports UTF-16 offsets, like `String#slice`. */
export class LineCounter {
  /** Where each line starts, found on the first `locate`: many files are checked without one. */
  private starts: number[] | undefined;

  constructor(
    private readonly file: string,
    private readonly source: string,
  ) {}

  private lineStarts(): number[] {
    if (this.starts !== undefined) return this.starts;
    const source = this.source;
    const starts = [0];
    for (let i = 0; i < source.length; i++) {
      const code = source.charCodeAt(i);
      // \r\n is one line break; a lone \r, \n, U+2028 and U+2029 are each a break for JS too.
      if (code === 0x0d && source.charCodeAt(i + 1) === 0x0a) continue;
      if (code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029) starts.push(i + 1);
    }
    this.starts = starts;
    return starts;
  }

  /** The location of a UTF-16 offset; the column counts UTF-16 code units, as editors do. */
  locate(offset: number): SourceLocation {
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { file: this.file, line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }
}

/** The bytes of a file, checked to be a readable regular file. */
export interface RawFile {
  file: string;
  bytes: Buffer;
  hash: string;
  /** The file's stamp (util/files.ts#stampOfStats), taken from the open file before its bytes were read; '' when not from a file. */
  stamp: string;
}

// O_NONBLOCK: opening a FIFO for reading must not wait for a writer (its type is checked next).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * One open, one fstat, the reads and one close: the type, the stamp and the bytes all belong to
 * the file that was opened, even if the path is replaced meanwhile, and a file is not looked up
 * three times (a stat, then readFileSync's open and fstat) on the import path.
 */
export function readRawFile(file: string): RawFile {
  let fd: number;
  try {
    fd = openSync(file, READ_FLAGS);
  } catch (error) {
    throw readError(file, error);
  }
  try {
    let stat: Stats;
    try {
      stat = fstatSync(fd);
    } catch (error) {
      throw readError(file, error);
    }
    if (stat.isDirectory()) {
      throw new ModuleAnalysisError('module.unreadable', file, `${file} is a directory, not a module file`);
    }
    // A FIFO, socket or device would block the read forever, or never end.
    if (!stat.isFile()) {
      throw new ModuleAnalysisError('module.unreadable', file, `${file} is not a regular file (a FIFO, socket or device)`);
    }
    let bytes: Buffer;
    try {
      bytes = readOpenFile(fd, stat.size);
    } catch (error) {
      throw readError(file, error);
    }
    return { file, bytes, hash: sha1Hex(bytes), stamp: stampOfStats(stat) };
  } finally {
    closeSync(fd);
  }
}

/** The whole of an open file: `size` bytes expected, more if it grew since its fstat. */
function readOpenFile(fd: number, size: number): Buffer {
  // One byte more than expected: the read that finds the end needs room, or it would first grow the buffer.
  let buffer = Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

function readError(file: string, error: unknown): ModuleAnalysisError {
  const code = (error as NodeJS.ErrnoException).code;
  // Windows refuses to open a directory as a file.
  if (code === 'EISDIR') return new ModuleAnalysisError('module.unreadable', file, `${file} is a directory, not a module file`, { cause: error });
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ModuleAnalysisError('module.not-found', file, `module file not found: ${file}`, { cause: error });
  }
  const reason = code === 'ELOOP' ? 'a symbolic link loop' : code === 'EACCES' ? 'permission denied' : String(code);
  return new ModuleAnalysisError('module.unreadable', file, `cannot read ${file}: ${reason}`, { cause: error });
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(raw: RawFile): string {
  try {
    return utf8.decode(raw.bytes);
  } catch (error) {
    throw new ModuleAnalysisError('module.unreadable', raw.file, `${raw.file} is not valid UTF-8 text`, {
      cause: error,
    });
  }
}

export type Language = 'ts' | 'js';

/** A parsed source file and what is needed to describe positions and slices of it. */
export interface ParsedFile {
  file: string;
  hash: string;
  source: string;
  language: Language;
  /** A declaration file (`.d.ts`): it only supplies annotations. */
  declarationOnly: boolean;
  /** The syntax tree, turned into objects on first access (a contract about imports alone may never need it). */
  readonly program: Program;
  comments: Comment[];
  /** oxc's module record: the static imports and exports, dynamic imports and `import.meta`s, with their offsets. */
  module: EcmaScriptModule;
  /** `import`/`export` syntax or `import.meta` is present. */
  hasModuleSyntax: boolean;
  lines: LineCounter;
}

export function languageOf(file: string): Language {
  return isTypeScriptExtension(path.extname(file)) ? 'ts' : 'js';
}

function parserLang(file: string): NonNullable<ParserOptions['lang']> {
  const ext = path.extname(file);
  if (isDeclarationFile(file)) return 'dts';
  if (ext === '.tsx') return 'tsx';
  return isTypeScriptExtension(ext) ? 'ts' : 'jsx';
}

type SourceType = NonNullable<ParserOptions['sourceType']>;

/**
 * The ways Node could run the file, the likelier first. `.mjs`/`.mts` are modules and
 * `.cjs`/`.cts` CommonJS scripts, whose wrapper function makes a top-level `return` legal. A `.js`
 * file follows the nearest package.json `type`; without one Node first reads it as CommonJS and,
 * when that fails on ESM syntax, as a module. A `.js` file with module syntax under
 * `"type": "commonjs"` is still read as a module second: bundlers run such files, and ImportSpy
 * reads what is there rather than failing. TypeScript sources are compiled, so their module syntax
 * decides.
 */
function sourceTypes(file: string): SourceType[] {
  const byName = formatByExtension(file);
  if (byName === 'esm') return ['module'];
  if (byName === 'cjs') return ['commonjs'];
  if (isTypeScriptExtension(path.extname(file)) || isDeclarationFile(file)) return ['unambiguous'];
  return nearestPackage(file)?.type === 'module' ? ['module', 'commonjs'] : ['commonjs', 'unambiguous'];
}

/**
 * Whether the syntax tree is handed over through shared memory (oxc's raw transfer, Node 22+):
 * about half the cost of the JSON text it otherwise serialises and `JSON.parse` reads back, for
 * the same tree. It builds the whole tree at once, so it is used only when the tree will be read.
 */
let rawTransfer: boolean | undefined;
function useRawTransfer(): boolean {
  rawTransfer ??= parser().rawTransferSupported();
  return rawTransfer;
}

/**
 * oxc's parse, through raw transfer when `fast`. Raw transfer needs a large buffer of address
 * space per thread; where that cannot be had (a memory limit), the JSON form is used from then on.
 */
function parse(file: string, source: string, options: ParserOptions, fast: boolean): ReturnType<OxcModule['parseSync']> {
  if (fast) {
    try {
      // Not in oxc-parser's declared options (0.159), though its parseSync reads it.
      const withRawTransfer: ParserOptions & { experimentalRawTransfer: true } = { ...options, experimentalRawTransfer: true };
      return parser().parseSync(file, source, withRawTransfer);
    } catch {
      rawTransfer = false;
    }
  }
  return parser().parseSync(file, source, options);
}

/**
 * Parse a file's text; a syntax error throws `module.syntax` at the first error's position.
 * `tree`: the caller will read the syntax tree (false: perhaps only oxc's module record).
 */
export function parseSource(raw: RawFile, source: string, tree = true): ParsedFile {
  // The native parser would overflow its stack (a crash, not an exception) on hostile nesting.
  // Each level the estimate counts takes at least one character: a short file cannot exceed it.
  const tooDeep = source.length > MAX_NESTING ? excessiveNesting(source) : -1;
  if (tooDeep >= 0) {
    const location = new LineCounter(raw.file, source).locate(tooDeep);
    throw new ModuleAnalysisError(
      'module.unreadable',
      raw.file,
      `${raw.file}:${location.line}:${location.column}: nested more than ${MAX_NESTING} levels deep; ImportSpy does not analyse code nested this deeply`,
      { location },
    );
  }
  const lang = parserLang(raw.file);
  const [first = 'unambiguous', ...others] = sourceTypes(raw.file);
  const fast = tree && useRawTransfer();
  let result = parse(raw.file, source, { lang, sourceType: first, preserveParens: false }, fast);
  for (const sourceType of others) {
    if (!result.errors.some((error) => error.severity === 'Error')) break;
    const retry = parse(raw.file, source, { lang, sourceType, preserveParens: false }, fast);
    // The second reading wins when it parses, or when the file has the other kind's syntax
    // (its error then says more: an ES module's mistake, not "import outside a module").
    const retryFails = retry.errors.some((error) => error.severity === 'Error');
    if (!retryFails || (sourceType !== 'commonjs' && retry.module.hasModuleSyntax)) result = retry;
  }
  const lines = new LineCounter(raw.file, source);
  const oxcResult = result;
  const firstError = result.errors.find((error) => error.severity === 'Error');
  if (firstError !== undefined) {
    const offset = firstError.labels[0]?.start;
    const location = offset === undefined ? undefined : lines.locate(offset);
    const where = location === undefined ? '' : `:${location.line}:${location.column}`;
    throw new ModuleAnalysisError('module.syntax', raw.file, `${raw.file}${where}: ${firstError.message}`, {
      ...(location === undefined ? {} : { location }),
    });
  }
  return {
    file: raw.file,
    hash: raw.hash,
    source,
    language: languageOf(raw.file),
    declarationOnly: isDeclarationFile(raw.file),
    // oxc hands the tree over as JSON and parses it only when `program` is read.
    get program() {
      return oxcResult.program;
    },
    comments: result.comments,
    module: result.module,
    hasModuleSyntax: result.module.hasModuleSyntax,
    lines,
  };
}
