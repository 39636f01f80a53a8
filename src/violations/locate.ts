/**
 * Contract positions are resolved once, where the report is built: validators name the contract
 * field a violation is about by its path, and this turns the paths into file positions.
 */
import type { Contract } from '../contract/load.js';
import { locate } from '../contract/positions.js';
import { located, type Finding, type Violation } from './violation.js';

/** The violations of a report, each with the position in the contract of the field its finding names. */
export function locateFindings(findings: readonly Finding[], contract: Contract): Violation[] {
  return findings.map((f) => located(f, f.contractPath === null ? null : locate(contract, f.contractPath)));
}
