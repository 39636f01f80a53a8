/**
 * `export = x` in a declaration file, where `x` is `declare const x: T`: what `require()` gives
 * TypeScript's users is a value of type T, so the module's CommonJS names are T's members (T an
 * interface or class of the same file, or of a namespace in it, with the members its `extends`
 * chain adds) and the values of a namespace merged with `x`. Call signatures of T are no names;
 * what cannot be resolved in the file is skipped.
 */
import type {
  Class,
  Directive,
  Expression,
  ParamPattern,
  Program,
  Statement,
  TSInterfaceDeclaration,
  TSGlobalDeclaration,
  TSModuleDeclaration,
  TSSignature,
  TSType,
  TSTypeAnnotation,
  TSTypeName,
} from 'oxc-parser';
import { buildParameters, buildVariable, buildFunction, buildClassBody, type FileContext } from './declarations.js';
import type { FunctionModel, ModuleModel, VariableModel } from './model.js';
import { propertyKeyName } from './values.js';

/** The names of one scope of the file: its top level, or a namespace body. */
interface TypeScope {
  parent: TypeScope | undefined;
  interfaces: Map<string, TSInterfaceDeclaration[]>;
  classes: Map<string, Class>;
  namespaces: Map<string, TypeScope[]>;
  /** Other value declarations (enums, variables, functions), by name: `typeof` of them is a value. */
  values: Set<string>;
  body: Array<Directive | Statement>;
}

export type AssignedMembers = Pick<ModuleModel, 'functions' | 'classes' | 'variables'>;

/** The members `export = x` exports, or undefined when the file has no such `export =`. */
export function exportAssignedMembers(
  context: FileContext,
  program: Program,
  classModel: (name: string, node: Class) => ModuleModel['classes'][number],
): AssignedMembers | undefined {
  const assignment = program.body.find((statement) => statement.type === 'TSExportAssignment');
  if (assignment?.type !== 'TSExportAssignment' || assignment.expression.type !== 'Identifier') return undefined;
  const name = assignment.expression.name;
  const top = scopeOf(program.body, undefined);
  const members: AssignedMembers = { functions: [], classes: [], variables: [] };
  const seen = new Set<string>();
  const add = (member: string, build: () => void): void => {
    if (seen.has(member)) return;
    seen.add(member);
    build();
  };
  const declarator = variableDeclarator(program.body, name);
  const type = declarator?.id.type === 'Identifier' ? declarator.id.typeAnnotation?.typeAnnotation : undefined;
  if (type?.type === 'TSTypeReference') {
    const reader = new MemberReader(context, members, add, classModel);
    reader.typeName(type.typeName, top, new Set());
  }
  for (const namespace of top.namespaces.get(name) ?? []) namespaceValues(context, namespace.body, members, add, classModel);
  return members;
}

class MemberReader {
  constructor(
    private readonly context: FileContext,
    private readonly members: AssignedMembers,
    private readonly add: (member: string, build: () => void) => void,
    private readonly classModel: (name: string, node: Class) => ModuleModel['classes'][number],
  ) {}

  /** The members of the interface(s) or class a type name denotes, nearest first. */
  typeName(name: TSTypeName, scope: TypeScope, seen: Set<object>): void {
    const found = resolveType(name, scope);
    if (found === undefined) return;
    if (found.kind === 'class') {
      this.classMembers(found.node, found.scope, seen);
      return;
    }
    for (const declaration of found.nodes) {
      if (seen.has(declaration)) continue;
      seen.add(declaration);
      this.signatures(declaration.body.body, found.scope);
    }
    for (const declaration of found.nodes) {
      for (const heritage of declaration.extends) {
        const base = expressionTypeName(heritage.expression);
        if (base !== undefined) this.typeName(base, found.scope, seen);
      }
    }
  }

  private classMembers(node: Class, scope: TypeScope, seen: Set<object>): void {
    if (seen.has(node)) return;
    seen.add(node);
    const body = buildClassBody(this.context, node);
    for (const method of body.methods) {
      if (method.static || method.kind !== 'method') continue;
      const { static: _static, kind: _kind, ...fn } = method;
      this.add(method.name, () => this.members.functions.push(fn));
    }
    for (const attribute of body.attributes) {
      if (attribute.type !== 'instance') continue;
      const variable: VariableModel = { name: attribute.name, annotationDeclared: attribute.annotationDeclared, constAssertion: false, location: attribute.location };
      if (attribute.annotation !== undefined) variable.annotation = attribute.annotation;
      this.add(attribute.name, () => this.members.variables.push(variable));
    }
    const base = node.superClass === null ? undefined : expressionTypeName(node.superClass);
    if (base !== undefined) this.typeName(base, scope, seen);
  }

  private signatures(signatures: TSSignature[], scope: TypeScope): void {
    const methods = new Map<string, FunctionModel[]>();
    for (const signature of signatures) {
      if (signature.type !== 'TSMethodSignature' && signature.type !== 'TSPropertySignature') continue;
      const name = propertyKeyName(signature.key, signature.computed);
      if (name === undefined) continue;
      if (signature.type === 'TSMethodSignature') {
        if (signature.kind === 'method') {
          const list = methods.get(name) ?? [];
          list.push(this.signature(name, signature.params, signature.returnType, signature.start));
          methods.set(name, list);
          continue;
        }
        const annotation = this.context.typeText(signature.kind === 'get' ? signature.returnType : patternType(signature.params[0]));
        this.add(name, () => this.members.variables.push(this.variable(name, annotation, signature.start)));
        continue;
      }
      const type = signature.typeAnnotation?.typeAnnotation;
      if (type?.type === 'TSFunctionType') {
        const fn = this.signature(name, type.params, type.returnType, signature.start);
        this.add(name, () => this.members.functions.push(fn));
        continue;
      }
      const cls = type === undefined ? undefined : typeofClass(type, scope);
      if (cls !== undefined) {
        this.add(name, () => this.members.classes.push({ ...this.classModel(name, cls), location: this.context.locate(signature.start) }));
        continue;
      }
      const annotation = this.context.typeText(signature.typeAnnotation);
      this.add(name, () => this.members.variables.push(this.variable(name, annotation, signature.start)));
    }
    for (const [name, list] of methods) {
      const [first] = list;
      if (first === undefined) continue;
      const fn: FunctionModel = list.length > 1 ? { ...first, overloads: list } : first;
      this.add(name, () => this.members.functions.push(fn));
    }
  }

  private signature(name: string, params: ParamPattern[], returnType: TSTypeAnnotation | null, at: number): FunctionModel {
    const fn: FunctionModel = { name, async: false, generator: false, parameters: buildParameters(this.context, params, undefined), location: this.context.locate(at) };
    const returns = this.context.typeText(returnType);
    if (returns !== undefined) fn.returnAnnotation = returns;
    return fn;
  }

  private variable(name: string, annotation: string | undefined, at: number): VariableModel {
    const variable: VariableModel = { name, annotationDeclared: annotation !== undefined, constAssertion: false, location: this.context.locate(at) };
    if (annotation !== undefined) variable.annotation = annotation;
    return variable;
  }
}

/** The value declarations of a namespace body: `const`, `function` and `class` members. */
function namespaceValues(
  context: FileContext,
  body: Array<Directive | Statement>,
  members: AssignedMembers,
  add: (member: string, build: () => void) => void,
  classModel: (name: string, node: Class) => ModuleModel['classes'][number],
): void {
  for (const statement of body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration === null) continue;
    switch (declaration.type) {
      case 'VariableDeclaration':
        for (const declarator of declaration.declarations) {
          if (declarator.id.type !== 'Identifier') continue;
          const name = declarator.id.name;
          add(name, () => members.variables.push(buildVariable(context, name, declarator, declarator.start, declaration.start, declaration.kind === 'const')));
        }
        break;
      case 'FunctionDeclaration':
      case 'TSDeclareFunction': {
        const name = declaration.id?.name;
        if (name !== undefined) add(name, () => members.functions.push(buildFunction(context, name, declaration, declaration.start, declaration.start)));
        break;
      }
      case 'ClassDeclaration': {
        const name = declaration.id?.name;
        if (name !== undefined) add(name, () => members.classes.push(classModel(name, declaration)));
        break;
      }
      default:
        break;
    }
  }
}

function scopeOf(body: Array<Directive | Statement>, parent: TypeScope | undefined): TypeScope {
  const scope: TypeScope = { parent, interfaces: new Map(), classes: new Map(), namespaces: new Map(), values: new Set(), body };
  for (const statement of body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration === null) continue;
    switch (declaration.type) {
      case 'TSInterfaceDeclaration': {
        const list = scope.interfaces.get(declaration.id.name) ?? [];
        list.push(declaration);
        scope.interfaces.set(declaration.id.name, list);
        break;
      }
      case 'ClassDeclaration':
        if (declaration.id !== null) scope.classes.set(declaration.id.name, declaration);
        break;
      case 'TSModuleDeclaration':
        addNamespace(scope, declaration);
        break;
      case 'TSEnumDeclaration':
        scope.values.add(declaration.id.name);
        break;
      default:
        break;
    }
  }
  return scope;
}

function addNamespace(scope: TypeScope, declaration: TSModuleDeclaration | TSGlobalDeclaration): void {
  if (declaration.id.type !== 'Identifier' || declaration.body?.type !== 'TSModuleBlock') return;
  const list = scope.namespaces.get(declaration.id.name) ?? [];
  list.push(scopeOf(declaration.body.body, scope));
  scope.namespaces.set(declaration.id.name, list);
}

type Found = { kind: 'class'; node: Class; scope: TypeScope } | { kind: 'interface'; nodes: TSInterfaceDeclaration[]; scope: TypeScope };

/** A type name looked up from `scope` outwards: `T`, or `ns.T` through the file's namespaces. */
function resolveType(name: TSTypeName, scope: TypeScope): Found | undefined {
  if (name.type === 'Identifier') {
    for (let current: TypeScope | undefined = scope; current !== undefined; current = current.parent) {
      const interfaces = current.interfaces.get(name.name);
      if (interfaces !== undefined) return { kind: 'interface', nodes: interfaces, scope: current };
      const cls = current.classes.get(name.name);
      if (cls !== undefined) return { kind: 'class', node: cls, scope: current };
    }
    return undefined;
  }
  if (name.type !== 'TSQualifiedName') return undefined;
  const namespaces = resolveNamespace(name.left, scope);
  for (const namespace of namespaces) {
    const interfaces = namespace.interfaces.get(name.right.name);
    if (interfaces !== undefined) return { kind: 'interface', nodes: interfaces, scope: namespace };
    const cls = namespace.classes.get(name.right.name);
    if (cls !== undefined) return { kind: 'class', node: cls, scope: namespace };
  }
  return undefined;
}

function resolveNamespace(name: TSTypeName, scope: TypeScope): TypeScope[] {
  if (name.type === 'Identifier') {
    for (let current: TypeScope | undefined = scope; current !== undefined; current = current.parent) {
      const found = current.namespaces.get(name.name);
      if (found !== undefined) return found;
    }
    return [];
  }
  if (name.type !== 'TSQualifiedName') return [];
  return resolveNamespace(name.left, scope).flatMap((namespace) => namespace.namespaces.get(name.right.name) ?? []);
}

/** `typeof C` where C is a class of the file (looked up from `scope` outwards). */
function typeofClass(type: TSType, scope: TypeScope): Class | undefined {
  if (type.type !== 'TSTypeQuery' || type.exprName.type === 'TSImportType') return undefined;
  const found = resolveType(type.exprName, scope);
  return found?.kind === 'class' ? found.node : undefined;
}

/** An `extends` clause's expression (`Base`, `ns.Base`) as a type name. */
function expressionTypeName(expression: Expression): TSTypeName | undefined {
  if (expression.type === 'Identifier') return expression;
  if (expression.type !== 'MemberExpression' || expression.computed || expression.property.type !== 'Identifier') return undefined;
  const left = expressionTypeName(expression.object);
  if (left === undefined) return undefined;
  return { type: 'TSQualifiedName', left, right: { type: 'Identifier', name: expression.property.name, start: expression.property.start, end: expression.property.end }, start: expression.start, end: expression.end } as TSTypeName;
}

function patternType(param: ParamPattern | undefined): TSTypeAnnotation | null | undefined {
  if (param === undefined || param.type === 'TSParameterProperty' || param.type === 'RestElement' || param.type === 'AssignmentPattern') return undefined;
  return param.typeAnnotation;
}

function variableDeclarator(body: Array<Directive | Statement>, name: string) {
  for (const statement of body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    const found = declaration.declarations.find((declarator) => declarator.id.type === 'Identifier' && declarator.id.name === name);
    if (found !== undefined) return found;
  }
  return undefined;
}
