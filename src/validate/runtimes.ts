/** A runtime: its name and version, the packages installed for it, and Node's permission model. */
import { satisfies } from '../util/semver.js';
import type { ModuleExpectation, PackageEntry, PermissionsEntry, RuntimeEntry } from '../contract/types.generated.js';
import type { Context } from '../context/capture.js';
import { finding, type Finding } from '../violations/violation.js';
import { displayPath, type ContractPath } from './scope.js';

/** What one runtime entry found, and the module expectations it adds (`runtimes[].modules`). */
export interface RuntimeResult {
  violations: Finding[];
  modules: Array<{ expectation: ModuleExpectation; path: ContractPath }>;
}

/** `at`: the runtime's entry; packages are resolved from `packageDir`. */
export function checkRuntime(context: Context, r: RuntimeEntry, at: ContractPath, packageDir: string): RuntimeResult {
  const own: Finding[] = [];
  const { name, version } = context.runtime;
  const shown = displayPath(at);
  if (r.name !== undefined && r.name !== name) {
    own.push(finding({ code: 'mismatch.runtime', data: { expected: r.name, actual: name }, path: `${shown}.name`, expected: r.name, actual: name, contractPath: [...at, 'name'], entry: r }));
  } else if (r.version && !satisfies(version, r.version)) {
    own.push(finding({ code: 'mismatch.runtime-version', data: { name, version, range: r.version }, path: `${shown}.version`, expected: r.version, actual: version, contractPath: [...at, 'version'], entry: r }));
  }
  (r.packages ?? []).forEach((p, i) => {
    const found = checkPackage(context, p, [...at, 'packages', i], packageDir);
    if (found) own.push(found);
  });
  if (r.permissions) own.push(...checkPermissions(context, r.permissions, [...at, 'permissions']));
  const modules = (r.modules ?? []).map((expectation, i) => ({ expectation, path: [...at, 'modules', i] }));
  return { violations: own, modules };
}

function checkPackage(context: Context, p: PackageEntry, at: ContractPath, packageDir: string): Finding | null {
  const found = context.findPackage(p.name, packageDir);
  if (!found) {
    return finding({ code: 'missing.package', data: { name: p.name, range: p.version, from: packageDir }, path: `packages.${p.name}`, expected: p.version ?? '*', contractPath: at, entry: p });
  }
  if (p.version && (found.version === null || !satisfies(found.version, p.version))) {
    return finding({
      code: 'mismatch.package-version',
      data: { name: p.name, found: found.version, range: p.version },
      path: `packages.${p.name}.version`,
      expected: p.version,
      actual: found.version,
      contractPath: [...at, 'version'],
      entry: p,
    });
  }
  return null;
}

/**
 * Node's permission model: the process must run under it, and every `deny` permission must be
 * absent (`process.permission.has(scope, reference)` false). A scope Node cannot answer for
 * counts as granted: ImportSpy does not admit what it cannot check.
 */
function checkPermissions(context: Context, p: PermissionsEntry, at: ContractPath): Finding[] {
  const deny = p.deny ?? [];
  const label = (d: (typeof deny)[number]): string => (typeof d === 'string' ? d : `${d.scope} on ${d.reference}`);
  const model = context.permissions;
  const shown = displayPath(at);
  if (model === null) {
    return [finding({
      code: 'mismatch.permission',
      data: { model: false, deny: deny.map(label) },
      path: shown,
      expected: { model: true, deny: deny.map(label) },
      actual: { model: false },
      contractPath: at,
      entry: p,
    })];
  }
  const out: Finding[] = [];
  deny.forEach((d, i) => {
    const scope = typeof d === 'string' ? d : d.scope;
    let granted: boolean;
    let undecided: string | undefined;
    try {
      granted = typeof d === 'string' ? model.has(scope) : model.has(scope, d.reference);
    } catch (error) {
      granted = true;
      undecided = error instanceof Error ? error.message : String(error);
    }
    if (!granted) return;
    out.push(finding({
      code: 'mismatch.permission',
      data: { model: true, permission: label(d), scope, reference: typeof d === 'string' ? undefined : d.reference, undecided },
      path: `${shown}.deny[${i}]`,
      expected: { granted: false },
      actual: { granted: true },
      contractPath: [...at, 'deny', i],
      entry: p,
    }));
  });
  return out;
}
