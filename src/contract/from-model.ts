/**
 * The smallest contract a module passes: what it exports, with declared annotations, and
 * nothing that cannot be verified statically (no values; `async`, `static` and `optional` only
 * when true, since an omitted flag accepts either).
 */
import type { FunctionModel, MethodModel, ModuleModel } from '../analysis/model.js';
import type { ContractInput } from './types.generated.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type FunctionOut = NonNullable<ContractInput['functions']>[number];
type ClassOut = NonNullable<ContractInput['classes']>[number];
type MethodOut = NonNullable<ClassOut['methods']>[number];

function callable(fn: FunctionModel): FunctionOut {
  const out: FunctionOut = { name: fn.name };
  if (fn.async) out.async = true;
  if (fn.parameters.length) {
    out.arguments = [...fn.parameters]
      .sort((a, b) => a.position - b.position)
      .map((p) => ({
        name: p.name,
        ...(p.annotation !== undefined ? { annotation: p.annotation } : {}),
        ...(p.optional ? { optional: true } : {}),
      }));
  }
  if (fn.returnAnnotation !== undefined) out.return_annotation = fn.returnAnnotation;
  return out;
}

function method(m: MethodModel): MethodOut {
  // `static` right after the name, where a reader looks for it.
  const { name, ...rest } = callable(m);
  return { name, ...(m.static ? { static: true } : {}), ...rest };
}

export function contractFromModel(model: ModuleModel): Mutable<ContractInput> {
  const contract: Mutable<ContractInput> = {};
  const variables = model.variables.map((v) => ({ name: v.name, ...(v.annotation !== undefined ? { annotation: v.annotation } : {}) }));
  if (variables.length) contract.variables = variables;
  const functions = model.functions.map(callable);
  if (functions.length) contract.functions = functions;
  const classes = model.classes.map((k) => {
    const out: ClassOut = { name: k.name };
    const attributes = k.attributes.map((a) => ({ name: a.name, type: a.type, ...(a.annotationDeclared && a.annotation !== undefined ? { annotation: a.annotation } : {}) }));
    if (attributes.length) out.attributes = attributes;
    const methods = k.methods.filter((m) => m.kind === 'method').map(method);
    if (methods.length) out.methods = methods;
    const direct = k.superclasses[0];
    if (direct) out.superclasses = [direct.name];
    if (k.implements.length) out.implements = [...k.implements];
    return out;
  });
  if (classes.length) contract.classes = classes;
  return contract;
}
