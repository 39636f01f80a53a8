/** A system's environment: variables (set, well-formed, of the expected value) and secrets (set, never shown). */
import type { DeploymentEntry, EnvVariableEntry, SecretEntry } from '../contract/types.generated.js';
import type { Context } from '../context/capture.js';
import { deepEqual } from '../util/equal.js';
import { MIN_SCRUB_LENGTH } from '../violations/redact.js';
import { finding, type Finding } from '../violations/violation.js';
import { coerceEnv } from './coerce.js';
import type { ContractPath } from './scope.js';

/**
 * The variables whose values are never shown: the secrets, and — when a secret's value is too short
 * to be searched for in text (`MIN_SCRUB_LENGTH`) — every variable, since any could contain it.
 */
export function shownAsSecrets(deployments: readonly DeploymentEntry[], context: Context): Set<string> {
  const names = collectSecretNames(deployments);
  const short = [...names].some((name) => {
    const value: unknown = context.env[name];
    return typeof value === 'string' && value !== '' && value.length < MIN_SCRUB_LENGTH;
  });
  if (!short) return names;
  for (const d of deployments) for (const s of d.systems ?? []) for (const v of s.environment?.variables ?? []) names.add(v.name);
  return names;
}

function collectSecretNames(deployments: readonly DeploymentEntry[]): Set<string> {
  const names = new Set<string>();
  for (const d of deployments) {
    for (const s of d.systems ?? []) {
      for (const secret of s.environment?.secrets ?? []) names.add(typeof secret === 'string' ? secret : secret.name);
    }
  }
  return names;
}

/** `at`: the variable's entry in the contract; `secret`: its value is never shown. */
export function checkEnvVariable(context: Context, v: EnvVariableEntry, at: ContractPath, secret: boolean): Finding | null {
  const raw = context.env[v.name];
  const path = `environment.variables.${v.name}`;
  const { name } = v;
  if (raw === undefined) {
    return finding({ code: 'missing.env', data: { name, value: v.value, secret }, path, expected: secret ? null : (v.value ?? null), contractPath: at, entry: v });
  }
  if (v.annotation === undefined && v.value === undefined) return null;
  const annotation = v.annotation ?? inferAnnotation(v.value);
  const coerced = coerceEnv(raw, annotation);
  const actual = secret ? '<redacted>' : raw;
  if (!coerced.ok) {
    return finding({ code: 'invalid.env', data: { name, annotation, raw, secret }, path, expected: annotation, actual, contractPath: at, entry: v });
  }
  if (v.value !== undefined && !deepEqual(coerced.value, v.value)) {
    return finding({ code: 'mismatch.env', data: { name, expected: v.value, actual: coerced.value, secret }, path, expected: secret ? null : v.value, actual, contractPath: at, entry: v });
  }
  return null;
}

function inferAnnotation(value: unknown): 'string' | 'number' | 'boolean' | 'json' {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string' || value === undefined) return 'string';
  return 'json';
}

/** `at`: the secret's entry in the contract. */
export function checkSecret(context: Context, secret: SecretEntry, at: ContractPath): Finding | null {
  const name = typeof secret === 'string' ? secret : secret.name;
  const present = context.env[name] !== undefined && context.env[name] !== '';
  if (present) return null;
  return finding({ code: 'missing.secret', data: { name }, path: `environment.secrets.${name}`, contractPath: at, entry: typeof secret === 'string' ? undefined : secret });
}
