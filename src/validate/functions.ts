/** Functions and methods: overloads, `async`, arguments (name, position, annotation, default, optional) and return type. */
import type { ArgumentEntry, FunctionEntry, MethodEntry } from '../contract/types.generated.js';
import type { FunctionModel, ParameterModel } from '../analysis/model.js';
import { closestOverload, type Subject } from '../violations/messages.js';
import type { Finding } from '../violations/violation.js';
import { checkAnnotation, checkValue } from './declared.js';
import { reportAbsent } from './exports.js';
import type { ModuleChecker, Scope } from './scope.js';

/** `scope`: the function's entry (`functions.<name>`). */
export function checkFunction(c: ModuleChecker, f: FunctionEntry, scope: Scope): void {
  const found = c.model.functions.find((x) => x.name === f.name);
  if (!found) return reportAbsent(c, 'function', f.name, scope, f);
  checkSignatures(c, f, found, scope, { kind: 'function', name: f.name });
}

/**
 * An overloaded function is called through its overload signatures only: the entry matches when
 * one of them matches; otherwise the violations of the closest one are reported.
 */
export function checkSignatures(c: ModuleChecker, f: FunctionEntry | MethodEntry, found: FunctionModel, scope: Scope, of: Subject): void {
  const overloads = found.overloads;
  if (overloads === undefined || overloads.length === 0) return checkCallable(c, f, found, scope, of);
  let closest: Finding[] | undefined;
  for (const overload of overloads) {
    const trial = c.trial();
    checkCallable(trial, f, overload, scope, of);
    if (trial.out.length === 0) return;
    if (closest === undefined || trial.out.length < closest.length) closest = trial.out;
  }
  for (const v of closest ?? []) c.out.push({ ...v, message: closestOverload(v.message, of, overloads.length) });
}

/** One signature against the entry. */
export function checkCallable(c: ModuleChecker, f: FunctionEntry | MethodEntry, found: FunctionModel, scope: Scope, of: Subject): void {
  if (f.async !== undefined && f.async !== found.async) {
    c.add(scope.field('async'), found.location, { code: 'mismatch.async', data: { of, expected: f.async, actual: found.async }, entry: f, expected: f.async, actual: found.async });
  }
  f.arguments?.forEach((entry, index) => checkArgument(c, found, { entry, index, scope: scope.item('arguments', index, entry.name), of }));
  checkAnnotation(c, scope.field('return_annotation'), f.return_annotation, found.returnAnnotation, {
    of: { kind: 'return', of },
    loc: found.location,
    entry: f,
    code: 'mismatch.return-annotation',
  });
}

/** An argument entry in its place: the entry, its position, where it is written, whose it is. */
interface ArgumentSite {
  entry: ArgumentEntry;
  index: number;
  scope: Scope;
  of: Subject;
}

function checkArgument(c: ModuleChecker, fn: FunctionModel, { entry: a, index, scope, of }: ArgumentSite): void {
  const param: ParameterModel | undefined = fn.parameters.find((p) => p.position === index);
  const elsewhere = fn.parameters.find((p) => sameParameterName(p.name, a.name));
  if (!param || !sameParameterName(param.name, a.name)) {
    if (!param && !elsewhere) {
      c.add(scope, fn.location, { code: 'missing.argument', data: { name: a.name, index, of }, entry: a, expected: a.name });
    } else {
      const data = param ? { name: a.name, index, of, found: param.name } : { name: a.name, index, of, foundAt: elsewhere?.position ?? 0 };
      c.add(scope, param?.location ?? elsewhere?.location ?? fn.location, { code: 'mismatch.argument', data, entry: a, expected: a.name, actual: param?.name ?? null });
    }
    return;
  }
  const parameter: Subject = { kind: 'parameter', name: a.name, of };
  checkAnnotation(c, scope.field('annotation'), a.annotation, param.annotation, { of: parameter, loc: param.location, entry: a });
  if (a.value !== undefined) {
    checkValue(c, scope.field('value'), a.value, param.default, { of: { kind: 'default', of: parameter }, loc: param.location, entry: a });
  }
  if (a.optional !== undefined && a.optional !== param.optional) {
    c.add(scope.field('optional'), param.location, { code: 'mismatch.optional', data: { name: a.name, of, expected: a.optional, actual: param.optional }, entry: a, expected: a.optional, actual: param.optional });
  }
}

/** A destructured parameter is named by its pattern text: `{a,b}` in a contract is `{ a, b }`. */
function sameParameterName(actual: string, expected: string): boolean {
  if (actual === expected) return true;
  const pattern = (name: string): string => name.replace(/\s+/g, '').replace(/,([}\]])/g, '$1');
  return /^[{[]/.test(expected) && pattern(actual) === pattern(expected);
}
