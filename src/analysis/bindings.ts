/**
 * What a file's local names stand for and how its exports are bound: the shapes a file's summary
 * is made of, and the one recorder of declarations. summary.ts fills them for a whole file;
 * commonjs.ts (a function body's `exports.x = ...`) and prototype.ts (ES5 classes) read and add
 * to them. This file depends on none of those three, so they never import each other in a circle.
 */
import type { ArrowFunctionExpression, Class, Declaration, Expression, Function as FunctionNode, VariableDeclarator } from 'oxc-parser';
import { literalString, memberName, requireSpecifier, unwrap } from './ast.js';
import type { ImportModel } from './model.js';
import type { ParsedFile } from './source.js';
import { evaluate } from './values.js';

export type FunctionNodeLike = FunctionNode | ArrowFunctionExpression;

/** What a local name (or an exported expression) stands for. */
export type Binding =
  | { kind: 'function'; node: FunctionNodeLike; at: number; anchor: number }
  | { kind: 'class'; node: Class; at: number; anchor: number }
  /** `constant`: declared with `const` (TypeScript keeps a literal initializer's literal type). */
  | { kind: 'variable'; declarator: VariableDeclarator; name: string; at: number; anchor: number; constant?: boolean }
  /** Bound by an import; `imported` is an export name, `*` (a namespace) or `=` (`require()`'s whole value). */
  | { kind: 'import'; specifier: string; imported: string; at: number }
  /** An exported expression with no declaration of its own (`export default 42`, `exports.x = 'a'`). */
  /** `widened`: a property of an object literal (TypeScript widens its literal type: `string`, not `"a"`). */
  | { kind: 'value'; expression: Expression; at: number; anchor: number; widened?: boolean }
  /**
   * A runtime value that is none of the above. `declared`: an enum or a namespace, a variable of
   * unknown value; otherwise an expression (`export default make()`) that cannot be classified.
   */
  | { kind: 'opaque'; declared: boolean; at: number; anchor: number };

/** How an export name is bound. */
export type ExportTarget =
  | { kind: 'local'; local: string; at: number }
  | { kind: 'binding'; binding: Binding }
  | { kind: 'reexport'; specifier: string; imported: string; at: number };

export interface StarExport {
  specifier: string;
  /** `module.exports = require('x')` passes on x's default too; `export *` never does. */
  includeDefault: boolean;
  at: number;
}

/** The members an ES5 constructor function's prototype and the function itself are given. */
export interface PrototypeMembers {
  /** `X.prototype.m = ...` and the members of `X.prototype = {...}`. */
  instance: Map<string, { value: Expression; at: number }>;
  /** `X.m = ...` */
  statics: Map<string, { value: Expression; at: number }>;
  /** The base class as written, when the prototype chain is set to another constructor's. */
  base?: string;
  /** The expression naming that base (`Base`, `events.EventEmitter`), to follow it. */
  baseNode?: Expression;
}

export interface FileSummary {
  parsed: ParsedFile;
  locals: Map<string, Binding>;
  esmExports: Map<string, ExportTarget>;
  cjsExports: Map<string, ExportTarget>;
  esmStars: StarExport[];
  cjsStars: StarExport[];
  /** The file assigns `module.exports`, `exports.x` or `module.exports.x`. */
  usesCommonJsExports: boolean;
  /** `module.exports = ...` has run: later `exports.x = ...` no longer export anything. */
  exportsReplaced: boolean;
  imports: ImportModel[];
  /** Constructor functions with prototype members: classes written in ES5. */
  prototypes: Map<FunctionNodeLike, PrototypeMembers>;
  /** Names assigned or mutated after their declaration: their initializer is not their value. */
  reassigned: Set<string>;
  /**
   * How the object that becomes `module.exports` may get members ImportSpy cannot list: handed to
   * a call it cannot follow, made by one, or written through computed keys. Empty when its
   * members are all known.
   */
  openExports: string[];
}

/** Where declarations are recorded: a file's summary, or a function body read by commonjs.ts. */
export type Scope = Pick<FileSummary, 'locals'>;

/** Record the local names a declaration introduces; returns them in order. */
export function declare(summary: Scope, declaration: Declaration, anchor: number): string[] {
  switch (declaration.type) {
    case 'FunctionDeclaration':
    case 'TSDeclareFunction': {
      if (declaration.id === null) return [];
      const name = declaration.id.name;
      const previous = summary.locals.get(name);
      // Overloads: keep the implementation (the signature the runtime has), else the first one.
      if (previous?.kind === 'function' && previous.node.body !== null && declaration.body === null) return [name];
      if (previous?.kind === 'function' && previous.node.body === null && declaration.body === null) return [name];
      summary.locals.set(name, { kind: 'function', node: declaration, at: declaration.start, anchor });
      return [name];
    }
    case 'ClassDeclaration':
      if (declaration.id === null) return [];
      setLocal(summary, declaration.id.name, { kind: 'class', node: declaration, at: declaration.start, anchor });
      return [declaration.id.name];
    case 'VariableDeclaration':
      return declaration.declarations.flatMap((declarator) => declareVariable(summary, declarator, anchor, declaration.kind === 'const'));
    case 'TSEnumDeclaration':
      setLocal(summary, declaration.id.name, { kind: 'opaque', declared: true, at: declaration.start, anchor });
      return [declaration.id.name];
    case 'TSModuleDeclaration':
      // A `declare module 'x'` block or a type-only namespace has no runtime binding of its own.
      if (declaration.id.type !== 'Identifier' || declaration.declare) return [];
      setLocal(summary, declaration.id.name, { kind: 'opaque', declared: true, at: declaration.start, anchor });
      return [declaration.id.name];
    case 'TSImportEqualsDeclaration': {
      const reference = declaration.moduleReference;
      if (declaration.importKind === 'type' || reference.type !== 'TSExternalModuleReference') return [];
      setLocal(summary, declaration.id.name, {
        kind: 'import',
        specifier: reference.expression.value,
        imported: '=',
        at: declaration.start,
      });
      return [declaration.id.name];
    }
    default:
      // Interfaces and type aliases exist only for the type checker.
      return [];
  }
}

function declareVariable(summary: Scope, declarator: VariableDeclarator, anchor: number, constant: boolean): string[] {
  const id = declarator.id;
  const init = unwrap(declarator.init);
  if (id.type === 'Identifier') {
    setLocal(summary, id.name, bindingOfInitializer(declarator, id.name, init, anchor, constant));
    return [id.name];
  }
  if (id.type === 'ObjectPattern') {
    // `const { a, b: c } = require('x')` binds a and c to x's exports a and b.
    const specifier = requireSpecifier(init);
    const names: string[] = [];
    for (const property of id.properties) {
      // `const { a, ...rest } = x`: rest is an object of the other properties.
      if (property.type === 'RestElement' && property.argument.type === 'Identifier') {
        const name = property.argument.name;
        names.push(name);
        setLocal(summary, name, { kind: 'variable', declarator, name, at: property.start, anchor });
        continue;
      }
      if (property.type !== 'Property' || property.value.type !== 'Identifier') continue;
      const imported = property.key.type === 'Identifier' ? property.key.name : literalString(property.key);
      const name = property.value.name;
      names.push(name);
      setLocal(
        summary,
        name,
        specifier !== undefined && imported !== null
          ? { kind: 'import', specifier, imported, at: property.start }
          : { kind: 'variable', declarator, name, at: property.start, anchor },
      );
    }
    return names;
  }
  return [];
}

function bindingOfInitializer(
  declarator: VariableDeclarator,
  name: string,
  init: Expression | null | undefined,
  anchor: number,
  constant: boolean,
): Binding {
  if (init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression') {
    return { kind: 'function', node: init, at: declarator.start, anchor };
  }
  if (init?.type === 'ClassExpression') return { kind: 'class', node: init, at: declarator.start, anchor };
  const specifier = requireSpecifier(init);
  if (specifier !== undefined) return { kind: 'import', specifier, imported: '=', at: declarator.start };
  // `require('x').Base`
  if (init?.type === 'MemberExpression') {
    const from = requireSpecifier(init.object);
    const imported = memberName(init);
    if (from !== undefined && imported !== undefined) {
      return { kind: 'import', specifier: from, imported, at: declarator.start };
    }
  }
  return { kind: 'variable', declarator, name, at: declarator.start, anchor, constant };
}

export function setLocal(summary: Scope, name: string, binding: Binding): void {
  summary.locals.set(name, binding);
}

/** The export target of an arbitrary expression: a local, a function, a class, a require(). */
export function expressionTarget(expression: Expression, anchor: number): ExportTarget {
  const node = unwrap(expression) ?? expression;
  if (node.type === 'Identifier') return { kind: 'local', local: node.name, at: node.start };
  if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression') {
    return { kind: 'binding', binding: { kind: 'function', node, at: node.start, anchor } };
  }
  if (node.type === 'ClassExpression') return { kind: 'binding', binding: { kind: 'class', node, at: node.start, anchor } };
  const specifier = requireSpecifier(node);
  if (specifier !== undefined) return { kind: 'reexport', specifier, imported: '=', at: node.start };
  if (evaluate(node).known) return { kind: 'binding', binding: { kind: 'value', expression: node, at: node.start, anchor } };
  return { kind: 'binding', binding: { kind: 'opaque', declared: false, at: node.start, anchor } };
}

