/**
 * Runtime mode: load the module and describe its live exports. What exists is decided by the
 * live exports; annotations, locations, instance attributes and imports come from a static
 * analysis of the same file where one is possible. Loading runs the module's code: this mode is
 * only used when the caller asked for it.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Class, Function as FunctionNode, ArrowFunctionExpression, ParamPattern } from 'oxc-parser';
import { buildParameters, FileContext } from './declarations.js';
import { ModuleAnalysisError } from './errors.js';
import { mergeClass, mergeFunction } from './merge.js';
import type {
  AttributeModel,
  ClassModel,
  FunctionModel,
  LiteralValue,
  MethodModel,
  ModuleModel,
  ParameterModel,
  SourceLocation,
  SuperclassModel,
  ValueModel,
  VariableModel,
} from './model.js';
import { parseSource } from './source.js';
import { inferAnnotation } from './values.js';

export type StaticInspector = (file: string, useCache: boolean) => ModuleModel;

export async function inspectRuntime(file: string, inspectStatic: StaticInspector): Promise<ModuleModel> {
  const base = inspectStatic(file, true);
  let namespace: unknown;
  try {
    namespace = await import(pathToFileURL(file).href);
  } catch (error) {
    throw loadError(file, error);
  }
  return describe(file, liveExports(namespace, base.format, true), base);
}

export function inspectRuntimeSync(file: string, inspectStatic: StaticInspector): ModuleModel {
  const base = inspectStatic(file, true);
  let loaded: unknown;
  try {
    // require() of an ES module without top-level await works on Node >= 20.19.
    loaded = createRequire(file)(file);
  } catch (error) {
    throw loadError(file, error);
  }
  return describe(file, liveExports(loaded, base.format, isNamespace(loaded)), base);
}

function loadError(file: string, error: unknown): ModuleAnalysisError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ModuleAnalysisError('module.unreadable', file, `cannot load ${file} in runtime mode: ${reason}`, {
    cause: error,
  });
}

function isNamespace(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Module]';
}

/**
 * The exports as name → value. An ES module namespace is taken as is. CommonJS (`require()`'s
 * value, or the `default` of an imported namespace) follows the static model's convention: an
 * object's own properties are the exports; a function or class is the `default` export.
 */
function liveExports(loaded: unknown, format: 'esm' | 'cjs', namespace: boolean): Map<string, unknown> {
  const exports = new Map<string, unknown>();
  const source = namespace && format === 'cjs' ? (loaded as Record<string, unknown>)['default'] : loaded;
  if (namespace && format === 'esm') {
    for (const name of Object.keys(loaded as object)) exports.set(name, (loaded as Record<string, unknown>)[name]);
    return exports;
  }
  if (typeof source === 'function') {
    exports.set('default', source);
    return exports;
  }
  if (typeof source === 'object' && source !== null) {
    for (const name of Object.keys(source)) exports.set(name, (source as Record<string, unknown>)[name]);
  }
  return exports;
}

function describe(file: string, exports: Map<string, unknown>, base: ModuleModel): ModuleModel {
  const fallback: SourceLocation = { file, line: 1, column: 1 };
  const model: ModuleModel = {
    ...base,
    mode: 'runtime',
    variables: [],
    functions: [],
    classes: [],
    exports: [...exports.keys()],
    unresolvedExports: [],
    notes: [...base.notes],
  };
  for (const [name, exported] of exports) {
    const value = exported as Callable;
    if (typeof value === 'function' && isClass(value)) {
      const known = base.classes.find((cls) => cls.name === name);
      model.classes.push(describeClass(name, value, known, known?.location ?? fallback));
    } else if (typeof value === 'function') {
      const known = base.functions.find((fn) => fn.name === name);
      const fn = describeFunction(name, value, known?.location ?? fallback);
      if (known !== undefined) mergeFunction(fn, known);
      model.functions.push(fn);
    } else {
      const known = base.variables.find((variable) => variable.name === name);
      model.variables.push(describeValue(name, exported, known, known?.location ?? fallback));
    }
  }
  const version = exports.get('version') ?? exports.get('VERSION');
  if (typeof version === 'string') {
    const location = model.variables.find((variable) => variable.name === 'version' || variable.name === 'VERSION')?.location;
    model.version = { value: version, source: 'export', ...(location === undefined ? {} : { location }) };
  }
  return model;
}

type Callable = (...args: unknown[]) => unknown;

/** A class, told apart from a function by parsing its source text (`class ...`). */
function isClass(value: Callable): boolean {
  return parseCallable(value)?.type === 'ClassExpression';
}

/** The AST of a function's or class's `toString()`, parsed with oxc; undefined for native code. */
function parseCallable(value: Callable): FunctionNode | ArrowFunctionExpression | Class | undefined {
  const text = Function.prototype.toString.call(value);
  const asExpression = parseFragment(`(${text})`);
  const statement = asExpression?.program.body[0];
  if (statement?.type === 'ExpressionStatement') {
    const expression = statement.expression;
    if (
      expression.type === 'ClassExpression' ||
      expression.type === 'FunctionExpression' ||
      expression.type === 'ArrowFunctionExpression'
    ) {
      return expression;
    }
  }
  // Methods (`m(a) {}`, `get x() {}`, `async *g() {}`) only parse inside a class body.
  const member = parseMember(text);
  return member?.value;
}

function parseMember(text: string) {
  const parsed = parseFragment(`(class { ${text} })`);
  const statement = parsed?.program.body[0];
  if (statement?.type !== 'ExpressionStatement' || statement.expression.type !== 'ClassExpression') return undefined;
  const member = statement.expression.body.body[0];
  return member?.type === 'MethodDefinition' ? member : undefined;
}

function parseFragment(text: string) {
  try {
    return parseSource({ file: 'runtime.js', bytes: Buffer.alloc(0), hash: '', stamp: '' }, text);
  } catch {
    return undefined;
  }
}

function describeFunction(name: string, value: Callable, location: SourceLocation): FunctionModel {
  const kind = Object.getPrototypeOf(value)?.constructor?.name;
  const fn: FunctionModel = {
    name,
    async: kind === 'AsyncFunction' || kind === 'AsyncGeneratorFunction',
    generator: kind === 'GeneratorFunction' || kind === 'AsyncGeneratorFunction',
    parameters: describeParameters(value, location),
    location,
  };
  return fn;
}

function describeParameters(value: Callable, location: SourceLocation): ParameterModel[] {
  const text = Function.prototype.toString.call(value);
  let params: ParamPattern[] | undefined;
  let context: FileContext | undefined;
  for (const candidate of [`(${text})`, `(class { ${text} })`]) {
    const parsed = parseFragment(candidate);
    const statement = parsed?.program.body[0];
    if (parsed === undefined || statement?.type !== 'ExpressionStatement') continue;
    const expression = statement.expression;
    if (expression.type === 'FunctionExpression' || expression.type === 'ArrowFunctionExpression') params = expression.params;
    else if (expression.type === 'ClassExpression') {
      const member = expression.body.body[0];
      if (member?.type === 'MethodDefinition') params = member.value.params;
    }
    if (params !== undefined) {
      context = new FileContext(parsed);
      break;
    }
  }
  if (params === undefined || context === undefined) {
    // Native or bound functions show no source: `length` is all there is.
    return Array.from({ length: value.length }, (_, position) => ({
      name: `arg${position}`,
      position,
      optional: false,
      rest: false,
      location,
    }));
  }
  return buildParameters(context, params, undefined).map((parameter) => ({ ...parameter, location }));
}

function describeClass(name: string, value: Callable, known: ClassModel | undefined, location: SourceLocation): ClassModel {
  const members = describeMembers(value, location);
  const cls: ClassModel = {
    name,
    ...members,
    // Instance attributes exist only once an instance is built; ImportSpy never constructs one,
    // so they come from the static model.
    superclasses: describeSuperclasses(value, known, location),
    implements: [...(known?.implements ?? [])],
    location,
  };
  if (known !== undefined) addStaticOnly(cls, known);
  return cls;
}

/** Static members, prototype methods and accessors of one class (not inherited ones). */
function describeMembers(value: Callable, location: SourceLocation): Pick<ClassModel, 'attributes' | 'methods' | 'implements'> {
  const attributes: AttributeModel[] = [];
  const methods: MethodModel[] = [];
  const collect = (owner: object, isStatic: boolean): void => {
    for (const key of Object.getOwnPropertyNames(owner)) {
      if (isStatic && (key === 'length' || key === 'name' || key === 'prototype')) continue;
      if (!isStatic && key === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(owner, key);
      if (descriptor === undefined) continue;
      const type = isStatic ? 'class' : 'instance';
      if (descriptor.get !== undefined || descriptor.set !== undefined) {
        for (const accessor of [descriptor.get, descriptor.set]) {
          if (accessor === undefined) continue;
          const kind = accessor === descriptor.get ? 'get' : 'set';
          methods.push({ ...describeFunction(key, accessor as Callable, location), static: isStatic, kind });
        }
        attributes.push({ name: key, type, annotationDeclared: false, location });
      } else if (typeof descriptor.value === 'function' && !isClass(descriptor.value as Callable)) {
        methods.push({ ...describeFunction(key, descriptor.value as Callable, location), static: isStatic, kind: 'method' });
      } else {
        attributes.push(describeAttribute(key, type, descriptor.value, location));
      }
    }
  };
  collect(value, true);
  collect((value as { prototype?: object }).prototype ?? {}, false);
  return { attributes, methods, implements: [] };
}

function describeAttribute(name: string, type: AttributeModel['type'], value: unknown, location: SourceLocation): AttributeModel {
  const attribute: AttributeModel = { name, type, annotationDeclared: false, value: toValueModel(value), location };
  const known = attribute.value?.known === true ? attribute.value.value : undefined;
  const annotation = known === undefined ? undefined : inferAnnotation(known, false);
  if (annotation !== undefined) attribute.annotation = annotation;
  return attribute;
}

/** Take annotations and locations from the static model, and the instance attributes only it knows. */
function addStaticOnly(cls: ClassModel | SuperclassModel, known: Pick<ClassModel, 'attributes' | 'methods' | 'implements'>): void {
  for (const attribute of known.attributes) {
    const live = cls.attributes.find((candidate) => candidate.name === attribute.name && candidate.type === attribute.type);
    if (live === undefined) {
      if (attribute.type === 'instance') cls.attributes.push(structuredClone(attribute));
      continue;
    }
    live.location = attribute.location;
    if (attribute.annotationDeclared && attribute.annotation !== undefined) {
      live.annotation = attribute.annotation;
      live.annotationDeclared = true;
    }
  }
  for (const method of cls.methods) {
    const match = known.methods.find((candidate) => candidate.name === method.name && candidate.static === method.static && candidate.kind === method.kind);
    if (match !== undefined) method.location = match.location;
  }
  // The constructor and function-valued instance properties are not on the prototype.
  for (const method of known.methods) {
    if (method.kind === 'constructor' || (method.property === true && !method.static)) cls.methods.push(structuredClone(method));
  }
  mergeClass(cls, known);
}

function describeSuperclasses(value: Callable, known: ClassModel | undefined, location: SourceLocation): SuperclassModel[] {
  const chain: SuperclassModel[] = [];
  const seen = new Set<unknown>([value]);
  for (let base = Object.getPrototypeOf(value) as unknown; typeof base === 'function' && base !== Function.prototype; base = Object.getPrototypeOf(base)) {
    if (seen.has(base)) break;
    seen.add(base);
    const callable = base as Callable;
    const staticBase = known?.superclasses.find((candidate) => candidate.name === callable.name);
    const superclass: SuperclassModel = {
      name: callable.name,
      resolved: true,
      ...describeMembers(callable, staticBase?.attributes[0]?.location ?? location),
    };
    if (staticBase?.file !== undefined) superclass.file = staticBase.file;
    if (staticBase !== undefined) addStaticOnly(superclass, staticBase);
    chain.push(superclass);
  }
  return chain;
}

function describeValue(name: string, value: unknown, known: VariableModel | undefined, location: SourceLocation): VariableModel {
  const variable: VariableModel = {
    name,
    annotationDeclared: known?.annotationDeclared ?? false,
    value: toValueModel(value),
    constAssertion: known?.constAssertion ?? false,
    location,
  };
  const live = variable.value?.known === true ? variable.value.value : undefined;
  const annotation = known?.annotation ?? (live === undefined ? undefined : inferAnnotation(live, false));
  if (annotation !== undefined) variable.annotation = annotation;
  return variable;
}

/** A live value as a JSON-compatible literal, when it is one (no cycles, functions, class instances). */
function toValueModel(value: unknown): ValueModel {
  const literal = toLiteral(value, new Set(), 0);
  return literal === undefined ? { known: false } : { known: true, value: literal };
}

function toLiteral(value: unknown, seen: Set<object>, depth: number): LiteralValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'object' || depth > 64 || seen.has(value)) return undefined;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items: LiteralValue[] = [];
      for (const item of value) {
        const literal = toLiteral(item, seen, depth + 1);
        if (literal === undefined) return undefined;
        items.push(literal);
      }
      return items;
    }
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return undefined;
    const result: { [key: string]: LiteralValue } = {};
    for (const [key, item] of Object.entries(value)) {
      const literal = toLiteral(item, seen, depth + 1);
      if (literal === undefined) return undefined;
      Object.defineProperty(result, key, { value: literal, enumerable: true, writable: true, configurable: true });
    }
    return result;
  } finally {
    seen.delete(value);
  }
}
