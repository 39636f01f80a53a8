/**
 * The values of a contract's secrets in an environment. ImportSpy checks a secret for presence
 * only; these values are read for one purpose, to be scrubbed out of everything it prints.
 */
import type { Contract } from '../contract/load.js';

/** Every name a contract declares under `environment.secrets`, in any deployment or system. */
export function secretNames(contract: Pick<Contract, 'deployments'>): Set<string> {
  const names = new Set<string>();
  for (const d of contract.deployments ?? []) {
    for (const s of d.systems ?? []) {
      for (const secret of s.environment?.secrets ?? []) names.add(typeof secret === 'string' ? secret : secret.name);
    }
  }
  return names;
}

/** The non-empty values the contract's secrets have in `env`. */
export function secretValues(contract: Pick<Contract, 'deployments'>, env: Readonly<Record<string, string | undefined>>): string[] {
  const values: string[] = [];
  for (const name of secretNames(contract)) {
    const value: unknown = env[name];
    if (typeof value === 'string' && value !== '') values.push(value);
  }
  return values;
}
