/**
 * Where a module may run: deployments, systems and runtimes are alternatives (OR), the checks
 * inside one of them all apply (AND). When nothing matches, the closest candidate's violations
 * are reported with a summary of why every other candidate failed.
 */
import { satisfies } from '../util/semver.js';
import type { Contract } from '../contract/load.js';
import { locate } from '../contract/positions.js';
import type {
  DeploymentEntry,
  EnvVariableEntry,
  ModuleExpectation,
  PackageEntry,
  PermissionsEntry,
  RuntimeEntry,
  SecretEntry,
  SystemEntry,
} from '../contract/types.generated.js';
import type { Context } from '../context/capture.js';
import { coerceEnv } from './coerce.js';
import { deepEqual } from '../util/equal.js';
import { show, violation, type Violation } from '../violations/violation.js';
import { MIN_SCRUB_LENGTH } from '../violations/redact.js';

export interface DeploymentResult {
  violations: Violation[];
  /** Module expectations of the runtime that matched (`runtimes[].modules`). */
  modules: Array<{ expectation: ModuleExpectation; path: PropertyKey[] }>;
}

interface Candidate {
  violations: Violation[];
  modules: DeploymentResult['modules'];
  /** How far from matching; lower is closer. */
  distance: number;
  /** Why the other alternatives inside this one (its systems, their runtimes) failed. */
  alternatives?: string[];
}

/** The closest of several alternatives, with one line per other failing alternative. */
function pick(sub: Candidate[], label: (i: number) => string): { chosen: Candidate; alternatives: string[] } {
  const { chosen, index } = best(sub);
  if (chosen.distance === 0) return { chosen, alternatives: [] };
  const alternatives = sub.flatMap((c, i) => (i === index ? [] : [`${label(i)}: ${blocking(c.violations).map((v) => v.message).join('; ')}`]));
  return { chosen, alternatives: [...alternatives, ...(chosen.alternatives ?? [])] };
}

type Path = PropertyKey[];

const blocking = (vs: readonly Violation[]): Violation[] => vs.filter((v) => v.severity === 'error');

/** Weights make an arch or os mismatch count as further away than a missing variable. */
const WEIGHT: Partial<Record<Violation['code'], number>> = {
  'mismatch.arch': 1000,
  'mismatch.os': 100,
  'mismatch.libc': 50,
  'mismatch.runtime': 20,
  'mismatch.runtime-version': 5,
};

function distanceOf(vs: readonly Violation[]): number {
  return blocking(vs).reduce((sum, v) => sum + (WEIGHT[v.code] ?? 1), 0);
}

/** Picks the candidate with no blocking violation, else the closest one (first on ties). */
function best(candidates: Candidate[]): { chosen: Candidate; index: number } {
  let index = 0;
  for (let i = 1; i < candidates.length; i++) {
    if ((candidates[i]?.distance ?? Infinity) < (candidates[index]?.distance ?? Infinity)) index = i;
  }
  return { chosen: candidates[index] as Candidate, index };
}

/**
 * Checks the `deployments` of a contract against a machine.
 * @param packageDir directory installed packages are resolved from.
 */
export function validateDeployments(contract: Contract, context: Context, packageDir: string): DeploymentResult {
  const deployments = contract.deployments;
  if (!deployments || deployments.length === 0) return { violations: [], modules: [] };
  const secretNames = shownAsSecrets(deployments, context);
  const candidates = deployments.map((d, i) => checkDeployment(contract, context, d, ['deployments', i], packageDir, secretNames));
  const { chosen, index } = best(candidates);
  const nested = chosen.alternatives ?? [];
  // One deployment with no inner alternatives: its own violations say everything.
  if (chosen.distance === 0 || (candidates.length === 1 && nested.length === 0)) return { violations: chosen.violations, modules: chosen.modules };

  const others = candidates
    .map((c, i) => ({ c, i }))
    .filter(({ i }) => i !== index)
    .map(({ c, i }) => `deployments[${i}]: ${blocking(c.violations).map((v) => v.message).join('; ')}`);
  const why = [...others, ...nested];
  const summary = violation({
    code: 'mismatch.deployment',
    path: 'deployments',
    message: `no deployment matches this machine; the closest is deployments[${index}] (reported below)${why.length ? `. ${why.join(' | ')}` : ''}`,
    solution: `make this machine match deployments[${index}], or add a deployment that describes it (\`importspy context\` prints one)`,
    expected: `one of ${candidates.length} deployment${candidates.length === 1 ? '' : 's'}`,
    actual: { arch: context.arch, os: context.os, runtime: `${context.runtime.name} ${context.runtime.version}` },
    contractLocation: locate(contract, ['deployments']),
  });
  return { violations: [summary, ...chosen.violations], modules: [] };
}

/**
 * The variables whose values are never shown: the secrets, and — when a secret's value is too short
 * to be searched for in text (`MIN_SCRUB_LENGTH`) — every variable, since any could contain it.
 */
function shownAsSecrets(deployments: readonly DeploymentEntry[], context: Context): Set<string> {
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

function checkDeployment(contract: Contract, context: Context, d: DeploymentEntry, path: Path, packageDir: string, secrets: Set<string>): Candidate {
  const own: Violation[] = [];
  if (d.arch !== undefined && d.arch !== context.arch) {
    own.push(violation({
      code: 'mismatch.arch',
      path: `${fmt(path)}.arch`,
      message: `architecture is ${context.arch}, the contract expects ${d.arch}`,
      solution: `run on a ${d.arch} machine, or add a deployment with \`arch: ${context.arch}\``,
      expected: d.arch,
      actual: context.arch,
      contractLocation: locate(contract, [...path, 'arch']),
      entry: d,
    }));
  }
  const systems = d.systems ?? [];
  if (systems.length === 0) return { violations: own, modules: [], distance: distanceOf(own) };
  const sub = systems.map((s, i) => checkSystem(contract, context, s, [...path, 'systems', i], packageDir, secrets));
  const { chosen, alternatives } = pick(sub, (i) => `${fmt(path)}.systems[${i}]`);
  const violations = [...own, ...chosen.violations];
  return { violations, modules: chosen.modules, distance: distanceOf(violations), alternatives };
}

function checkSystem(contract: Contract, context: Context, s: SystemEntry, path: Path, packageDir: string, secrets: Set<string>): Candidate {
  const own: Violation[] = [];
  if (s.os !== undefined && s.os !== context.os) {
    own.push(violation({
      code: 'mismatch.os',
      path: `${fmt(path)}.os`,
      message: `operating system is ${context.os}, the contract expects ${s.os}`,
      solution: `run on ${s.os}, or add a system with \`os: ${context.os}\``,
      expected: s.os,
      actual: context.os,
      contractLocation: locate(contract, [...path, 'os']),
      entry: s,
    }));
  }
  if (s.libc && s.libc !== context.libc) {
    own.push(violation({
      code: 'mismatch.libc',
      path: `${fmt(path)}.libc`,
      message: `C library is ${context.libc ?? 'unknown'}, the contract expects ${s.libc}`,
      solution: `run on a ${s.libc}-based system${context.libc ? `, or declare \`libc: ${context.libc}\`` : ''}`,
      expected: s.libc,
      actual: context.libc,
      contractLocation: locate(contract, [...path, 'libc']),
      entry: s,
    }));
  }
  (s.environment?.variables ?? []).forEach((v, i) => {
    const found = checkEnvVariable(contract, context, v, [...path, 'environment', 'variables', i], secrets.has(v.name));
    if (found) own.push(found);
  });
  (s.environment?.secrets ?? []).forEach((secret, i) => {
    const found = checkSecret(contract, context, secret, [...path, 'environment', 'secrets', i]);
    if (found) own.push(found);
  });
  const runtimes = s.runtimes ?? [];
  if (runtimes.length === 0) return { violations: own, modules: [], distance: distanceOf(own) };
  const sub = runtimes.map((r, i) => checkRuntime(contract, context, r, [...path, 'runtimes', i], packageDir));
  const { chosen, alternatives } = pick(sub, (i) => `${fmt(path)}.runtimes[${i}]`);
  const violations = [...own, ...chosen.violations];
  return { violations, modules: chosen.modules, distance: distanceOf(violations), alternatives };
}

function checkEnvVariable(contract: Contract, context: Context, v: EnvVariableEntry, path: Path, isSecret: boolean): Violation | null {
  const raw = context.env[v.name];
  const where = `environment.variables.${v.name}`;
  const contractLocation = locate(contract, path);
  if (raw === undefined) {
    return violation({
      code: 'missing.env',
      path: where,
      message: `environment variable ${v.name} is not set`,
      solution: v.value === undefined || isSecret ? `set ${v.name}` : `set ${v.name}=${typeof v.value === 'string' ? v.value : JSON.stringify(v.value)}`,
      expected: isSecret ? null : (v.value ?? null),
      contractLocation,
      entry: v,
    });
  }
  if (v.annotation === undefined && v.value === undefined) return null;
  const annotation = v.annotation ?? inferAnnotation(v.value);
  const coerced = coerceEnv(raw, annotation);
  const actual = isSecret ? '<redacted>' : raw;
  if (!coerced.ok) {
    return violation({
      code: 'invalid.env',
      path: where,
      message: `environment variable ${v.name} is not a valid ${annotation}${isSecret ? '' : `: ${show(raw)}`}`,
      solution: `set ${v.name} to a ${annotation}${annotation === 'boolean' ? ' (true/false, 1/0, yes/no)' : ''}`,
      expected: annotation,
      actual,
      contractLocation,
      entry: v,
    });
  }
  if (v.value !== undefined && !deepEqual(coerced.value, v.value)) {
    return violation({
      code: 'mismatch.env',
      path: where,
      message: isSecret ? `environment variable ${v.name} does not have the expected value` : `environment variable ${v.name} is ${show(coerced.value)}, the contract expects ${show(v.value)}`,
      solution: isSecret ? `set ${v.name} to the expected value` : `set ${v.name}=${typeof v.value === 'string' ? v.value : JSON.stringify(v.value)}`,
      expected: isSecret ? null : v.value,
      actual,
      contractLocation,
      entry: v,
    });
  }
  return null;
}

function inferAnnotation(value: unknown): 'string' | 'number' | 'boolean' | 'json' {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string' || value === undefined) return 'string';
  return 'json';
}

function checkSecret(contract: Contract, context: Context, secret: SecretEntry, path: Path): Violation | null {
  const name = typeof secret === 'string' ? secret : secret.name;
  const present = context.env[name] !== undefined && context.env[name] !== '';
  if (present) return null;
  return violation({
    code: 'missing.secret',
    path: `environment.secrets.${name}`,
    message: `secret ${name} is not set`,
    solution: `provide ${name} through the environment (its value is never printed)`,
    contractLocation: locate(contract, path),
    entry: typeof secret === 'string' ? undefined : secret,
  });
}

function checkRuntime(contract: Contract, context: Context, r: RuntimeEntry, path: Path, packageDir: string): Candidate {
  const own: Violation[] = [];
  const { name, version } = context.runtime;
  if (r.name !== undefined && r.name !== name) {
    own.push(violation({
      code: 'mismatch.runtime',
      path: `${fmt(path)}.name`,
      message: `runtime is ${name}, the contract expects ${r.name}`,
      solution: `run under ${r.name}, or add a runtime entry with \`name: ${name}\``,
      expected: r.name,
      actual: name,
      contractLocation: locate(contract, [...path, 'name']),
      entry: r,
    }));
  } else if (r.version && !satisfies(version, r.version)) {
    own.push(violation({
      code: 'mismatch.runtime-version',
      path: `${fmt(path)}.version`,
      message: `${name} ${version} does not satisfy ${r.version}`,
      solution: `use a ${name} version in ${r.version}`,
      expected: r.version,
      actual: version,
      contractLocation: locate(contract, [...path, 'version']),
      entry: r,
    }));
  }
  (r.packages ?? []).forEach((p, i) => {
    const found = checkPackage(contract, context, p, [...path, 'packages', i], packageDir);
    if (found) own.push(found);
  });
  if (r.permissions) own.push(...checkPermissions(contract, context, r.permissions, [...path, 'permissions']));
  const modules = (r.modules ?? []).map((expectation, i) => ({ expectation, path: [...path, 'modules', i] }));
  return { violations: own, modules, distance: distanceOf(own) };
}

function checkPackage(contract: Contract, context: Context, p: PackageEntry, path: Path, packageDir: string): Violation | null {
  const found = context.findPackage(p.name, packageDir);
  if (!found) {
    return violation({
      code: 'missing.package',
      path: `packages.${p.name}`,
      message: `package ${p.name} is not installed (looked from ${packageDir})`,
      solution: `npm install ${p.name}${p.version ? `@"${p.version}"` : ''}`,
      expected: p.version ?? '*',
      contractLocation: locate(contract, path),
      entry: p,
    });
  }
  if (p.version && (found.version === null || !satisfies(found.version, p.version))) {
    return violation({
      code: 'mismatch.package-version',
      path: `packages.${p.name}.version`,
      message: `package ${p.name} is ${found.version ?? 'of unknown version'}, the contract expects ${p.version}`,
      solution: `npm install ${p.name}@"${p.version}"`,
      expected: p.version,
      actual: found.version,
      contractLocation: locate(contract, [...path, 'version']),
      entry: p,
    });
  }
  return null;
}

/** The command-line flag that grants each permission scope. */
const GRANTED_BY: Record<string, string> = {
  fs: '--allow-fs-read/--allow-fs-write',
  'fs.read': '--allow-fs-read',
  'fs.write': '--allow-fs-write',
  child: '--allow-child-process',
  worker: '--allow-worker',
  net: '--allow-net',
  inspector: '--allow-inspector',
  wasi: '--allow-wasi',
  addon: '--allow-addons',
};

/**
 * Node's permission model: the process must run under it, and every `deny` permission must be
 * absent (`process.permission.has(scope, reference)` false). A scope Node cannot answer for
 * counts as granted: ImportSpy does not admit what it cannot check.
 */
function checkPermissions(contract: Contract, context: Context, p: PermissionsEntry, path: Path): Violation[] {
  const deny = p.deny ?? [];
  const label = (d: (typeof deny)[number]): string => (typeof d === 'string' ? d : `${d.scope} on ${d.reference}`);
  const model = context.permissions;
  if (model === null) {
    return [violation({
      code: 'mismatch.permission',
      path: fmt(path),
      message: `this process does not run under Node's permission model; the contract requires it${deny.length ? ` without ${deny.map(label).join(', ')}` : ''}`,
      solution: 'start Node with --permission (--experimental-permission on Node 20) and only the --allow-* flags the contract permits',
      expected: { model: true, deny: deny.map(label) },
      actual: { model: false },
      contractLocation: locate(contract, path),
      entry: p,
    })];
  }
  const out: Violation[] = [];
  deny.forEach((d, i) => {
    const scope = typeof d === 'string' ? d : d.scope;
    let granted: boolean;
    let why = '';
    try {
      granted = typeof d === 'string' ? model.has(scope) : model.has(scope, d.reference);
    } catch (error) {
      granted = true;
      why = ` (Node cannot tell: ${error instanceof Error ? error.message : String(error)})`;
    }
    if (!granted) return;
    out.push(violation({
      code: 'mismatch.permission',
      path: `${fmt(path)}.deny[${i}]`,
      message: `permission ${label(d)} is granted${why}; the contract requires it absent`,
      solution: `start Node without ${GRANTED_BY[scope] ?? `the flag that grants ${scope}`}${typeof d === 'string' ? '' : `, or with one that does not cover ${d.reference}`}`,
      expected: { granted: false },
      actual: { granted: true },
      contractLocation: locate(contract, [...path, 'deny', i]),
      entry: p,
    }));
  });
  return out;
}

function fmt(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}
