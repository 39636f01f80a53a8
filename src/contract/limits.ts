/**
 * The limits every contract is held to before the schema walks it, whether it was parsed from
 * YAML or handed over as an object: at most MAX_NODES nodes (an alias bomb expands past it), at
 * most MAX_DEPTH levels, and no key that could reach an object's prototype.
 */
import type { ContractProblem, Location } from './errors.js';
import { formatPath } from './positions.js';

/** Deepest nesting accepted; a real contract needs a handful of levels. */
export const MAX_DEPTH = 64;
/** Most nodes accepted, aliases counted as often as they are expanded. */
export const MAX_NODES = 100_000;
/** Keys refused anywhere in a contract. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

type Code = ContractProblem['code'];

/**
 * The limits applied during one walk over a contract: counts nodes, checks depth and keys, and
 * collects the problems. Past a limit the walk is aborted: nothing more is entered.
 */
export class Limits {
  readonly problems: ContractProblem[] = [];
  private nodes = 0;
  private aborted = false;

  /**
   * @param tooMany what the contract is said to do when it has more than MAX_NODES nodes.
   * @param at the location of a node from its offset in the text, when there is a text.
   */
  constructor(
    private readonly tooMany: string,
    private readonly at: (offset: number | undefined) => Location | null = () => null,
  ) {}

  /** Counts a node at `depth`; false when the walk is over (this node broke a limit, or one before it did). */
  enter(path: readonly PropertyKey[], depth: number, offset?: number): boolean {
    if (this.aborted) return false;
    if (++this.nodes > MAX_NODES) return this.abort('contract.alias', path, this.tooMany, offset);
    if (depth > MAX_DEPTH) return this.abort('contract.too-deep', path, `nested more than ${MAX_DEPTH} levels deep`, offset);
    return true;
  }

  /** False, with a problem, when `key` (a mapping key at `path`) is one that is never allowed. */
  allowsKey(key: string, path: readonly PropertyKey[], offset?: number): boolean {
    if (!FORBIDDEN_KEYS.has(key)) return true;
    this.fail('contract.forbidden-key', path, `the key \`${key}\` is not allowed in a contract`, offset);
    return false;
  }

  /** Records a problem and stops the walk. */
  abort(code: Code, path: readonly PropertyKey[], message: string, offset?: number): false {
    this.aborted = true;
    this.fail(code, path, message, offset);
    return false;
  }

  /** Records a problem. */
  fail(code: Code, path: readonly PropertyKey[], message: string, offset?: number): void {
    this.problems.push({ code, path: formatPath(path), message, location: this.at(offset) });
  }
}

/**
 * The limits, checked on an object in memory (which skips the YAML converter) before the schema
 * walks it; a cycle is refused as nesting without end.
 */
export function checkLimits(data: unknown): ContractProblem[] {
  const limits = new Limits(`has more than ${MAX_NODES} nodes`);
  const ancestors = new Set<unknown>();
  const walk = (value: unknown, path: PropertyKey[], depth: number): void => {
    if (typeof value !== 'object' || value === null || !limits.enter(path, depth)) return;
    if (ancestors.has(value)) {
      limits.abort('contract.too-deep', path, 'contains itself (a cycle), so it would be nested without end');
      return;
    }
    ancestors.add(value);
    const isList = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const childPath = [...path, isList ? Number(key) : key];
      if (isList || limits.allowsKey(key, childPath)) walk((value as Record<string, unknown>)[key], childPath, depth + 1);
    }
    ancestors.delete(value);
  };
  walk(data, [], 0);
  return limits.problems;
}
