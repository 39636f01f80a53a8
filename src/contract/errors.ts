/** Errors raised while reading a contract or a project configuration. */
import type { ContractProblemCode } from '../violations/codes.js';

/** A position in a contract file; lines and columns are 1-based. */
export interface ContractPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** A file and a position in it. */
export interface Location extends ContractPosition {
  /** The file path. */
  file: string;
}

/** One thing wrong with a contract. */
export interface ContractProblem {
  /** The stable code of the problem. */
  code: ContractProblemCode;
  /** The field, e.g. `deployments[0].systems[0].os` (empty for the whole document). */
  path: string;
  /** What is wrong, in one line. */
  message: string;
  /** Where in the file, when the contract came from a file. */
  location: Location | null;
}

/** Thrown when a contract (or configuration) cannot be read or is invalid; lists every problem. */
export class ContractError extends Error {
  /** Always `ContractError`. */
  override name = 'ContractError';
  /** Always `ERR_IMPORTSPY_CONTRACT`. */
  readonly code = 'ERR_IMPORTSPY_CONTRACT';
  /** The contract file, or null for an in-memory contract. */
  readonly file: string | null;
  /** Every problem found, in file order. */
  readonly problems: readonly ContractProblem[];

  constructor(file: string | null, problems: readonly ContractProblem[]) {
    const where = file ?? '<contract>';
    const lines = problems.map((p) => {
      const at = p.location ? `${p.location.file}:${p.location.line}:${p.location.column}` : where;
      return `  ${at}${p.path ? ` ${p.path}` : ''}: ${p.message}`;
    });
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const only = problems.length === 1 ? problems[0] : undefined;
    // A problem with the file as a whole (missing, a directory, too large, ...) reads as one line.
    super(only && !only.location && !only.path ? `Cannot use contract ${where}: ${only.message}` : `Invalid contract ${where} (${count}):\n${lines.join('\n')}`);
    this.file = file;
    this.problems = problems;
  }
}

/** A problem with a file (or text) as a whole, with no field and no position. */
export function wholeFileError(file: string | null, code: ContractProblemCode, message: string): ContractError {
  return new ContractError(file, [{ code, path: '', message, location: null }]);
}
