/**
 * Reading a contract: bytes → text → YAML/JSON nodes with positions → schema validation →
 * a normalised `Contract`. Every problem is collected before anything is thrown.
 */
import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Yaml from 'yaml';
import { createRequire } from 'node:module';
import { ContractError, type ContractPosition, type ContractProblem, type Location } from './errors.js';
import type { ContractData, ContractInput } from './types.generated.js';

type YamlNode = Yaml.Node;
type SchemaModule = typeof import('./schema.js');

/*
 * The YAML parser and the schema (zod) are loaded on first use: a process whose contracts come
 * from the compiled cache never pays for them. `require` keeps the synchronous API possible; both
 * are modules without top-level await, which Node >= 20.19 can require.
 */
const lazyRequire = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;
let loadedSchema: SchemaModule | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= lazyRequire('yaml') as typeof Yaml);
// By the package's own name, so the path holds in the bundled and the unbundled build alike.
const schema = (): SchemaModule => (loadedSchema ??= lazyRequire('importspy/internal/schema') as SchemaModule);

/** The JSON Schema of the contract format, as published in `schema/spymodel.schema.json`. */
export function contractJsonSchema(): Record<string, unknown> {
  return schema().contractJsonSchema();
}

/** The JSON Schema of `importspy.config.yml`, as published in `schema/importspy.config.schema.json`. */
export function configJsonSchema(): Record<string, unknown> {
  return schema().configJsonSchema();
}
import { ARCH_NAMES, ENV_ANNOTATION_NAMES, OS_NAMES, RUNTIME_NAMES } from './aliases.js';
import { closest } from '../util/strings.js';
import { pythonHabits } from './python.js';
import { cacheKey, readDiskCache, writeDiskCache } from '../util/disk-cache.js';
import { fileStamp } from '../util/files.js';

/** Where a contract came from, and where each of its nodes is. */
export interface ContractSource {
  /** Absolute path of the contract file, or null for an in-memory contract. */
  file: string | null;
  /** Position of every node, keyed by field path (`deployments[0].arch`). */
  positions: Readonly<Record<string, ContractPosition>>;
  /** Positions of mapping keys, keyed the same way. */
  keyPositions: Readonly<Record<string, ContractPosition>>;
}

/** A validated contract: aliases resolved, with the position of every node. */
export type Contract = ContractData & {
  /** Where the contract came from, with the position of every node. */
  readonly source: ContractSource;
};

/** Options of `loadContract`. */
export interface LoadContractOptions {
  /** Largest file accepted, in bytes. Default 1 MiB. */
  maxBytes?: number;
}

/** Options of `parseContract`. */
export interface ParseContractOptions {
  /** Path shown in errors and used for positions. */
  file?: string | null;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_NODES = 100_000;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Fields of ImportSpy for Python that are spelled differently here. */
const RENAMED_KEYS: Readonly<Record<string, string>> = {
  pythons: 'write `runtimes:` instead, each entry with `name: node` (or bun, deno) and a semver `version`',
  interpreter: 'write `name:` (node, bun or deno) in a `runtimes` entry instead',
  returnAnnotation: 'write `return_annotation:`',
  envs: 'write `environment:` with `variables:` and `secrets:`',
};

/** Formats a field path: `deployments[0].systems[1].os`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** The position of a field, or of its nearest ancestor that has one. */
export function locate(contract: Contract, path: readonly PropertyKey[]): Location | null {
  const { file, positions } = contract.source;
  if (!file) return null;
  for (let n = path.length; n >= 0; n--) {
    const at = positions[formatPath(path.slice(0, n))];
    if (at) return { file, ...at };
  }
  return null;
}

// ── reading bytes ────────────────────────────────────────────────────────────

interface CachedContract {
  /** Size, mtime and inode when it was read: unchanged means the file need not be read again. */
  stamp: string;
  hash: string;
  contract: Contract;
}
const cache = new Map<string, CachedContract>();

/** '' when the file is missing or not a regular file: the full read below then reports why. */
const stampOf = (file: string): string => fileStamp(file) ?? '';

/** Forgets every contract read from disk. */
export function clearContractCache(): void {
  cache.clear();
}

function problem(file: string | null, code: ContractProblem['code'], message: string): ContractError {
  return new ContractError(file, [{ code, path: '', message, location: null }]);
}

/**
 * Reads and validates a contract file (YAML, or JSON by its `.json` extension). Unchanged files
 * are served from a cache keyed by content.
 * @throws {ContractError} when the file cannot be read or the contract is invalid.
 */
export function loadContract(pathOrUrl: string | URL, options: LoadContractOptions = {}): Contract {
  const file = toPath(pathOrUrl);
  const stamp = stampOf(file);
  const hit = cache.get(file);
  if (hit && stamp !== '' && hit.stamp === stamp) return hit.contract;
  const bytes = readSourceBytes(file, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const hash = createHash('sha1').update(bytes).digest('hex');
  let contract: Contract;
  if (hit?.hash === hash) {
    contract = hit.contract;
  } else {
    // A contract validated by an earlier process (same ImportSpy, same bytes) skips YAML and schema.
    const key = cacheKey('contract', file, hash);
    const stored = readDiskCache<Contract>(file, 'contract', key);
    if (stored && typeof stored === 'object' && stored.source?.file === file) {
      contract = Object.freeze(stored);
    } else {
      contract = parseContract(decode(file, bytes), { file });
      writeDiskCache(file, 'contract', key, contract);
    }
  }
  cache.set(file, { stamp, hash, contract });
  return contract;
}

/**
 * Reads a contract or configuration file's bytes, refusing directories, loops and files over
 * the size limit before reading them.
 * @throws {ContractError}
 */
export function readSourceBytes(file: string, maxBytes: number = DEFAULT_MAX_BYTES): Buffer {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw problem(file, 'contract.unreadable', 'is a directory, not a contract file');
    // A FIFO, socket or device would block the read forever, or never end.
    if (!stat.isFile()) throw problem(file, 'contract.unreadable', 'is not a regular file (a FIFO, socket or device)');
    size = stat.size;
  } catch (error) {
    if (error instanceof ContractError) throw error;
    throw fsProblem(file, error);
  }
  if (size > maxBytes) {
    throw problem(file, 'contract.too-large', `is ${size} bytes, over the limit of ${maxBytes} bytes`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw fsProblem(file, error);
  }
  if (bytes.length > maxBytes) {
    throw problem(file, 'contract.too-large', `is over the limit of ${maxBytes} bytes`);
  }
  return bytes;
}

/** Reads a UTF-8 text file under the same rules as a contract. */
export function readSourceText(file: string, maxBytes: number = DEFAULT_MAX_BYTES): string {
  return decode(file, readSourceBytes(file, maxBytes));
}

export function toPath(pathOrUrl: string | URL): string {
  if (pathOrUrl instanceof URL) return fileURLToPath(pathOrUrl);
  if (pathOrUrl.startsWith('file:')) return fileURLToPath(pathOrUrl);
  return isAbsolute(pathOrUrl) ? pathOrUrl : resolve(pathOrUrl);
}

function fsProblem(file: string, error: unknown): ContractError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return problem(file, 'contract.not-found', 'no such file');
  if (code === 'EISDIR') return problem(file, 'contract.unreadable', 'is a directory, not a contract file');
  if (code === 'ELOOP') return problem(file, 'contract.unreadable', 'is a symbolic link loop');
  if (code === 'EACCES' || code === 'EPERM') return problem(file, 'contract.unreadable', 'permission denied');
  return problem(file, 'contract.unreadable', `cannot be read (${code ?? String(error)})`);
}

function decode(file: string, bytes: Buffer): string {
  if (bytes.includes(0)) throw problem(file, 'contract.binary', 'contains NUL bytes: this is a binary file, not a YAML or JSON contract');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw problem(file, 'contract.encoding', 'is not valid UTF-8: save the contract as UTF-8');
  }
}

// ── parsing text ─────────────────────────────────────────────────────────────

/**
 * Parses contract text (YAML 1.2; JSON is a subset of it) and validates it.
 * @throws {ContractError} listing every problem with its line:column and field path.
 */
export function parseContract(text: string, options: ParseContractOptions = {}): Contract {
  const { data, source } = parseYamlSource(text, options.file ?? null);
  return validateData(data, source);
}

/**
 * Parses YAML 1.2 (or JSON) text into plain data with the position of every node, refusing
 * hostile shapes (alias bombs, deep nesting, prototype keys).
 * @throws {ContractError}
 */
export function parseYamlSource(text: string, file: string | null): { data: unknown; source: ContractSource } {
  if (text.trim() === '') throw problem(file, 'contract.empty', 'is empty: a contract needs at least one field');
  if (text.includes('\u0000')) throw problem(file, 'contract.binary', 'contains NUL characters');

  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.2', lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number | undefined): Location | null => {
    if (!file || offset === undefined) return null;
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new ContractError(
      file,
      doc.errors.map((e) => {
        const deep = e.message.includes('call stack');
        return {
          code: deep ? 'contract.too-deep' : 'contract.syntax',
          path: '',
          message: deep ? `nested too deeply (more than ${MAX_DEPTH} levels are never needed)` : firstLine(e.message),
          location: at(e.pos[0]),
        } satisfies ContractProblem;
      }),
    );
  }

  const converter = new Converter(doc, at);
  const data = converter.toData(doc.contents);
  if (converter.problems.length > 0) throw new ContractError(file, converter.problems);
  if (data === null || data === undefined) throw problem(file, 'contract.empty', 'holds no fields');
  return { data, source: { file, positions: converter.positions, keyPositions: converter.keyPositions } };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** Turns YAML nodes into plain data, recording positions and refusing hostile shapes. */
class Converter {
  readonly problems: ContractProblem[] = [];
  readonly positions: Record<string, ContractPosition> = Object.create(null) as Record<string, ContractPosition>;
  readonly keyPositions: Record<string, ContractPosition> = Object.create(null) as Record<string, ContractPosition>;
  private nodes = 0;
  private aborted = false;

  constructor(
    private readonly doc: Yaml.Document.Parsed,
    private readonly at: (offset: number | undefined) => Location | null,
  ) {}

  toData(node: unknown): unknown {
    return this.convert(node, [], 0);
  }

  private record(table: Record<string, ContractPosition>, path: PropertyKey[], offset: number | undefined): void {
    const loc = this.at(offset);
    if (loc) table[formatPath(path)] = { line: loc.line, column: loc.column };
  }

  private fail(code: ContractProblem['code'], path: PropertyKey[], message: string, offset: number | undefined): void {
    this.problems.push({ code, path: formatPath(path), message, location: this.at(offset) });
  }

  private convert(node: unknown, path: PropertyKey[], depth: number): unknown {
    if (this.aborted || node === null || node === undefined) return null;
    if (++this.nodes > MAX_NODES) {
      this.aborted = true;
      this.fail('contract.alias', path, `expands to more than ${MAX_NODES} nodes (an alias bomb?)`, offsetOf(node));
      return null;
    }
    if (depth > MAX_DEPTH) {
      this.aborted = true;
      this.fail('contract.too-deep', path, `nested more than ${MAX_DEPTH} levels deep`, offsetOf(node));
      return null;
    }
    if (yaml().isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) {
        this.fail('contract.alias', path, `unknown anchor *${node.source}`, offsetOf(node));
        return null;
      }
      this.record(this.positions, path, offsetOf(node));
      return this.convert(target, path, depth + 1);
    }
    this.record(this.positions, path, offsetOf(node));
    if (yaml().isScalar(node)) return scalarValue(node.value);
    if (yaml().isSeq(node)) return node.items.map((item, i) => this.convert(item, [...path, i], depth + 1));
    if (yaml().isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const key = yaml().isScalar(keyNode) ? keyNode.value : undefined;
        if (typeof key !== 'string' && typeof key !== 'number') {
          this.fail('contract.invalid-type', path, 'mapping keys must be plain strings', offsetOf(keyNode));
          continue;
        }
        const name = String(key);
        const childPath = [...path, name];
        this.record(this.keyPositions, childPath, offsetOf(keyNode));
        if (FORBIDDEN_KEYS.has(name)) {
          this.fail('contract.forbidden-key', childPath, `the key \`${name}\` is not allowed in a contract`, offsetOf(keyNode));
          continue;
        }
        Object.defineProperty(out, name, {
          value: this.convert(pair.value, childPath, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return null;
  }
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

function scalarValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  return value;
}

// ── validating data ──────────────────────────────────────────────────────────

/**
 * Validates a plain contract object (the form `defineContract` takes).
 * @throws {ContractError} listing every problem.
 */
export function validateContractData(data: unknown, source: ContractSource = emptySource()): Contract {
  return validateData(data, source);
}

function emptySource(): ContractSource {
  return { file: null, positions: {}, keyPositions: {} };
}

function validateData(data: unknown, source: ContractSource): Contract {
  const preProblems = source.file === null ? findForbiddenKeys(data) : [];
  // Too deep or too big for the schema to walk safely: report that alone.
  if (preProblems.some((p) => p.code !== 'contract.forbidden-key')) throw new ContractError(source.file, preProblems);
  const { contractSchema, KNOWN_KEYS } = schema();
  const result = contractSchema.safeParse(data);
  const python = pythonHabits(data).map(({ at, ...p }) => ({ ...p, path: formatPath(at), location: positionOf(source, at) }));
  if (!result.success || preProblems.length > 0 || python.length > 0) {
    const problems = [...preProblems, ...python, ...(result.success ? [] : schemaProblems(result.error.issues, source, data, KNOWN_KEYS))];
    throw new ContractError(source.file, sortProblems(dedupe(problems)));
  }
  return Object.freeze({ ...result.data, source });
}

/**
 * In-memory objects skip the YAML converter, so refuse its hostile shapes here, before the schema
 * walks them: prototype keys, nesting deeper than MAX_DEPTH (or a cycle), more than MAX_NODES nodes.
 */
function findForbiddenKeys(data: unknown): ContractProblem[] {
  const out: ContractProblem[] = [];
  const ancestors = new Set<unknown>();
  let nodes = 0;
  let aborted = false;
  const abort = (code: ContractProblem['code'], path: PropertyKey[], message: string): void => {
    aborted = true;
    out.push({ code, path: formatPath(path), message, location: null });
  };
  const walk = (value: unknown, path: PropertyKey[], depth: number): void => {
    if (aborted || typeof value !== 'object' || value === null) return;
    if (++nodes > MAX_NODES) return abort('contract.alias', path, `has more than ${MAX_NODES} nodes`);
    if (depth > MAX_DEPTH) return abort('contract.too-deep', path, `nested more than ${MAX_DEPTH} levels deep`);
    if (ancestors.has(value)) return abort('contract.too-deep', path, 'contains itself (a cycle), so it would be nested without end');
    ancestors.add(value);
    const isList = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const part = isList ? Number(key) : key;
      if (!isList && FORBIDDEN_KEYS.has(key)) {
        out.push({ code: 'contract.forbidden-key', path: formatPath([...path, key]), message: `the key \`${key}\` is not allowed in a contract`, location: null });
      } else {
        walk((value as Record<string, unknown>)[key], [...path, part], depth + 1);
      }
    }
    ancestors.delete(value);
  };
  walk(data, [], 0);
  return out;
}

/** File order, so the report reads top to bottom. */
function sortProblems(problems: ContractProblem[]): ContractProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.location?.line ?? 0) - (b.p.location?.line ?? 0) || (a.p.location?.column ?? 0) - (b.p.location?.column ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

function dedupe(problems: ContractProblem[]): ContractProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The fields of a schema issue that problems are built from (a structural view of zod's issues,
 * so that this module's types do not pull in zod's).
 */
export interface Issue {
  readonly code?: string;
  readonly path: PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly expected?: string;
  readonly errors?: readonly (readonly Issue[])[];
}

function positionOf(source: ContractSource, path: readonly PropertyKey[], key = false): Location | null {
  if (!source.file) return null;
  const table = key ? source.keyPositions : source.positions;
  for (let n = path.length; n >= 0; n--) {
    const at = table[formatPath(path.slice(0, n))] ?? source.positions[formatPath(path.slice(0, n))];
    if (at) return { file: source.file, ...at };
  }
  return null;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur = data;
  for (const part of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part as string];
  }
  return cur;
}

const ENUM_LISTS: ReadonlyArray<[string, readonly string[]]> = [
  ['arch', ARCH_NAMES],
  ['os', OS_NAMES],
  ['name', RUNTIME_NAMES],
  ['annotation', ENV_ANNOTATION_NAMES],
];

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** Turns schema issues into contract problems with positions, suggestions and allowed values. */
export function schemaProblems(issues: readonly Issue[], source: ContractSource, data: unknown, knownKeys: readonly string[]): ContractProblem[] {
  return sortProblems(dedupe(issues.flatMap((i) => toProblems(i, source, data, knownKeys))));
}

function toProblems(issue: Issue, source: ContractSource, data: unknown, knownKeys: readonly string[]): ContractProblem[] {
  const path = issue.path;
  switch (issue.code) {
    case 'unrecognized_keys':
      // Prototype keys are reported once, as forbidden, by findForbiddenKeys.
      return (issue.keys ?? []).filter((key) => !FORBIDDEN_KEYS.has(key)).map((key) => {
        const keyPath = [...path, key];
        const renamed = Object.hasOwn(RENAMED_KEYS, key) ? RENAMED_KEYS[key] : undefined;
        if (renamed) {
          return { code: 'contract.renamed-key', path: formatPath(keyPath), message: `\`${key}\` is ImportSpy for Python's name: ${renamed}`, location: positionOf(source, keyPath, true) };
        }
        const suggestion = closest(key, knownKeys);
        return {
          code: 'contract.unknown-key',
          path: formatPath(keyPath),
          message: `unknown key \`${key}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`,
          location: positionOf(source, keyPath, true),
        };
      });
    case 'invalid_value': {
      const field = String(path[path.length - 1] ?? '');
      const list = ENUM_LISTS.find(([name]) => name === field)?.[1] ?? (issue.values ?? []).map(String);
      const got = valueAt(data, path);
      if (got === undefined) {
        return [{ code: 'contract.missing-field', path: formatPath(path), message: `required field \`${field}\` is missing; one of: ${list.join(', ')}`, location: positionOf(source, path.slice(0, -1)) }];
      }
      const suggestion = typeof got === 'string' ? closest(got, list) : undefined;
      return [{
        code: 'contract.invalid-value',
        path: formatPath(path),
        message: `${describe(got)} is not allowed; expected one of: ${list.join(', ')}${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}`,
        location: positionOf(source, path),
      }];
    }
    case 'invalid_type': {
      const got = valueAt(data, path);
      if (got === undefined) {
        return [{ code: 'contract.missing-field', path: formatPath(path), message: `required field \`${String(path[path.length - 1])}\` is missing`, location: positionOf(source, path.slice(0, -1)) }];
      }
      if (got === null) {
        // `return_annotation:` with nothing after it, as in ImportSpy for Python's examples.
        const field = String(path[path.length - 1]);
        return [{ code: 'contract.invalid-type', path: formatPath(path), message: `\`${field}:\` has no value (an empty key reads as null): give it a ${issue.expected}, or delete the line`, location: positionOf(source, path) }];
      }
      const quote = issue.expected === 'string' && (typeof got === 'number' || typeof got === 'boolean') ? ` (write it in quotes: "${String(got)}")` : '';
      return [{ code: 'contract.invalid-type', path: formatPath(path), message: `expected ${issue.expected}, got ${describe(got)}${quote}`, location: positionOf(source, path) }];
    }
    case 'invalid_union': {
      const got = valueAt(data, path);
      // A mapping was meant as the mapping form of the union: report that branch's own problems.
      if (typeof got === 'object' && got !== null && !Array.isArray(got) && (issue.errors?.length ?? 0) > 0) {
        const branch = (issue.errors ?? []).find((errs) => errs.every((e) => e.code !== 'invalid_type' || e.path.length > 0));
        if (branch) return branch.flatMap((e) => toProblems({ ...e, path: [...path, ...e.path] } as Issue, source, data, knownKeys));
      }
      return [{ code: 'contract.invalid-type', path: formatPath(path), message: `${describe(got)} is not a valid value here`, location: positionOf(source, path) }];
    }
    case 'too_small':
      return [{ code: 'contract.invalid-value', path: formatPath(path), message: 'must not be empty', location: positionOf(source, path) }];
    default:
      return [{ code: 'contract.invalid-value', path: formatPath(path), message: issue.message, location: positionOf(source, path) }];
  }
}

/**
 * Declares a contract in TypeScript or JavaScript, fully typed, validated at once.
 * @throws {ContractError} when the object is not a valid contract.
 */
export function defineContract(input: ContractInput): Contract {
  return validateData(input, emptySource());
}

/** Accepts a contract in any form the public API takes: a `Contract`, a plain object, a path or a URL. */
export function toContract(contract: Contract | ContractInput | string | URL, base?: string): Contract {
  if (typeof contract === 'string' || contract instanceof URL) {
    if (typeof contract === 'string' && base && !isAbsolute(contract) && !contract.startsWith('file:')) {
      return loadContract(resolve(base, contract));
    }
    return loadContract(contract);
  }
  if (isContract(contract)) return contract;
  return validateData(contract, emptySource());
}

function isContract(value: Contract | ContractInput): value is Contract {
  return Object.hasOwn(value, 'source') && Object.isFrozen(value);
}
