/** Field paths and the positions recorded for them: where in its file a contract's node is. */
import type { ContractPosition, Location } from './errors.js';

/** Where a contract came from, and where each of its nodes is. */
export interface ContractSource {
  /** Absolute path of the contract file, or null for an in-memory contract. */
  file: string | null;
  /** Position of every node, keyed by field path (`deployments[0].arch`). */
  positions: Readonly<Record<string, ContractPosition>>;
  /** Positions of mapping keys, keyed the same way. */
  keyPositions: Readonly<Record<string, ContractPosition>>;
}

/** The source of a contract that has no file (an object in memory). */
export function emptySource(): ContractSource {
  return { file: null, positions: {}, keyPositions: {} };
}

/** Formats a field path: `deployments[0].systems[1].os`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/**
 * The position of a field, or of its nearest ancestor that has one; with `key`, the position of
 * the field's key where there is one (an unknown key is shown at its name, not at its value).
 */
export function positionOf(source: ContractSource, path: readonly PropertyKey[], key = false): Location | null {
  const { file, positions, keyPositions } = source;
  if (!file) return null;
  for (let n = path.length; n >= 0; n--) {
    const at = formatPath(path.slice(0, n));
    const found = (key ? keyPositions[at] : undefined) ?? positions[at];
    if (found) return { file, ...found };
  }
  return null;
}

/** The position of a field of a contract, or of its nearest ancestor that has one. */
export function locate(contract: { readonly source: ContractSource }, path: readonly PropertyKey[]): Location | null {
  return positionOf(contract.source, path);
}
