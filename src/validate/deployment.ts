/**
 * Where a module may run: deployments, systems and runtimes are alternatives (OR), the checks
 * inside one of them all apply (AND). When nothing matches, the closest candidate's violations
 * are reported with a summary of why every other candidate failed.
 */
import type { DeploymentEntry, SystemEntry } from '../contract/types.generated.js';
import type { Context } from '../context/capture.js';
import type { Alternative } from '../violations/messages.js';
import { finding, type Finding } from '../violations/violation.js';
import { checkEnvVariable, checkSecret, shownAsSecrets } from './environment.js';
import { checkRuntime, type RuntimeResult } from './runtimes.js';
import { displayPath, type ContractPath } from './scope.js';

export interface DeploymentResult extends RuntimeResult {}

/** What every check of a deployment looks at: the machine, where packages resolve from, which variables are secret. */
interface Machine {
  context: Context;
  packageDir: string;
  secrets: ReadonlySet<string>;
}

interface Candidate extends RuntimeResult {
  /** How far from matching; lower is closer. */
  distance: number;
  /** Why the other alternatives inside this one (its systems, their runtimes) failed. */
  alternatives?: Alternative[];
}

const blocking = (vs: readonly Finding[]): Finding[] => vs.filter((v) => v.severity === 'error');

/** Why an alternative failed: the messages of its blocking violations. */
const why = (label: string, c: Candidate): Alternative => ({ label, messages: blocking(c.violations).map((v) => v.message) });

/** The closest of several alternatives, with why every other one failed. */
function pick(sub: Candidate[], label: (i: number) => string): { chosen: Candidate; alternatives: Alternative[] } {
  const { chosen, index } = best(sub);
  if (chosen.distance === 0) return { chosen, alternatives: [] };
  const alternatives = sub.flatMap((c, i) => (i === index ? [] : [why(label(i), c)]));
  return { chosen, alternatives: [...alternatives, ...(chosen.alternatives ?? [])] };
}

/** Weights make an arch or os mismatch count as further away than a missing variable. */
const WEIGHT: Partial<Record<Finding['code'], number>> = {
  'mismatch.arch': 1000,
  'mismatch.os': 100,
  'mismatch.libc': 50,
  'mismatch.runtime': 20,
  'mismatch.runtime-version': 5,
};

function distanceOf(vs: readonly Finding[]): number {
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
export function validateDeployments(deployments: readonly DeploymentEntry[] | undefined, context: Context, packageDir: string): DeploymentResult {
  if (!deployments || deployments.length === 0) return { violations: [], modules: [] };
  const machine: Machine = { context, packageDir, secrets: shownAsSecrets(deployments, context) };
  const candidates = deployments.map((d, i) => checkDeployment(machine, d, ['deployments', i]));
  const { chosen, index } = best(candidates);
  const nested = chosen.alternatives ?? [];
  // One deployment with no inner alternatives: its own violations say everything.
  if (chosen.distance === 0 || (candidates.length === 1 && nested.length === 0)) return { violations: chosen.violations, modules: chosen.modules };

  const others = candidates.flatMap((c, i) => (i === index ? [] : [why(`deployments[${i}]`, c)]));
  const summary = finding({
    code: 'mismatch.deployment',
    data: { closest: index, alternatives: [...others, ...nested] },
    path: 'deployments',
    expected: `one of ${candidates.length} deployment${candidates.length === 1 ? '' : 's'}`,
    actual: { arch: context.arch, os: context.os, runtime: `${context.runtime.name} ${context.runtime.version}` },
    contractPath: ['deployments'],
  });
  return { violations: [summary, ...chosen.violations], modules: [] };
}

function checkDeployment(machine: Machine, d: DeploymentEntry, at: ContractPath): Candidate {
  const { context } = machine;
  const own: Finding[] = [];
  if (d.arch !== undefined && d.arch !== context.arch) {
    own.push(finding({ code: 'mismatch.arch', data: { expected: d.arch, actual: context.arch }, path: `${displayPath(at)}.arch`, expected: d.arch, actual: context.arch, contractPath: [...at, 'arch'], entry: d }));
  }
  const systems = d.systems ?? [];
  if (systems.length === 0) return { violations: own, modules: [], distance: distanceOf(own) };
  const sub = systems.map((s, i) => checkSystem(machine, s, [...at, 'systems', i]));
  const { chosen, alternatives } = pick(sub, (i) => `${displayPath(at)}.systems[${i}]`);
  const violations = [...own, ...chosen.violations];
  return { violations, modules: chosen.modules, distance: distanceOf(violations), alternatives };
}

function checkSystem(machine: Machine, s: SystemEntry, at: ContractPath): Candidate {
  const { context } = machine;
  const own: Finding[] = [];
  const shown = displayPath(at);
  if (s.os !== undefined && s.os !== context.os) {
    own.push(finding({ code: 'mismatch.os', data: { expected: s.os, actual: context.os }, path: `${shown}.os`, expected: s.os, actual: context.os, contractPath: [...at, 'os'], entry: s }));
  }
  if (s.libc && s.libc !== context.libc) {
    own.push(finding({ code: 'mismatch.libc', data: { expected: s.libc, actual: context.libc }, path: `${shown}.libc`, expected: s.libc, actual: context.libc, contractPath: [...at, 'libc'], entry: s }));
  }
  (s.environment?.variables ?? []).forEach((v, i) => {
    const found = checkEnvVariable(context, v, [...at, 'environment', 'variables', i], machine.secrets.has(v.name));
    if (found) own.push(found);
  });
  (s.environment?.secrets ?? []).forEach((secret, i) => {
    const found = checkSecret(context, secret, [...at, 'environment', 'secrets', i]);
    if (found) own.push(found);
  });
  const runtimes = s.runtimes ?? [];
  if (runtimes.length === 0) return { violations: own, modules: [], distance: distanceOf(own) };
  const sub = runtimes.map((r, i) => {
    const result = checkRuntime(context, r, [...at, 'runtimes', i], machine.packageDir);
    return { ...result, distance: distanceOf(result.violations) };
  });
  const { chosen, alternatives } = pick(sub, (i) => `${shown}.runtimes[${i}]`);
  const violations = [...own, ...chosen.violations];
  return { violations, modules: chosen.modules, distance: distanceOf(violations), alternatives };
}
