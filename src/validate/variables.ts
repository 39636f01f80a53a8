/** Exported variables: their annotation and value. */
import type { VariableEntry } from '../contract/types.generated.js';
import { checkAnnotation, checkValue } from './declared.js';
import { reportAbsent } from './exports.js';
import type { ModuleChecker, Scope } from './scope.js';

/** `scope`: the variable's entry (`variables.<name>`). */
export function checkVariable(c: ModuleChecker, v: VariableEntry, scope: Scope): void {
  const found = c.model.variables.find((x) => x.name === v.name);
  if (!found) return reportAbsent(c, 'variable', v.name, scope, v);
  const o = { of: { kind: 'variable', name: v.name } as const, loc: found.location, entry: v };
  const inferred = !found.annotationDeclared;
  checkAnnotation(c, scope.field('annotation'), v.annotation, found.annotation, { ...o, inferred });
  checkValue(c, scope.field('value'), v.value, found.value, o);
}
