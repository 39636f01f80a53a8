import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ContractError, type ContractProblem } from '../../src/index.js';

/** Absolute path of a contract fixture. */
export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/contracts/${name}`, import.meta.url));

/** Runs `fn`, expects a ContractError, and returns it. */
export function contractError(fn: () => unknown): ContractError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return error as ContractError;
  }
  throw new Error('expected a ContractError, but the contract was accepted');
}

/** The one problem of an error that should have exactly one. */
export function onlyProblem(error: ContractError): ContractProblem {
  expect(error.problems).toHaveLength(1);
  return error.problems[0] as ContractProblem;
}
