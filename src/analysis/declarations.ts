/**
 * Turning declaration nodes of one file into the model: functions and their parameters,
 * variables, and the members a class declares itself (the extends chain is followed in link.ts).
 */
import type {
  BindingPattern,
  Class,
  Expression,
  MethodDefinition,
  ParamPattern,
  TSTypeAnnotation,
  VariableDeclarator,
} from 'oxc-parser';
import { walk, type AnyNode } from './ast.js';
import { JsDocIndex, type JsDoc } from './jsdoc.js';
import type { AttributeModel, FunctionModel, MethodModel, ParameterModel, VariableModel } from './model.js';
import type { ParsedFile } from './source.js';
import type { FunctionNodeLike } from './bindings.js';
import { evaluate, hasConstAssertion, inferAnnotation, propertyKeyName } from './values.js';

/** One file's source, positions and (for JavaScript) JSDoc, as the builders need them. */
export class FileContext {
  private readonly docs: JsDocIndex | undefined;

  constructor(readonly parsed: ParsedFile) {
    // TypeScript files have real annotations; JSDoc types there are not what the compiler uses.
    this.docs = parsed.language === 'js' ? new JsDocIndex(parsed.comments, parsed.source) : undefined;
  }

  locate(offset: number) {
    return this.parsed.lines.locate(offset);
  }

  jsdoc(offset: number): JsDoc | undefined {
    return this.docs?.before(offset);
  }

  /** The source text of a type annotation, without its leading colon. */
  typeText(annotation: TSTypeAnnotation | null | undefined): string | undefined {
    if (annotation === null || annotation === undefined) return undefined;
    const type = annotation.typeAnnotation;
    return this.slice(type.start, type.end);
  }

  slice(start: number, end: number): string {
    return collapseWhitespace(this.parsed.source.slice(start, end));
  }

  private signatures: Map<string, FunctionNodeLike[]> | undefined;

  /** Top-level body-less declarations of `name` (`function f(a: string): void;`), in order. */
  signaturesOf(name: string): FunctionNodeLike[] {
    if (this.signatures === undefined) {
      this.signatures = new Map();
      for (const statement of this.parsed.program.body) {
        const declaration =
          statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
        if (declaration?.type !== 'TSDeclareFunction' || declaration.id === null) continue;
        const list = this.signatures.get(declaration.id.name) ?? [];
        list.push(declaration);
        this.signatures.set(declaration.id.name, list);
      }
    }
    return this.signatures.get(name) ?? [];
  }
}

/** Multi-line type text reads as one line: runs of whitespace become one space. */
function collapseWhitespace(text: string): string {
  // Most annotations are written on one line with single spaces: returned as they are.
  if (!needsCollapsing(text)) return text;
  let result = '';
  let space = false;
  for (const char of text) {
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      space = result.length > 0;
      continue;
    }
    if (space) result += ' ';
    space = false;
    result += char;
  }
  return result;
}

/** Whether `text` has a tab or line break, two spaces in a row, or a space at either end. */
function needsCollapsing(text: string): boolean {
  let afterSpace = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 9 || code === 10 || code === 13) return true;
    if (code === 32) {
      if (afterSpace) return true;
      afterSpace = true;
    } else afterSpace = false;
  }
  return afterSpace && text.length > 0;
}

export function buildFunction(
  context: FileContext,
  name: string,
  node: FunctionNodeLike,
  at: number,
  anchor: number,
  overloads = true,
): FunctionModel {
  const doc = context.jsdoc(anchor) ?? context.jsdoc(node.start);
  const model: FunctionModel = {
    name,
    async: node.async,
    generator: node.generator,
    parameters: buildParameters(context, node.params, doc),
    location: context.locate(at),
  };
  const returns = context.typeText(node.returnType) ?? doc?.returns;
  if (returns !== undefined) model.returnAnnotation = returns;
  const id = node.type === 'ArrowFunctionExpression' ? null : node.id;
  if (overloads && id !== null && (node.type === 'FunctionDeclaration' || node.type === 'TSDeclareFunction')) {
    setOverloads(model, node.body !== null, context.signaturesOf(id.name), (signature) =>
      buildFunction(context, name, signature, signature.start, signature.start, false),
    );
  }
  return model;
}

/**
 * Overload signatures: every body-less declaration when there is an implementation, else (a
 * `.d.ts`, `declare`) all of them when there are several. An overload takes `async` from the
 * implementation: a signature cannot say it.
 */
function setOverloads<T>(model: FunctionModel, implemented: boolean, signatures: T[], build: (signature: T) => FunctionModel): void {
  if (signatures.length < (implemented ? 1 : 2)) return;
  model.overloads = signatures.map((signature) => ({ ...build(signature), async: model.async }));
}

export function buildParameters(context: FileContext, params: ParamPattern[], doc: JsDoc | undefined): ParameterModel[] {
  const parameters: ParameterModel[] = [];
  for (const param of params) {
    // `this: T` only types the receiver; it takes no argument position.
    if (param.type === 'Identifier' && param.name === 'this') continue;
    const parameter = buildParameter(context, param, parameters.length);
    const documented = doc?.params.get(parameter.name);
    if (documented !== undefined) {
      if (parameter.annotation === undefined && documented.type !== undefined) parameter.annotation = documented.type;
      if (documented.optional) parameter.optional = true;
    }
    parameters.push(parameter);
  }
  return parameters;
}

function buildParameter(context: FileContext, param: ParamPattern, position: number): ParameterModel {
  const location = context.locate(param.start);
  if (param.type === 'TSParameterProperty') return buildParameter(context, param.parameter, position);
  if (param.type === 'RestElement') {
    const annotation = context.typeText(param.typeAnnotation) ?? context.typeText(patternAnnotation(param.argument));
    return withAnnotation(
      { name: patternText(context, param.argument), position, optional: false, rest: true, location },
      annotation,
    );
  }
  if (param.type === 'AssignmentPattern') {
    return withAnnotation(
      {
        name: patternText(context, param.left),
        position,
        default: evaluate(param.right),
        optional: true,
        rest: false,
        location,
      },
      context.typeText(patternAnnotation(param.left)),
    );
  }
  return withAnnotation(
    // oxc's types say `optional` is always false on patterns, but `a?: T` parameters set it.
    { name: patternText(context, param), position, optional: isOptional(param), rest: false, location },
    context.typeText(patternAnnotation(param)),
  );
}

function withAnnotation(model: ParameterModel, annotation: string | undefined): ParameterModel {
  if (annotation !== undefined) model.annotation = annotation;
  return model;
}

function isOptional(param: BindingPattern): boolean {
  return (param as { optional?: boolean }).optional === true;
}

function patternAnnotation(pattern: BindingPattern): TSTypeAnnotation | null | undefined {
  return pattern.type === 'AssignmentPattern' ? undefined : pattern.typeAnnotation;
}

/** A parameter's name: its identifier, or the normalised text of a destructuring pattern. */
export function patternText(context: FileContext, pattern: BindingPattern): string {
  switch (pattern.type) {
    case 'Identifier':
      return pattern.name;
    case 'AssignmentPattern':
      return `${patternText(context, pattern.left)} = ${context.slice(pattern.right.start, pattern.right.end)}`;
    case 'ArrayPattern':
      return `[${pattern.elements
        .map((element) =>
          element === null
            ? ''
            : element.type === 'RestElement'
              ? `...${patternText(context, element.argument)}`
              : patternText(context, element),
        )
        .join(', ')}]`;
    case 'ObjectPattern': {
      const members = pattern.properties.map((property) => {
        if (property.type === 'RestElement') return `...${patternText(context, property.argument)}`;
        const key = property.computed
          ? `[${context.slice(property.key.start, property.key.end)}]`
          : (propertyKeyName(property.key, false) ?? context.slice(property.key.start, property.key.end));
        return property.shorthand ? patternText(context, property.value) : `${key}: ${patternText(context, property.value)}`;
      });
      return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
    }
  }
}

export function buildVariable(
  context: FileContext,
  name: string,
  declarator: VariableDeclarator,
  at: number,
  anchor: number,
  constant = false,
): VariableModel {
  const model: VariableModel = {
    name,
    annotationDeclared: false,
    constAssertion: false,
    location: context.locate(at),
  };
  // A destructured binding (`const { a } = obj`) has no initializer of its own to evaluate.
  if (declarator.id.type !== 'Identifier') {
    model.value = { known: false };
    return model;
  }
  const declared = context.typeText(declarator.id.typeAnnotation) ?? context.jsdoc(anchor)?.type;
  const init = declarator.init;
  if (init !== null) {
    model.value = evaluate(init);
    model.constAssertion = hasConstAssertion(init);
  }
  const asserted = init === null || model.constAssertion ? undefined : assertedType(context, init);
  if (declared !== undefined || asserted !== undefined) {
    model.annotation = declared ?? asserted ?? '';
    model.annotationDeclared = true;
  } else if (model.value?.known === true && model.value.value !== undefined) {
    const inferred = inferAnnotation(model.value.value, model.constAssertion, constant);
    if (inferred !== undefined) model.annotation = inferred;
  }
  return model;
}

/** `x as T` / `<T>x` states the type in the source, so it counts as declared. */
function assertedType(context: FileContext, init: Expression): string | undefined {
  if (init.type === 'TSAsExpression' || init.type === 'TSTypeAssertion') {
    return context.slice(init.typeAnnotation.start, init.typeAnnotation.end);
  }
  return undefined;
}

/** The members a class declares in its own body (not inherited ones). */
export interface ClassBodyModel {
  attributes: AttributeModel[];
  methods: MethodModel[];
  implements: string[];
}

export function buildClassBody(context: FileContext, node: Class): ClassBodyModel {
  const body: ClassBodyModel = {
    attributes: [],
    methods: [],
    implements: (node.implements ?? []).map((clause) => context.slice(clause.expression.start, clause.expression.end)),
  };
  const seen = new Set<string>();
  const addAttribute = (attribute: AttributeModel): void => {
    const key = `${attribute.type}:${attribute.name}`;
    if (!seen.has(key)) {
      seen.add(key);
      body.attributes.push(attribute);
      return;
    }
    // `x: string;` declared, then `this.x = 'a'` in the constructor: the value comes from there.
    const declared = body.attributes.find((candidate) => `${candidate.type}:${candidate.name}` === key);
    if (declared !== undefined && declared.value === undefined && attribute.value !== undefined) {
      declared.value = attribute.value;
      // TypeScript types a property declared without a type (`a;`) as `any`, or, under
      // noImplicitAny, from every assignment: not from the first one alone. JavaScript has no
      // declared type to override what the constructor assigns.
      if (declared.annotation === undefined && attribute.annotation !== undefined && context.parsed.language === 'js') {
        declared.annotation = attribute.annotation;
      }
    }
  };
  const constructors: MethodDefinition[] = [];
  const declared: Array<{ method: MethodModel; implemented: boolean }> = [];
  for (const member of node.body.body) {
    switch (member.type) {
      case 'MethodDefinition':
      case 'TSAbstractMethodDefinition': {
        if (member.kind === 'constructor') {
          constructors.push(member);
          declared.push({ method: buildMethod(context, 'constructor', member), implemented: member.value.body !== null });
          continue;
        }
        const name = member.key.type === 'PrivateIdentifier' ? undefined : propertyKeyName(member.key, member.computed);
        if (name === undefined) continue;
        const method = buildMethod(context, name, member);
        declared.push({ method, implemented: member.value.body !== null });
        if (member.kind !== 'method') addAttribute(accessorAttribute(context, name, member, method));
        continue;
      }
      case 'PropertyDefinition':
      case 'TSAbstractPropertyDefinition':
      case 'AccessorProperty':
      case 'TSAbstractAccessorProperty': {
        const name = member.key.type === 'PrivateIdentifier' ? undefined : propertyKeyName(member.key, member.computed);
        if (name === undefined) continue;
        addAttribute(
          attribute(context, name, member.static ? 'class' : 'instance', member.start, {
            declared: context.typeText(member.typeAnnotation) ?? context.jsdoc(member.start)?.type,
            value: member.value,
            readonly: 'readonly' in member && member.readonly === true,
          }),
        );
        // `run = (x: string) => {}`: callable like a method, so it satisfies a method entry.
        const fn = functionValue(member.value);
        if (fn !== undefined) {
          const method = asMethod(buildFunction(context, name, fn, member.start, member.start), member.static, 'method');
          method.property = true;
          declared.push({ method, implemented: true });
        }
        continue;
      }
      default:
        continue;
    }
  }
  // Constructor-created attributes come after declared ones, so a declaration wins a duplicate.
  for (const constructor of constructors) {
    const created = constructorMembers(context, constructor);
    for (const attribute of created.attributes) addAttribute(attribute);
    for (const method of created.methods) declared.push({ method, implemented: true });
  }
  body.methods = withOverloads(declared);
  return body;
}

/** The function a property is initialised with, if any. */
function functionValue(value: Expression | null): FunctionNodeLike | undefined {
  if (value === null) return undefined;
  const node = value.type === 'ParenthesizedExpression' ? value.expression : value;
  return node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' ? node : undefined;
}

/**
 * One method per name, static-ness and kind: an implementation carries its body-less signatures
 * as `overloads`; without an implementation (abstract, `declare`, a `.d.ts`) the first signature
 * stands for the method and carries all of them when there are several.
 */
function withOverloads(declared: Array<{ method: MethodModel; implemented: boolean }>): MethodModel[] {
  const groups = new Map<string, Array<{ method: MethodModel; implemented: boolean }>>();
  for (const entry of declared) {
    const key = `${entry.method.static ? 's' : 'i'}:${entry.method.kind}:${entry.method.name}`;
    const group = groups.get(key) ?? [];
    group.push(entry);
    groups.set(key, group);
  }
  const methods: MethodModel[] = [];
  for (const group of groups.values()) {
    const implementation = group.find((entry) => entry.implemented);
    const signatures = group.filter((entry) => !entry.implemented).map((entry) => entry.method);
    const chosen = implementation?.method ?? signatures[0];
    if (chosen === undefined) continue;
    if (signatures.length >= (implementation !== undefined ? 1 : 2)) {
      chosen.overloads = signatures.map(({ overloads: _ignored, ...signature }) => ({ ...signature, async: chosen.async }));
    }
    methods.push(chosen);
  }
  return methods;
}

function buildMethod(context: FileContext, name: string, member: MethodDefinition): MethodModel {
  const kind = member.kind === 'get' || member.kind === 'set' || member.kind === 'constructor' ? member.kind : 'method';
  return asMethod(buildFunction(context, name, member.value, member.start, member.start), member.static, kind);
}

/**
 * A function model made a method by adding its two fields (they come last, as a spread into a
 * new object would put them): the function model is new and nobody else holds it, and a spread
 * of objects whose optional fields differ from one function to the next costs more than the
 * rest of building the method.
 */
function asMethod(fn: FunctionModel, isStatic: boolean, kind: MethodModel['kind']): MethodModel {
  const method = fn as FunctionModel & Partial<Pick<MethodModel, 'static' | 'kind'>>;
  method.static = isStatic;
  method.kind = kind;
  return method as MethodModel;
}

function accessorAttribute(context: FileContext, name: string, member: MethodDefinition, method: MethodModel): AttributeModel {
  const declared = member.kind === 'get' ? method.returnAnnotation : method.parameters[0]?.annotation;
  return attribute(context, name, member.static ? 'class' : 'instance', member.start, { declared, value: null });
}

function attribute(
  context: FileContext,
  name: string,
  type: AttributeModel['type'],
  at: number,
  source: { declared: string | undefined; value: Expression | null; readonly?: boolean },
): AttributeModel {
  const model: AttributeModel = { name, type, annotationDeclared: false, location: context.locate(at) };
  if (source.value !== null) model.value = evaluate(source.value);
  if (source.declared !== undefined) {
    model.annotation = source.declared;
    model.annotationDeclared = true;
  } else if (source.value !== null && model.value?.known === true && model.value.value !== undefined) {
    // `readonly a = 'v'` keeps the literal type "v", as a `const` does.
    const inferred = inferAnnotation(model.value.value, hasConstAssertion(source.value), source.readonly === true);
    if (inferred !== undefined) model.annotation = inferred;
  }
  return model;
}

/**
 * `constructor(private x: T)` parameter properties and `this.x = ...` in the constructor body;
 * `this.run = (x) => {}` is also a method of every instance.
 */
function constructorMembers(context: FileContext, constructor: MethodDefinition): { attributes: AttributeModel[]; methods: MethodModel[] } {
  const attributes: AttributeModel[] = [];
  const methods: MethodModel[] = [];
  for (const param of constructor.value.params) {
    if (param.type !== 'TSParameterProperty') continue;
    const inner = param.parameter;
    const target = inner.type === 'AssignmentPattern' ? inner.left : inner;
    if (target.type !== 'Identifier') continue;
    attributes.push(
      attribute(context, target.name, 'instance', param.start, {
        declared: context.typeText(target.typeAnnotation),
        value: inner.type === 'AssignmentPattern' ? inner.right : null,
      }),
    );
  }
  walk(constructor.value.body, (node: AnyNode) => {
    // A nested function or class has its own `this`; arrow functions share the constructor's.
    if (
      node.type === 'FunctionDeclaration' ||
      node.type === 'FunctionExpression' ||
      node.type === 'ClassDeclaration' ||
      node.type === 'ClassExpression'
    ) {
      return false;
    }
    const assignment = node as Expression;
    if (assignment.type !== 'AssignmentExpression' || assignment.left.type !== 'MemberExpression') return;
    const left = assignment.left;
    if (left.object.type !== 'ThisExpression' || left.property.type === 'PrivateIdentifier') return;
    const name = propertyKeyName(left.property, left.computed);
    if (name === undefined) return;
    attributes.push(
      attribute(context, name, 'instance', assignment.start, {
        declared: context.jsdoc(assignment.start)?.type,
        value: assignment.right,
      }),
    );
    const fn = functionValue(assignment.right);
    if (fn !== undefined) {
      const method = asMethod(buildFunction(context, name, fn, assignment.start, assignment.start), false, 'method');
      method.property = true;
      methods.push(method);
    }
  });
  return { attributes, methods };
}
