/** An expected variable, function or class the module does not export as asked: missing, another kind, or unknowable. */
import type { ModuleModel } from '../analysis/model.js';
import type { Entry, ModuleChecker, Scope } from './scope.js';

type Kind = 'variable' | 'function' | 'class';

/** What else a name is exported as, for a helpful "exported as a function, not a class" message. */
function exportedKind(model: ModuleModel, name: string): Kind | 'unknown' | null {
  if (model.variables.some((v) => v.name === name)) return 'variable';
  if (model.functions.some((f) => f.name === name)) return 'function';
  if (model.classes.some((k) => k.name === name)) return 'class';
  if (model.unresolvedExports.includes(name) || model.exports.includes(name)) return 'unknown';
  return null;
}

/** Reports an expected `kind` named `name` that the module does not have. */
export function reportAbsent(c: ModuleChecker, kind: Kind, name: string, scope: Scope, entry: Entry): void {
  const model = c.model;
  const other = exportedKind(model, name);
  const found = [...model.variables, ...model.functions, ...model.classes].find((x) => x.name === name);
  if (other === 'unknown' || (other === 'variable' && kind !== 'variable' && model.variables.find((v) => v.name === name)?.value?.known === false)) {
    c.add(scope, found?.location, { code: 'unverifiable.export', data: { name, kind, reason: 'undetermined', runtime: c.runtime }, entry, expected: kind });
  } else if (!other && model.unresolvedReexports?.length) {
    c.add(scope, undefined, { code: 'unverifiable.export', data: { name, kind, reason: 'unresolved-reexport', from: model.unresolvedReexports, runtime: c.runtime }, entry, expected: kind });
  } else if (!other && model.openExports?.length) {
    c.add(scope, undefined, { code: 'unverifiable.export', data: { name, kind, reason: 'open-exports', how: model.openExports, runtime: c.runtime }, entry, expected: kind });
  } else if (other) {
    c.add(scope, found?.location, { code: 'mismatch.kind', data: { name, expected: kind, actual: other }, entry, expected: kind, actual: other });
  } else {
    const code = kind === 'variable' ? 'missing.variable' : kind === 'function' ? 'missing.function' : 'missing.class';
    c.add(scope, undefined, { code, data: { name }, entry, expected: name });
  }
}
