/**
 * The smallest contract a module passes: what it exports, with declared annotations, and
 * nothing that cannot be verified statically (no values; `async`, `static` and `optional` only
 * when true, since an omitted flag accepts either). An overloaded function or method is written
 * as its first overload; a constructor that takes arguments is written as a `constructor` method.
 */
import type { FunctionModel, MethodModel, ModuleModel, VariableModel } from '../analysis/model.js';
import type { ContractInput } from '../contract/types.generated.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type FunctionOut = NonNullable<ContractInput['functions']>[number];
type ClassOut = NonNullable<ContractInput['classes']>[number];
type MethodOut = NonNullable<ClassOut['methods']>[number];

/**
 * An inferred literal type (`const version = '1.4.0'` is "1.4.0") is written as its primitive,
 * which it also meets: a contract that pinned the literal would pin the value.
 */
function writtenAnnotation(v: VariableModel): string | undefined {
  const value = v.value?.known === true ? v.value.value : undefined;
  const primitive = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  return !v.annotationDeclared && !v.constAssertion && primitive ? typeof value : v.annotation;
}

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

/** An overloaded function is written as its first overload: a contract entry needs one to match. */
function signature(fn: FunctionModel): FunctionModel {
  const first = fn.overloads?.[0];
  return first === undefined ? fn : { ...first, name: fn.name, async: fn.async };
}

function method(m: MethodModel): MethodOut {
  // `static` right after the name, where a reader looks for it.
  const { name, ...rest } = callable(signature(m));
  return { name, ...(m.static ? { static: true } : {}), ...rest };
}

/** Methods as a contract lists them: the constructor first when it takes arguments, then the methods. */
function methodsOf(methods: MethodModel[]): MethodModel[] {
  const constructor = methods.find((m) => m.kind === 'constructor' && signature(m).parameters.length > 0);
  return [...(constructor ? [constructor] : []), ...methods.filter((m) => m.kind === 'method')];
}

export function contractFromModel(model: ModuleModel): Mutable<ContractInput> {
  const contract: Mutable<ContractInput> = {};
  const variables = model.variables.map((v) => ({ name: v.name, ...(v.annotation !== undefined ? { annotation: writtenAnnotation(v) } : {}) }));
  if (variables.length) contract.variables = variables;
  const functions = model.functions.map((fn) => callable(signature(fn)));
  if (functions.length) contract.functions = functions;
  const classes = model.classes.map((k) => {
    const out: ClassOut = { name: k.name };
    const attributes = k.attributes.map((a) => ({ name: a.name, type: a.type, ...(a.annotationDeclared && a.annotation !== undefined ? { annotation: a.annotation } : {}) }));
    if (attributes.length) out.attributes = attributes;
    const methods = methodsOf(k.methods).map(method);
    if (methods.length) out.methods = methods;
    const direct = k.superclasses[0];
    if (direct) out.superclasses = [direct.name];
    if (k.implements.length) out.implements = [...k.implements];
    return out;
  });
  if (classes.length) contract.classes = classes;
  return contract;
}
