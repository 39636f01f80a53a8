/**
 * The public entry points of the contract layer. A contract goes through the stages in order:
 * reading (read.ts: size, encoding) → YAML to data with positions (parse-yaml.ts, under the
 * limits of limits.ts) → the schema, whose issues become problems (problems.ts) → a frozen
 * `Contract`. Every problem is collected before anything is thrown.
 */
import { isAbsolute, resolve } from 'node:path';
import { ContractError } from './errors.js';
import { schema } from './lazy.js';
import { checkLimits } from './limits.js';
import { parseYamlSource } from './parse-yaml.js';
import { emptySource, formatPath, positionOf, type ContractSource } from './positions.js';
import { dedupe, schemaProblems, sortProblems } from './problems.js';
import { pythonHabits } from './python.js';
import { decode, DEFAULT_MAX_BYTES, readSourceBytes, toPath } from './read.js';
import type { ContractData, ContractInput } from './types.generated.js';
import { cacheKey, readDiskCache, writeDiskCache } from '../util/disk-cache.js';
import { fileStamp } from '../util/files.js';
import { sha1Hex } from '../util/hash.js';

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

/** The JSON Schema of the contract format, as published in `schema/spymodel.schema.json`. */
export function contractJsonSchema(): Record<string, unknown> {
  return schema().contractJsonSchema();
}

/** The JSON Schema of `importspy.config.yml`, as published in `schema/importspy.config.schema.json`. */
export function configJsonSchema(): Record<string, unknown> {
  return schema().configJsonSchema();
}

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
  const hash = sha1Hex(bytes);
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
 * Parses contract text (YAML 1.2; JSON is a subset of it) and validates it.
 * @throws {ContractError} listing every problem with its line:column and field path.
 */
export function parseContract(text: string, options: ParseContractOptions = {}): Contract {
  const { data, source } = parseYamlSource(text, options.file ?? null);
  return validateData(data, source);
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

/**
 * Validates contract data against the schema. Data parsed from YAML has been held to the limits
 * already; an object from memory is held to them here, before the schema walks it.
 * @throws {ContractError} listing every problem.
 */
function validateData(data: unknown, source: ContractSource): Contract {
  const preProblems = source.file === null ? checkLimits(data) : [];
  // Too deep or too big for the schema to walk safely: report that alone.
  if (preProblems.some((p) => p.code !== 'contract.forbidden-key')) throw new ContractError(source.file, preProblems);
  const { contractSchema, KNOWN_KEYS, PARSE_ONCE } = schema();
  const result = contractSchema.safeParse(data, PARSE_ONCE);
  const python = pythonHabits(data).map(({ at, ...p }) => ({ ...p, path: formatPath(at), location: positionOf(source, at) }));
  if (!result.success || preProblems.length > 0 || python.length > 0) {
    const problems = [...preProblems, ...python, ...(result.success ? [] : schemaProblems(result.error.issues, source, data, KNOWN_KEYS))];
    throw new ContractError(source.file, sortProblems(dedupe(problems)));
  }
  return Object.freeze({ ...result.data, source });
}
