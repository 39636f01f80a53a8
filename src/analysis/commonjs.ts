/**
 * CommonJS exports, read the way compilers and bundlers write them. Node itself finds a CommonJS
 * module's named exports with `cjs-module-lexer` when ESM imports it; every name the lexer finds
 * is exported here too, so ImportSpy and Node agree on what exists. Beyond the lexer, the syntax
 * tree says what each name is: `exports.x = x` and `module.exports = {...}`, getters of
 * `Object.defineProperty(exports, 'x', { get })` (tsc) and of `__export(target, { x: () => x })`
 * (esbuild, Babel), `__exportStar(require('./x'), exports)` and Babel's `Object.keys(m).forEach`
 * re-exports, `exports = module.exports = fn` chains, `Object.assign(module.exports, ...)`,
 * conditional `module.exports = require(...)`, immediately invoked wrappers and UMD factories
 * (the value the factory returns, with the properties assigned to it before it does).
 *
 * Nothing here runs the module; what cannot be followed is left for the model to call unknown.
 */
import type {
  CallExpression,
  Directive,
  Expression,
  Function as FunctionNode,
  ArrowFunctionExpression,
  ObjectExpression,
  Statement,
} from 'oxc-parser';
import { createRequire } from 'node:module';
import { isFunctionNode, isIdentifier, isModuleExports, literalString, memberName, requireSpecifier, unwrap, walk, type AnyNode } from './ast.js';
import { declare, expressionTarget, type Binding, type ExportTarget, type FileSummary } from './bindings.js';
import { propertyKeyName } from './values.js';
import { copyInto, type CopiedKeys, type CopyReader } from './copy.js';

type FunctionLike = FunctionNode | ArrowFunctionExpression;

/** A function body being read, with what its names stand for. */
interface Scope {
  parent: Scope | undefined;
  locals: Map<string, Binding>;
  /** Parameters of a called function, bound to the call's arguments (read in the caller's scope). */
  params: Map<string, { expression: Expression; scope: Scope }>;
  /** The statements of the scope, for finding the properties assigned to one of its names. */
  body: Array<Directive | Statement>;
  /** Properties assigned to a name of this scope (`name.x = v`), found on first request. */
  props: Map<string, Map<string, { expression: Expression; scope: Scope }>>;
}

type Lookup =
  | { kind: 'binding'; binding: Binding; scope: Scope }
  | { kind: 'param'; expression: Expression; scope: Scope }
  | undefined;

/** How deep `module.exports = f()` is followed into functions that return functions' results. */
const MAX_DEPTH = 8;

/** Read the CommonJS exports of a summarised file into its `cjsExports` and `cjsStars`. */
export function collectCommonJs(summary: FileSummary): void {
  const program = summary.parsed.program;
  const scope: Scope = { parent: undefined, locals: summary.locals, params: new Map(), body: program.body, props: new Map() };
  const collector = new Collector(summary, scope);
  collector.statements(program.body, scope);
  if (!summary.parsed.hasModuleSyntax && summary.parsed.language === 'js') addLexerNames(summary, collector.discarded);
}

class Collector {
  /** Names that currently denote the `module.exports` object, besides `module.exports` itself. */
  private aliases = new Set<string>(['exports']);
  /** Inside a branch that may not run: a new `module.exports` adds to the exports instead of replacing them. */
  private conditional = 0;
  /** Names for `module` itself: `var freeModule = freeExports && typeof module == 'object' && module`. */
  private readonly moduleAliases = new Set<string>();
  /** Names set on an exports object that a later `module.exports = ...` discarded. */
  readonly discarded = new Set<string>();
  /** Functions being entered, so a recursive wrapper cannot loop. */
  private readonly entered = new Set<FunctionLike>();

  constructor(
    private readonly summary: FileSummary,
    private readonly root: Scope,
  ) {}

  statements(body: Array<Directive | Statement>, scope: Scope): void {
    for (const statement of body) this.statement(statement, scope);
  }

  private statement(statement: Directive | Statement, scope: Scope): void {
    switch (statement.type) {
      case 'ExpressionStatement':
        this.expression(statement.expression, scope);
        return;
      case 'TSExportAssignment':
        // `export = x` is TypeScript's spelling of `module.exports = x`.
        this.whole(statement.expression, scope, []);
        return;
      case 'BlockStatement':
        this.statements(statement.body, scope);
        return;
      case 'IfStatement':
        this.branch(() => {
          this.statement(statement.consequent, scope);
          if (statement.alternate !== null) this.statement(statement.alternate, scope);
        });
        return;
      case 'TryStatement':
        this.statements(statement.block.body, scope);
        if (statement.handler !== null) this.branch(() => this.statements(statement.handler?.body.body ?? [], scope));
        if (statement.finalizer !== null) this.statements(statement.finalizer.body, scope);
        return;
      case 'LabeledStatement':
        this.statement(statement.body, scope);
        return;
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        // `for (k in src) exports[k] = src[k]`: names ImportSpy cannot list.
        this.scanLoop(statement, scope);
        return;
      case 'VariableDeclaration':
        for (const declarator of statement.declarations) {
          if (declarator.init === null) continue;
          // The UMD feature test `var freeExports = typeof exports == 'object' && exports`.
          const guarded = lastOperand(declarator.init);
          if (declarator.id.type === 'Identifier' && guarded !== declarator.init && guarded?.type === 'Identifier') {
            if (guarded.name === 'module') this.moduleAliases.add(declarator.id.name);
            else if (this.aliases.has(guarded.name)) this.aliases.add(declarator.id.name);
          }
          const aliased = this.expression(declarator.init, scope);
          // `var app = exports = module.exports = {}`: app names the new exports object too.
          if (aliased && declarator.id.type === 'Identifier') this.aliases.add(declarator.id.name);
        }
        return;
      default:
        return;
    }
  }

  private branch(run: () => void): void {
    this.conditional++;
    try {
      run();
    } finally {
      this.conditional--;
    }
  }

  /** Returns true when the expression's value is the (new) `module.exports` object. */
  private expression(node: Expression, scope: Scope): boolean {
    const expression = unwrap(node) ?? node;
    switch (expression.type) {
      case 'SequenceExpression': {
        let aliased = false;
        for (const item of expression.expressions) aliased = this.expression(item, scope);
        return aliased;
      }
      case 'UnaryExpression':
        this.expression(expression.argument, scope);
        return false;
      case 'LogicalExpression':
        this.expression(expression.left, scope);
        this.branch(() => this.expression(expression.right, scope));
        return false;
      case 'ConditionalExpression':
        this.branch(() => {
          this.expression(expression.consequent, scope);
          this.expression(expression.alternate, scope);
        });
        return false;
      case 'AssignmentExpression':
        return expression.operator === '=' ? this.assignment(expression, scope) : false;
      case 'CallExpression':
        this.call(expression, scope);
        return false;
      default:
        return this.isExportsObject(expression);
    }
  }

  /** `module.exports`, also through a name for `module` (`freeModule.exports`, as lodash writes it). */
  private isModuleExports(node: Expression | Statement | null | undefined): boolean {
    if (isModuleExports(node)) return true;
    return (
      node?.type === 'MemberExpression' &&
      !node.computed &&
      node.object.type === 'Identifier' &&
      this.moduleAliases.has(node.object.name) &&
      isIdentifier(node.property, 'exports')
    );
  }

  private isExportsObject(node: Expression | null | undefined): boolean {
    const expression = unwrap(node);
    if (this.isModuleExports(expression)) return true;
    return expression?.type === 'Identifier' && this.aliases.has(expression.name);
  }

  /** `a = b = value`: every target gets the value. */
  private assignment(node: Extract<Expression, { type: 'AssignmentExpression' }>, scope: Scope): boolean {
    const targets: Array<Extract<Expression, { type: 'AssignmentExpression' }>['left']> = [];
    let value: Expression = node;
    while (value.type === 'AssignmentExpression' && value.operator === '=') {
      targets.push(value.left);
      value = unwrap(value.right) ?? value.right;
    }
    const replaces = targets.some((target) => target.type === 'MemberExpression' && this.isModuleExports(target));
    const names = targets.filter((target) => target.type === 'Identifier').map((target) => (target as { name: string }).name);
    if (replaces) {
      this.whole(value, scope, names);
      return true;
    }
    // `exports = somethingElse` detaches `exports` from the module's exports object.
    if (!this.isExportsObject(value)) for (const name of names) if (this.conditional === 0) this.aliases.delete(name);
    for (const target of targets) {
      if (target.type !== 'MemberExpression') continue;
      // `(module.exports = _)._ = _`: the object is the new exports object.
      const object = unwrap(target.object);
      if (object?.type === 'AssignmentExpression' && this.expression(object, scope)) {
        const name = memberName(target);
        if (name !== undefined) this.exportName(name, value, scope);
        continue;
      }
      if (!this.isExportsObject(target.object)) {
        // `exports.x = ...` once `module.exports` was replaced: a property of the discarded object.
        const name = isIdentifier(target.object, 'exports') ? memberName(target) : undefined;
        if (name !== undefined && this.conditional === 0) this.discarded.add(name);
        continue;
      }
      const name = memberName(target);
      if (name !== undefined) this.exportName(name, value, scope);
      else if (target.computed && !isSymbolKey(target.property, scope)) this.open(`a name computed at run time is assigned to it (${this.text(target)})`);
    }
    if (value.type === 'CallExpression') this.call(value, scope);
    // `E = exports.E || (exports.E = {})`: the assignment inside is one too.
    if (value.type === 'LogicalExpression' || value.type === 'SequenceExpression' || value.type === 'ConditionalExpression') {
      this.expression(value, scope);
    }
    return this.isExportsObject(value);
  }

  /**
   * Record an export. A second assignment of a name replaces the first, except that a vaguer
   * reading never replaces a precise one: esbuild's `0 && (module.exports = { a })` hint for the
   * lexer names what `__export` already bound, and a `void 0` placeholder is assigned later.
   */
  private set(name: string, target: ExportTarget, placeholder = false): void {
    const existing = this.summary.cjsExports.get(name);
    const weaker = (this.conditional > 0 || placeholder) && this.isVague(target);
    if (existing !== undefined && weaker && !this.isVague(existing)) return;
    this.summary.cjsExports.set(name, target);
  }

  /** A target that says nothing of the value: an unknown expression, or a name bound nowhere. */
  private isVague(target: ExportTarget): boolean {
    if (target.kind === 'binding') return target.binding.kind === 'opaque' && !target.binding.declared;
    return target.kind === 'local' && !this.root.locals.has(target.local);
  }

  private exportName(name: string, value: Expression, scope: Scope): void {
    if (name === '__esModule') return;
    this.summary.usesCommonJsExports = true;
    this.set(name, this.target(value, scope), isVoid(value));
    this.discarded.delete(name);
  }

  /** `module.exports = value`, with `aliases` the other names assigned in the same chain. */
  private whole(value: Expression, scope: Scope, aliases: string[]): void {
    const summary = this.summary;
    summary.usesCommonJsExports = true;
    summary.exportsReplaced = true;
    if (this.conditional === 0) {
      // A new `module.exports` replaces whatever `exports.x` assigned before it.
      for (const name of summary.cjsExports.keys()) this.discarded.add(name);
      summary.cjsExports.clear();
      summary.cjsStars.length = 0;
      this.aliases = new Set(aliases);
    } else {
      for (const alias of aliases) this.aliases.add(alias);
    }
    const node = unwrap(value) ?? value;
    // `module.exports = createApplication`: later `createApplication.x = ...` export x too.
    if (node.type === 'Identifier' && !this.aliases.has(node.name)) this.aliases.add(node.name);
    this.shape(node, scope, 0, true);
  }

  /** Record what the value assigned to `module.exports` exports. */
  private shape(node: Expression, scope: Scope, depth: number, isDefault: boolean): void {
    const value = unwrap(node) ?? node;
    const summary = this.summary;
    const setDefault = (target: ExportTarget): void => {
      if (isDefault) this.set('default', target);
    };
    if (depth > MAX_DEPTH) {
      setDefault(opaque(value));
      return;
    }
    if (value.type === 'ObjectExpression') {
      this.objectProperties(value, scope);
      return;
    }
    // `return O.extend = ..., O.locale = ..., O` (minified): the last expression is the value.
    if (value.type === 'SequenceExpression') {
      const last = value.expressions[value.expressions.length - 1];
      if (last !== undefined) this.shape(last, scope, depth + 1, isDefault);
      return;
    }
    // `n.default || n`: either side may be the value.
    if (value.type === 'LogicalExpression' || value.type === 'ConditionalExpression') {
      const sides = value.type === 'LogicalExpression' ? [value.left, value.right] : [value.consequent, value.alternate];
      this.branch(() => {
        for (const side of sides) this.shape(side, scope, depth + 1, isDefault);
      });
      return;
    }
    const specifier = requireSpecifier(value) ?? wrappedRequire(value);
    if (specifier !== undefined) {
      summary.cjsStars.push({ specifier, includeDefault: true, at: value.start });
      return;
    }
    if (value.type === 'Identifier') {
      const found = lookup(scope, value.name);
      if (found?.kind === 'param') {
        this.shape(found.expression, found.scope, depth + 1, isDefault);
        return;
      }
      if (found?.kind === 'binding') {
        const binding = found.binding;
        if (binding.kind === 'import' && binding.imported === '=') {
          summary.cjsStars.push({ specifier: binding.specifier, includeDefault: true, at: value.start });
          return;
        }
        const copied = this.openLocal(value.name, found.scope, binding.kind === 'variable' ? unwrap(binding.declarator.init) : undefined);
        if (binding.kind === 'variable' && binding.declarator.id.type === 'Identifier') {
          const init = unwrap(binding.declarator.init);
          if (init?.type === 'ObjectExpression') this.objectProperties(init, found.scope);
          else if (init !== null && init !== undefined && (init.type === 'CallExpression' || init.type === 'Identifier')) {
            this.shape(init, found.scope, depth + 1, isDefault);
          } else setDefault(this.target(value, scope));
        } else {
          setDefault(this.target(value, scope));
        }
        this.assignedProperties(value.name, found.scope);
        // What a copy gave it, unless a later assignment set the name itself.
        for (const [member, target] of copied) if (!this.summary.cjsExports.has(member)) this.summary.cjsExports.set(member, target);
        return;
      }
      setDefault(this.target(value, scope));
      return;
    }
    if (value.type === 'CallExpression') {
      // `module.exports = __toCommonJS(target)`: the object whose getters a helper defined.
      for (const argument of value.arguments) {
        if (argument.type !== 'Identifier') continue;
        const found = lookup(scope, argument.name);
        const home = found?.scope ?? scope;
        if (propsOf(home, argument.name).size > 0) {
          this.assignedProperties(argument.name, home);
          return;
        }
      }
      // `module.exports = factory()`: what the factory returns (a UMD wrapper's usual shape).
      const called = this.callee(value, scope);
      if (called !== undefined && !this.entered.has(called.fn)) {
        const returned = returnedExpression(called.fn);
        if (returned !== undefined) {
          this.entered.add(called.fn);
          try {
            this.shape(returned, called.scope, depth + 1, isDefault);
          } finally {
            this.entered.delete(called.fn);
          }
          return;
        }
      }
    }
    setDefault(this.target(value, scope));
  }

  /** Mark the exports open: `how` says what may give the object members ImportSpy cannot list. */
  private open(how: string): void {
    if (!this.summary.openExports.includes(how)) this.summary.openExports.push(how);
  }

  /** A node's source text, shortened for a message. */
  private text(node: { start: number; end: number }): string {
    const text = this.summary.parsed.source.slice(node.start, node.end).replace(/\s+/g, ' ');
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  }

  /**
   * A loop at statement level: what it does to the exports object that ImportSpy cannot list. A
   * key taken from the object's own keys (`for (k in exports)`, `keys[i]` of
   * `Object.getOwnPropertyNames(exports)`) redefines a name it has, and adds none.
   */
  private scanLoop(loop: Extract<Statement, { type: 'ForStatement' | 'ForInStatement' | 'ForOfStatement' | 'WhileStatement' | 'DoWhileStatement' }>, scope: Scope): void {
    const own = new Set<string>();
    if (loop.type === 'ForInStatement' || loop.type === 'ForOfStatement') {
      const over = loop.type === 'ForInStatement' ? this.isExportsObject(loop.right) : this.isOwnKeys(loop.right);
      const left = loop.left.type === 'VariableDeclaration' ? loop.left.declarations[0]?.id : loop.left;
      if (over && left?.type === 'Identifier') own.add(left.name);
    }
    const isOwnKey = (key: Expression | CallExpression['arguments'][number] | undefined): boolean => {
      const value = key === undefined || key.type === 'SpreadElement' ? undefined : unwrap(key);
      if (value?.type === 'Identifier') return own.has(value.name);
      if (value?.type !== 'MemberExpression' || !value.computed || value.object.type !== 'Identifier') return false;
      const found = lookup(scope, value.object.name);
      return found?.kind === 'binding' && found.binding.kind === 'variable' && this.isOwnKeys(found.binding.declarator.init);
    };
    walk(loop.body, (node: AnyNode) => {
      if (isFunctionNode(node)) return false;
      const expression = node as Expression;
      if (expression.type === 'AssignmentExpression' && expression.left.type === 'MemberExpression' && this.isExportsObject(expression.left.object)) {
        const left = expression.left;
        if (memberName(left) === undefined && !(left.computed && (isOwnKey(left.property) || isSymbolKey(left.property, scope)))) {
          this.open(`a name computed at run time is assigned to it (${this.text(left)})`);
        }
      }
      if (expression.type === 'CallExpression') {
        const callee = unwrap(expression.callee as Expression);
        const handed = expression.arguments.findIndex((argument) => argument.type !== 'SpreadElement' && this.isExportsObject(argument));
        if (handed < 0 || harmless(callee, scope)) return undefined;
        if (handed === 0 && isObjectMethod(callee, 'defineProperty') && (isOwnKey(expression.arguments[1]) || isSymbolKey(expression.arguments[1], scope))) return undefined;
        this.open(`it is passed to ${this.text(expression.callee)}() in a loop, which may add members ImportSpy cannot list`);
      }
      return undefined;
    });
  }

  /** `Object.keys(exports)`, `Object.getOwnPropertyNames(exports)`: the names the exports object has. */
  private isOwnKeys(node: Expression | null | undefined): boolean {
    const value = unwrap(node);
    if (value?.type !== 'CallExpression') return false;
    const callee = unwrap(value.callee as Expression);
    const argument = value.arguments[0];
    return (
      (isObjectMethod(callee, 'keys') || isObjectMethod(callee, 'getOwnPropertyNames')) &&
      argument !== undefined &&
      argument.type !== 'SpreadElement' &&
      this.isExportsObject(argument)
    );
  }

  /**
   * A local that becomes `module.exports`: open when it is the result of a call ImportSpy cannot
   * follow and then gets members, when a call it cannot follow is handed it, or when names
   * computed at run time are written to it (outside functions that may never run).
   */
  private openLocal(name: string, scope: Scope, init: Expression | null | undefined): Map<string, ExportTarget> {
    const copied = new Map<string, ExportTarget>();
    if (init?.type === 'CallExpression' && propsOf(scope, name).size > 0 && !this.followable(init, scope)) {
      this.open(`it is the result of ${this.text(init.callee)}(), which cannot be followed, and then gets members`);
    }
    const isName = (node: Expression | null | undefined): boolean => isIdentifier(unwrap(node), name);
    const wrappers = new Set<AnyNode>();
    walk(scope.body, (node: AnyNode) => {
      if (isFunctionNode(node)) return wrappers.has(node);
      const expression = node as Expression;
      if (expression.type === 'AssignmentExpression' && expression.left.type === 'MemberExpression' && isName(expression.left.object)) {
        const left = expression.left;
        if (memberName(left) === undefined && !(left.computed && isSymbolKey(left.property, scope))) {
          this.open(`a name computed at run time is assigned to it (${this.text(left)})`);
        }
        return undefined;
      }
      if (expression.type !== 'CallExpression') return undefined;
      const callee = unwrap(expression.callee as Expression);
      const fn = isCallOfFunction(callee) && callee?.type === 'MemberExpression' ? unwrap(callee.object) : callee;
      if (fn?.type === 'FunctionExpression' || fn?.type === 'ArrowFunctionExpression') wrappers.add(fn);
      const handed = expression.arguments.findIndex((argument) => argument.type !== 'SpreadElement' && isName(argument));
      if (handed < 0 || harmless(callee, scope)) return undefined;
      const args = expression.arguments.filter((argument): argument is Expression => argument.type !== 'SpreadElement');
      if (handed === 0 && isObjectMethod(callee, 'defineProperty')) {
        if (args[1] !== undefined && literalString(args[1]) === null && !isSymbolKey(args[1], scope)) {
          this.open(`a name computed at run time is defined on it (${this.text(expression.callee)}())`);
        }
        return undefined;
      }
      if (handed === 0 && isObjectMethod(callee, 'assign')) {
        for (const source of args.slice(1)) {
          if (!knownSource(source, scope)) this.open(`it is given the members of ${this.text(source)} by Object.assign(), which cannot be followed`);
        }
        return undefined;
      }
      // `__export(target, { a: () => a })`: getters for literal names, read by propsOf.
      const object = unwrap(args[1]);
      if (handed === 0 && object?.type === 'ObjectExpression' && object.properties.length > 0 && object.properties.every(isGetterProperty)) return undefined;
      // `extend(instance, Axios.prototype, ctx)`: the members a copy helper surely gives it.
      for (const [member, target] of this.copied(expression, scope, handed)) if (!copied.has(member)) copied.set(member, target);
      const called = this.callee(expression, scope);
      if (called === undefined || writesParameter(called.fn, handed)) {
        this.open(`it is passed to ${this.text(expression.callee)}(), which may add members ImportSpy cannot list`);
      }
      return undefined;
    });
    return copied;
  }

  /**
   * The members a call to a copy helper (copy.ts) gives its argument at `handed`, when the source
   * is one whose keys are known: a class's prototype (all own keys: `constructor` and the methods;
   * enumerable ones: none written in the class body), an instance made with `new` of a class (the
   * fields and `this.x =` of its constructor), or an object literal. Only members surely copied
   * are listed, so the object stays open for the rest.
   */
  private copied(call: CallExpression, scope: Scope, handed: number): Map<string, ExportTarget> {
    const members = new Map<string, ExportTarget>();
    const helper = this.resolvedCall(call, scope);
    if (helper === undefined || this.entered.has(helper.fn)) return members;
    this.entered.add(helper.fn);
    let copy;
    try {
      copy = copyInto(helper.fn, helper.scope, handed, this.copyReader);
    } finally {
      this.entered.delete(helper.fn);
    }
    const source = copy === undefined ? undefined : call.arguments[copy.source];
    if (copy === undefined || source === undefined || source.type === 'SpreadElement') return members;
    this.sourceMembers(source, scope, copy.keys, copy.same, members);
    return members;
  }

  private readonly copyReader: CopyReader<Scope> = {
    callee: (call, scope) => this.resolvedCall(call, scope),
    truthy: (node, scope) => truthy(node, scope, 0),
  };

  /** A call's function found also through `const` aliases and members of `const` object literals (`utils.extend`). */
  private resolvedCall(call: CallExpression, scope: Scope): { fn: FunctionLike; scope: Scope } | undefined {
    const fn = resolveFunction(unwrap(call.callee as Expression), scope, 0);
    return fn === undefined ? undefined : { fn: fn.fn, scope: functionScope(fn.fn, call.arguments, scope, fn.scope) };
  }

  private sourceMembers(node: Expression, scope: Scope, keys: CopiedKeys, same: boolean, into: Map<string, ExportTarget>): void {
    const value = unwrap(node);
    const add = (name: string | undefined, target: ExportTarget): void => {
      if (name !== undefined && name !== '__proto__' && !into.has(name)) into.set(name, target);
    };
    // X.prototype of a class: its own keys are `constructor` and the methods, none enumerable.
    if (value?.type === 'MemberExpression' && memberName(value) === 'prototype') {
      const found = classOf(unwrap(value.object), scope, 0);
      if (found === undefined || keys !== 'own') return;
      add('constructor', same ? { kind: 'binding', binding: found } : assigned(found.node));
      for (const member of found.node.body.body) {
        if (member.type !== 'MethodDefinition' || member.static || member.kind === 'constructor') continue;
        const name = propertyKeyName(member.key, member.computed);
        const method: ExportTarget =
          same && member.kind === 'method' ? { kind: 'binding', binding: { kind: 'function', node: member.value, at: member.start, anchor: member.start } } : assigned(member);
        add(name, method);
      }
      return;
    }
    const object = objectOf(value, scope, 0);
    if (object !== undefined) {
      for (const property of object.node.properties) {
        if (property.type !== 'Property') continue;
        add(propertyKeyName(property.key, property.computed), same && property.kind === 'init' ? this.target(property.value, object.scope) : assigned(property));
      }
      return;
    }
    // An instance: the fields of its class and what its constructor assigns to `this` on every run.
    const made = instanceOf(value, scope, 0);
    if (made === undefined) return;
    for (const member of made.node.body.body) {
      if (member.type === 'PropertyDefinition' && !member.static) add(propertyKeyName(member.key, member.computed), assigned(member));
      if (member.type !== 'MethodDefinition' || member.kind !== 'constructor' || member.value.body === null) continue;
      for (const statement of member.value.body.body) {
        const expression = statement.type === 'ExpressionStatement' ? unwrap(statement.expression) : undefined;
        if (expression?.type !== 'AssignmentExpression' || expression.operator !== '=' || expression.left.type !== 'MemberExpression') continue;
        if (expression.left.object.type === 'ThisExpression') add(memberName(expression.left), assigned(expression));
      }
    }
  }

  /** A call whose value ImportSpy reads: a required module, a plain-object builtin, a function whose return it sees. */
  private followable(call: CallExpression, scope: Scope): boolean {
    if (requireSpecifier(call) !== undefined || wrappedRequire(call) !== undefined || isObjectCall(call)) return true;
    const called = this.callee(call, scope);
    return called !== undefined && returnedExpression(called.fn) !== undefined;
  }

  private objectProperties(object: ObjectExpression, scope: Scope): void {
    for (const property of object.properties) {
      if (property.type === 'SpreadElement') {
        const specifier = requireSpecifier(property.argument);
        if (specifier !== undefined) this.summary.cjsStars.push({ specifier, includeDefault: false, at: property.start });
        else this.shape(property.argument, scope, 1, false);
        continue;
      }
      const name = propertyKeyName(property.key, property.computed);
      if (name === undefined || name === '__proto__') continue;
      if (property.kind === 'get') {
        const returned = returnedExpression(property.value as FunctionLike);
        this.set(name, returned === undefined ? opaque(property.value) : this.target(returned, scope));
        continue;
      }
      this.set(name, widened(this.target(property.value, scope)));
    }
  }

  /** The properties assigned to `name` in its scope become exports (it is `module.exports`). */
  private assignedProperties(name: string, scope: Scope): void {
    for (const [property, value] of propsOf(scope, name)) {
      if (property === '__esModule' || property === 'default') continue;
      if (!this.summary.cjsExports.has(property)) this.summary.cjsExports.set(property, this.target(value.expression, value.scope));
    }
  }

  /** A call at statement level: a wrapper to enter, or a helper that defines or re-exports names. */
  private call(call: CallExpression, scope: Scope): void {
    const callee = unwrap(call.callee as Expression);
    const args = call.arguments.filter((argument): argument is Expression => argument.type !== 'SpreadElement');
    // Assignments in arguments run too: tsc's enums, `(E = exports.E || (exports.E = {}))`.
    for (const argument of args) {
      const value = unwrap(argument);
      if (value?.type === 'AssignmentExpression' || value?.type === 'LogicalExpression' || value?.type === 'SequenceExpression') {
        this.expression(value, scope);
      }
    }
    // Object.defineProperty(exports, 'x', { enumerable: true, get: function () { return m.x; } })
    if (isObjectMethod(callee, 'defineProperty') && this.isExportsObject(args[0])) {
      const name = args[1] === undefined ? null : literalString(args[1]);
      const descriptor = unwrap(args[2]);
      if (name !== null && descriptor?.type === 'ObjectExpression') this.describedExport(name, descriptor, scope);
      else if (name === null && !isSymbolKey(args[1], scope)) this.open(`a name computed at run time is defined on it (${this.text(call.callee)}())`);
      return;
    }
    // Object.defineProperties(exports, { a: { value: a }, b: { get() { return b; } } })
    if (isObjectMethod(callee, 'defineProperties') && this.isExportsObject(args[0])) {
      this.summary.usesCommonJsExports = true;
      const map = unwrap(args[1]);
      for (const property of map?.type === 'ObjectExpression' ? map.properties : []) {
        const name = property.type === 'Property' ? propertyKeyName(property.key, property.computed) : undefined;
        const descriptor = property.type === 'Property' ? unwrap(property.value) : undefined;
        if (name !== undefined && descriptor?.type === 'ObjectExpression') this.describedExport(name, descriptor, scope);
        else if (property.type === 'SpreadElement' || !isSymbolKey(property.key as Expression, scope)) this.open(`members ImportSpy cannot list are defined on it (${this.text(call.callee)}())`);
      }
      if (map?.type !== 'ObjectExpression') this.open(`members ImportSpy cannot list are defined on it (${this.text(call.callee)}())`);
      return;
    }
    // Object.assign(module.exports, { a }, require('./b'))
    if (isObjectMethod(callee, 'assign') && this.isExportsObject(args[0])) {
      this.summary.usesCommonJsExports = true;
      for (const source of args.slice(1)) {
        this.shape(source, scope, 1, false);
        if (!knownSource(source, scope)) this.open(`it is given the members of ${this.text(source)} by Object.assign(), which cannot be followed`);
      }
      return;
    }
    if (args.some((argument) => this.isExportsObject(argument))) {
      for (const argument of args) {
        const value = unwrap(argument);
        // __export(exports, { a: () => a }) (esbuild), _export(exports, { a: function () { return a; } }) (Babel)
        if (value?.type === 'ObjectExpression' && value.properties.length > 0 && value.properties.every(isGetterProperty)) {
          for (const property of value.properties) {
            if (property.type !== 'Property') continue;
            const name = propertyKeyName(property.key, property.computed);
            const returned = returnedExpression(unwrap(property.value) as FunctionLike);
            if (name !== undefined && returned !== undefined) this.exportName(name, returned, scope);
          }
          this.summary.usesCommonJsExports = true;
          return;
        }
      }
      // __exportStar(require('./x'), exports) (tsc), __reExport(target, require('./x')) (esbuild)
      const star = args.map((argument) => this.requiredModule(argument, scope)).find((specifier) => specifier !== undefined);
      if (star !== undefined) {
        this.summary.usesCommonJsExports = true;
        this.summary.cjsStars.push({ specifier: star, includeDefault: false, at: call.start });
        return;
      }
    }
    // Object.keys(_m).forEach(function (key) { ... exports[key] = _m[key] ... }) (Babel's export *)
    if (callee?.type === 'MemberExpression' && memberName(callee) === 'forEach') {
      const keys = unwrap(callee.object);
      if (keys?.type === 'CallExpression' && isObjectMethod(unwrap(keys.callee as Expression), 'keys')) {
        const source = keys.arguments[0];
        const specifier = source === undefined || source.type === 'SpreadElement' ? undefined : this.requiredModule(source, scope);
        const callback = args[0];
        if (specifier !== undefined && callback !== undefined && this.mentionsExports(callback)) {
          this.summary.usesCommonJsExports = true;
          this.summary.cjsStars.push({ specifier, includeDefault: false, at: call.start });
          return;
        }
      }
    }
    // An immediately invoked wrapper, or a factory handed the exports object: read its body.
    const called = this.callee(call, scope);
    const handed = args.findIndex((argument) => this.isExportsObject(argument));
    if (handed >= 0 && !harmless(callee, scope)) {
      // What a function it cannot read, or one that writes to its parameter, does to the object;
      // a UMD factory's `function (exports) { exports.x = ... }` is read below like the module.
      const param = called?.fn.params[handed];
      const readHere = called !== undefined && !this.entered.has(called.fn) && called.fn.body?.type === 'BlockStatement' && param?.type === 'Identifier' && this.aliases.has(param.name);
      if (called === undefined || (!readHere && writesParameter(called.fn, handed))) this.open(`it is passed to ${this.text(call.callee)}(), which may add members ImportSpy cannot list`);
    }
    if (called === undefined || this.entered.has(called.fn)) return;
    const isWrapper = callee?.type === 'FunctionExpression' || callee?.type === 'ArrowFunctionExpression' || isCallOfFunction(callee);
    if (!isWrapper && handed < 0) return;
    const body = called.fn.body;
    if (body === null || body.type !== 'BlockStatement') return;
    this.entered.add(called.fn);
    try {
      this.statements(body.body, called.scope);
    } finally {
      this.entered.delete(called.fn);
    }
  }

  private describedExport(name: string, descriptor: ObjectExpression, scope: Scope): void {
    for (const property of descriptor.properties) {
      if (property.type !== 'Property') continue;
      const key = propertyKeyName(property.key, property.computed);
      if (key === 'value') {
        this.exportName(name, property.value, scope);
        return;
      }
      if (key === 'get') {
        const returned = returnedExpression(unwrap(property.value) as FunctionLike);
        if (returned !== undefined) this.exportName(name, returned, scope);
        else if (name !== '__esModule') this.set(name, opaque(property.value));
        return;
      }
    }
  }

  private mentionsExports(node: Expression): boolean {
    let found = false;
    walk(node, (child: AnyNode) => {
      if (found) return false;
      const expression = child as Expression;
      if (this.isModuleExports(expression) || (expression.type === 'Identifier' && this.aliases.has(expression.name))) found = true;
      return undefined;
    });
    return found;
  }

  /** The module a `require('x')`, `__importStar(require('x'))` or a name bound to one denotes. */
  private requiredModule(node: Expression, scope: Scope): string | undefined {
    const value = unwrap(node);
    const specifier = requireSpecifier(value) ?? wrappedRequire(value);
    if (specifier !== undefined) return specifier;
    if (value?.type !== 'Identifier') return undefined;
    const found = lookup(scope, value.name);
    if (found?.kind === 'binding' && found.binding.kind === 'import' && found.binding.imported === '=') return found.binding.specifier;
    if (found?.kind === 'binding' && found.binding.kind === 'variable') return wrappedRequire(found.binding.declarator.init);
    return undefined;
  }

  /** The function a call calls, with a scope for its body whose parameters are the arguments. */
  private callee(call: CallExpression, scope: Scope): { fn: FunctionLike; scope: Scope } | undefined {
    let callee = unwrap(call.callee as Expression);
    let args = call.arguments;
    // `(function () { ... }).call(this)`
    if (isCallOfFunction(callee) && callee?.type === 'MemberExpression') {
      callee = unwrap(callee.object);
      args = memberName(call.callee as Expression) === 'call' ? call.arguments.slice(1) : [];
    }
    const fn = this.functionOf(callee, scope);
    if (fn === undefined) return undefined;
    return { fn: fn.fn, scope: functionScope(fn.fn, args, scope, fn.scope) };
  }

  private functionOf(node: Expression | null | undefined, scope: Scope): { fn: FunctionLike; scope: Scope } | undefined {
    const value = unwrap(node);
    if (value?.type === 'FunctionExpression' || value?.type === 'ArrowFunctionExpression') return { fn: value, scope };
    if (value?.type !== 'Identifier') return undefined;
    const found = lookup(scope, value.name);
    if (found?.kind === 'param') return this.functionOf(found.expression, found.scope);
    if (found?.kind === 'binding' && found.binding.kind === 'function') return { fn: found.binding.node, scope: found.scope };
    return undefined;
  }

  /** How an exported value is bound: a name of some scope, a property of a required module, ... */
  target(node: Expression, scope: Scope, depth = 0): ExportTarget {
    const value = unwrap(node) ?? node;
    if (depth > MAX_DEPTH) return opaque(value);
    if (value.type === 'Identifier') {
      const found = lookup(scope, value.name);
      if (found === undefined || found.scope === this.root) return { kind: 'local', local: value.name, at: value.start };
      if (found.kind === 'param') return this.target(found.expression, found.scope, depth + 1);
      const binding = found.binding;
      if (binding.kind === 'import') {
        return { kind: 'reexport', specifier: binding.specifier, imported: binding.imported, at: binding.at };
      }
      // `var _ = runInContext()` where the call returns a function: that function.
      const init = binding.kind === 'variable' && binding.declarator.id.type === 'Identifier' ? unwrap(binding.declarator.init) : undefined;
      if (init?.type === 'CallExpression') {
        const inner = this.target(init, found.scope, depth + 1);
        if (inner.kind === 'binding' && (inner.binding.kind === 'function' || inner.binding.kind === 'class')) return inner;
        if (inner.kind === 'reexport') return inner;
      }
      return { kind: 'binding', binding };
    }
    if (value.type === 'MemberExpression') {
      const property = memberName(value);
      const object = unwrap(value.object);
      // `exports.asap = exports.asapScheduler`: whatever the other export is.
      if (property !== undefined && this.isExportsObject(object)) return this.summary.cjsExports.get(property) ?? assigned(value);
      if (property !== undefined && object !== null && object !== undefined) {
        const specifier = requireSpecifier(object) ?? wrappedRequire(object);
        if (specifier !== undefined) return { kind: 'reexport', specifier, imported: property, at: value.start };
        if (object.type === 'Identifier') {
          const found = lookup(scope, object.name);
          if (found?.kind === 'param') {
            const inner = unwrap(found.expression);
            const spec = requireSpecifier(inner) ?? wrappedRequire(inner);
            if (spec !== undefined) return { kind: 'reexport', specifier: spec, imported: property, at: value.start };
          }
          if (found?.kind === 'binding' && found.binding.kind === 'import' && (found.binding.imported === '=' || found.binding.imported === '*')) {
            return { kind: 'reexport', specifier: found.binding.specifier, imported: property, at: value.start };
          }
          // `_parse.default` where `var _parse = _interopRequireDefault(require('./parse'))`
          const wrapped = found?.kind === 'binding' && found.binding.kind === 'variable' ? wrappedRequire(found.binding.declarator.init) : undefined;
          if (wrapped !== undefined) return { kind: 'reexport', specifier: wrapped, imported: property, at: value.start };
          if (found?.kind === 'binding' && found.binding.kind === 'variable' && found.binding.declarator.id.type === 'Identifier') {
            const init = unwrap(found.binding.declarator.init);
            if (init?.type === 'ObjectExpression') {
              for (const item of init.properties) {
                if (item.type === 'Property' && item.kind === 'init' && propertyKeyName(item.key, item.computed) === property) {
                  return widened(this.target(item.value, found.scope, depth + 1));
                }
              }
            }
          }
        }
      }
      return assigned(value);
    }
    const specifier = wrappedRequire(value);
    if (specifier !== undefined) return { kind: 'reexport', specifier, imported: '=', at: value.start };
    if (value.type === 'CallExpression' && !isObjectCall(value) && requireSpecifier(value) === undefined) {
      // `makeDispatcher(api.request)` where makeDispatcher returns a function: that function.
      const called = this.callee(value, scope);
      const returned = called === undefined || this.entered.has(called.fn) ? undefined : returnedExpression(called.fn);
      if (called !== undefined && returned !== undefined) {
        this.entered.add(called.fn);
        try {
          const inner = this.target(returned, called.scope, depth + 1);
          if (inner.kind === 'binding' && (inner.binding.kind === 'function' || inner.binding.kind === 'class')) return inner;
        } finally {
          this.entered.delete(called.fn);
        }
      }
      return assigned(value);
    }
    const target = expressionTarget(value, value.start);
    if (target.kind === 'binding' && target.binding.kind === 'opaque' && !isVoid(value)) return assigned(value);
    return target;
  }
}

/** A value that is a property of an object literal: TypeScript widens its literal type. */
function widened(target: ExportTarget): ExportTarget {
  return target.kind === 'binding' && target.binding.kind === 'value' ? { kind: 'binding', binding: { ...target.binding, widened: true } } : target;
}

/** A binding that is there at run time but whose kind is not known statically. */
function opaque(node: { start: number }): ExportTarget {
  return { kind: 'binding', binding: { kind: 'opaque', declared: false, at: node.start, anchor: node.start } };
}

/**
 * A value assigned to an export that cannot be evaluated: a variable of unknown value, exactly as
 * ESM's `export const x = make()` is. A contract asking for a function or class there is then
 * unverifiable, never missing.
 */
function assigned(node: { start: number }): ExportTarget {
  return { kind: 'binding', binding: { kind: 'opaque', declared: true, at: node.start, anchor: node.start } };
}

/** The last operand of an `a && b && c` chain (the value when every test passes). */
function lastOperand(node: Expression): Expression | null | undefined {
  let value = unwrap(node);
  while (value?.type === 'LogicalExpression' && value.operator === '&&') value = unwrap(value.right);
  return value;
}

/** `void 0`: tsc's placeholder before the real assignment. */
function isVoid(node: Expression): boolean {
  const value = unwrap(node);
  return value?.type === 'UnaryExpression' && value.operator === 'void';
}

function lookup(scope: Scope, name: string): Lookup {
  for (let current: Scope | undefined = scope; current !== undefined; current = current.parent) {
    const param = current.params.get(name);
    if (param !== undefined) return { kind: 'param', ...param };
    const binding = current.locals.get(name);
    if (binding !== undefined) return { kind: 'binding', binding, scope: current };
  }
  return undefined;
}

/** A new scope for a function's body: its declarations, its parameters bound to `args`. */
function functionScope(fn: FunctionLike, args: CallExpression['arguments'], callerScope: Scope, definitionScope: Scope): Scope {
  const body = fn.body?.type === 'BlockStatement' ? fn.body.body : [];
  const scope: Scope = { parent: definitionScope, locals: new Map(), params: new Map(), body, props: new Map() };
  fn.params.forEach((param, index) => {
    const argument = args[index];
    if (args.slice(0, index).some((item) => item.type === 'SpreadElement')) return;
    bindPattern(scope, param, argument === undefined || argument.type === 'SpreadElement' ? undefined : argument, callerScope);
  });
  declareStatements(scope, body);
  return scope;
}

/** `void 0`, for a destructured name the argument does not have and no default gives. */
const UNDEFINED: Expression = {
  type: 'UnaryExpression',
  operator: 'void',
  argument: { type: 'Literal', value: 0, raw: '0', start: 0, end: 0 },
  start: 0,
  end: 0,
} as unknown as Expression;

/**
 * Bind a parameter to its argument: a name to the argument as written, and the names of an
 * object pattern (`{ allOwnKeys = false } = {}`) to the properties of an object literal handed to
 * it, or to their defaults. An argument that is not a literal leaves destructured names unbound.
 */
function bindPattern(scope: Scope, pattern: FunctionLike['params'][number] | Expression | { type: string }, argument: Expression | undefined, argumentScope: Scope): void {
  const node = pattern as { type: string };
  if (node.type === 'Identifier') {
    if (argument !== undefined) scope.params.set((node as unknown as { name: string }).name, { expression: argument, scope: argumentScope });
    return;
  }
  if (node.type === 'AssignmentPattern') {
    const { left, right } = node as unknown as { left: { type: string }; right: Expression };
    const given = unwrap(argument);
    const absent = given === undefined || (given?.type === 'Identifier' && given.name === 'undefined') || (given !== null && isVoid(given));
    if (absent) bindPattern(scope, left, right, scope);
    else bindPattern(scope, left, argument, argumentScope);
    return;
  }
  if (node.type !== 'ObjectPattern') return;
  const object = unwrap(argument);
  if (object?.type !== 'ObjectExpression' || object.properties.some((property) => property.type === 'SpreadElement' || property.computed)) return;
  for (const property of (node as unknown as { properties: Array<{ type: string; key: { type: string }; computed: boolean; value: { type: string } }> }).properties) {
    if (property.type === 'RestElement') continue;
    const key = propertyKeyName(property.key, property.computed);
    if (key === undefined) continue;
    let given: Expression | undefined;
    for (const item of object.properties) if (item.type === 'Property' && propertyKeyName(item.key, item.computed) === key) given = item.value;
    bindPattern(scope, property.value, given ?? UNDEFINED, argumentScope);
  }
}

/** Whether an expression is truthy, for the constant tests of copy helpers; undefined when unknown. */
function truthy(node: Expression | null | undefined, scope: Scope, depth: number): boolean | undefined {
  const value = unwrap(node);
  if (value === null || value === undefined || depth > MAX_DEPTH) return undefined;
  switch (value.type) {
    case 'Literal':
      return 'regex' in value && value.regex !== undefined && value.regex !== null ? true : Boolean(value.value);
    case 'ObjectExpression':
    case 'ArrayExpression':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return true;
    case 'UnaryExpression': {
      if (value.operator === 'void') return false;
      if (value.operator !== '!') return undefined;
      const inner = truthy(value.argument, scope, depth + 1);
      return inner === undefined ? undefined : !inner;
    }
    case 'Identifier': {
      const found = lookup(scope, value.name);
      if (found === undefined) return value.name === 'undefined' ? false : undefined;
      if (found.kind === 'param') return truthy(found.expression, found.scope, depth + 1);
      if (found.binding.kind === 'variable' && found.binding.constant === true && found.binding.declarator.id.type === 'Identifier') {
        return truthy(found.binding.declarator.init, found.scope, depth + 1);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A function a callee denotes, through parameters, `const` aliases and members of `const` object literals. */
function resolveFunction(node: Expression | null | undefined, scope: Scope, depth: number): { fn: FunctionLike; scope: Scope } | undefined {
  const value = unwrap(node);
  if (value === null || value === undefined || depth > MAX_DEPTH) return undefined;
  if (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression') return { fn: value, scope };
  if (value.type === 'Identifier') {
    const found = lookup(scope, value.name);
    if (found?.kind === 'param') return resolveFunction(found.expression, found.scope, depth + 1);
    if (found?.kind !== 'binding') return undefined;
    if (found.binding.kind === 'function') return { fn: found.binding.node, scope: found.scope };
    const init = constantInit(found.binding);
    return init === undefined ? undefined : resolveFunction(init, found.scope, depth + 1);
  }
  if (value.type !== 'MemberExpression' || value.computed) return undefined;
  const object = objectOf(unwrap(value.object), scope, depth + 1);
  const name = memberName(value);
  let member: Expression | undefined;
  for (const property of object?.node.properties ?? []) {
    if (property.type === 'SpreadElement') member = undefined;
    else if (property.kind === 'init' && propertyKeyName(property.key, property.computed) === name) member = property.value;
  }
  return object === undefined || member === undefined ? undefined : resolveFunction(member, object.scope, depth + 1);
}

/** The initializer of a `const x = ...` binding. */
function constantInit(binding: Binding): Expression | undefined {
  if (binding.kind !== 'variable' || binding.constant !== true || binding.declarator.id.type !== 'Identifier') return undefined;
  return unwrap(binding.declarator.init) ?? undefined;
}

/** The object literal a name stands for (`const utils = { extend, ... }`). */
function objectOf(node: Expression | null | undefined, scope: Scope, depth: number): { node: ObjectExpression; scope: Scope } | undefined {
  const value = unwrap(node);
  if (value?.type === 'ObjectExpression') return { node: value, scope };
  if (value?.type !== 'Identifier' || depth > MAX_DEPTH) return undefined;
  const found = lookup(scope, value.name);
  if (found?.kind === 'param') return objectOf(found.expression, found.scope, depth + 1);
  if (found?.kind !== 'binding') return undefined;
  return objectOf(constantInit(found.binding), found.scope, depth + 1);
}

/** The class a name stands for, through `const` aliases (`const Axios$1 = Axios`). */
function classOf(node: Expression | null | undefined, scope: Scope, depth: number): Extract<Binding, { kind: 'class' }> | undefined {
  const value = unwrap(node);
  if (value?.type !== 'Identifier' || depth > MAX_DEPTH) return undefined;
  const found = lookup(scope, value.name);
  if (found?.kind === 'param') return classOf(found.expression, found.scope, depth + 1);
  if (found?.kind !== 'binding') return undefined;
  if (found.binding.kind === 'class') return found.binding;
  return classOf(constantInit(found.binding), found.scope, depth + 1);
}

/** The class of `new X(...)`, or of a `const` name bound to one. */
function instanceOf(node: Expression | null | undefined, scope: Scope, depth: number): Extract<Binding, { kind: 'class' }> | undefined {
  const value = unwrap(node);
  if (value?.type === 'NewExpression') return classOf(unwrap(value.callee as Expression), scope, depth + 1);
  if (value?.type !== 'Identifier' || depth > MAX_DEPTH) return undefined;
  const found = lookup(scope, value.name);
  if (found?.kind === 'param') return instanceOf(found.expression, found.scope, depth + 1);
  if (found?.kind !== 'binding') return undefined;
  return instanceOf(constantInit(found.binding), found.scope, depth + 1);
}

/**
 * The declarations of a function body: `var`s at any block depth, functions, classes, `let` and
 * `const`. Only statements are visited, never expressions (a bundle's wrapper holds megabytes).
 */
function declareStatements(scope: Scope, body: Array<Directive | Statement>): void {
  const stack: Array<Directive | Statement | null | undefined> = [...body].reverse();
  while (stack.length > 0) {
    const statement = stack.pop();
    if (statement === null || statement === undefined) continue;
    switch (statement.type) {
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
      case 'VariableDeclaration':
        declare(scope, statement, statement.start);
        continue;
      case 'BlockStatement':
        for (let i = statement.body.length - 1; i >= 0; i--) stack.push(statement.body[i]);
        continue;
      case 'IfStatement':
        stack.push(statement.alternate, statement.consequent);
        continue;
      case 'TryStatement':
        stack.push(statement.finalizer, statement.handler?.body, statement.block);
        continue;
      case 'ForStatement':
        stack.push(statement.body);
        if (statement.init?.type === 'VariableDeclaration') stack.push(statement.init);
        continue;
      case 'ForInStatement':
      case 'ForOfStatement':
        stack.push(statement.body);
        if (statement.left.type === 'VariableDeclaration') stack.push(statement.left);
        continue;
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
        stack.push(statement.body);
        continue;
      case 'SwitchStatement':
        for (const branch of statement.cases) for (let i = branch.consequent.length - 1; i >= 0; i--) stack.push(branch.consequent[i]);
        continue;
      default:
        continue;
    }
  }
}


/**
 * Properties assigned to `name` in its scope, outside nested functions: `name.x = v`,
 * `Object.defineProperty(name, 'x', ...)`, `__export(name, { x: () => x })`, `Object.assign(name, {...})`.
 */
function propsOf(scope: Scope, name: string): Map<string, { expression: Expression; scope: Scope }> {
  const known = scope.props.get(name);
  if (known !== undefined) return known;
  const props = new Map<string, { expression: Expression; scope: Scope }>();
  scope.props.set(name, props);
  const isName = (node: Expression | null | undefined): boolean => isIdentifier(unwrap(node), name);
  // Wrappers called where they stand run with the scope; other functions may never run.
  const wrappers = new Set<AnyNode>();
  walk(scope.body, (node: AnyNode) => {
    if (isFunctionNode(node)) return wrappers.has(node);
    const expression = node as Expression;
    if (expression.type === 'CallExpression') {
      const callee = unwrap(expression.callee as Expression);
      const fn = isCallOfFunction(callee) && callee?.type === 'MemberExpression' ? unwrap(callee.object) : callee;
      if (fn?.type === 'FunctionExpression' || fn?.type === 'ArrowFunctionExpression') wrappers.add(fn);
    }
    if (expression.type === 'AssignmentExpression' && expression.operator === '=' && expression.left.type === 'MemberExpression') {
      if (!isName(expression.left.object)) return undefined;
      const property = memberName(expression.left);
      let value: Expression = expression.right;
      while (value.type === 'AssignmentExpression') value = value.right;
      if (property !== undefined && property !== 'prototype') props.set(property, { expression: value, scope });
      return undefined;
    }
    if (expression.type !== 'CallExpression') return undefined;
    const callee = unwrap(expression.callee as Expression);
    const args = expression.arguments.filter((argument): argument is Expression => argument.type !== 'SpreadElement');
    if (!isName(args[0])) return undefined;
    if (isObjectMethod(callee, 'defineProperty')) {
      const property = args[1] === undefined ? null : literalString(args[1]);
      const descriptor = unwrap(args[2]);
      if (property === null || descriptor?.type !== 'ObjectExpression') return undefined;
      for (const item of descriptor.properties) {
        if (item.type !== 'Property') continue;
        const key = propertyKeyName(item.key, item.computed);
        const value = key === 'value' ? item.value : key === 'get' ? returnedExpression(unwrap(item.value) as FunctionLike) : undefined;
        if (value !== undefined) props.set(property, { expression: value, scope });
      }
      return undefined;
    }
    const object = unwrap(args[1]);
    if (object?.type !== 'ObjectExpression') return undefined;
    const getters = object.properties.length > 0 && object.properties.every(isGetterProperty);
    if (!getters && !isObjectMethod(callee, 'assign')) return undefined;
    for (const item of object.properties) {
      if (item.type !== 'Property') continue;
      const key = propertyKeyName(item.key, item.computed);
      const value = getters ? returnedExpression(unwrap(item.value) as FunctionLike) : item.value;
      if (key !== undefined && value !== undefined) props.set(key, { expression: value, scope });
    }
    return undefined;
  });
  return props;
}

/** Builtins that read an object, or freeze it, and never add to its members. */
const PURE_BUILTINS: Record<string, readonly string[]> = {
  Object: [
    'freeze', 'seal', 'preventExtensions', 'isFrozen', 'isSealed', 'isExtensible', 'keys', 'values', 'entries',
    'getOwnPropertyNames', 'getOwnPropertySymbols', 'getOwnPropertyDescriptor', 'getOwnPropertyDescriptors',
    'getPrototypeOf', 'hasOwn', 'is',
  ],
  Reflect: ['has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'isExtensible'],
  Array: ['isArray', 'from', 'of'],
  JSON: ['stringify'],
  console: ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'],
};

/** `Object.keys(x)`, `JSON.stringify(x)`, `String(x)`: a builtin that cannot add members to its argument. */
function isPureBuiltin(callee: Expression | null | undefined): boolean {
  if (callee?.type === 'Identifier') return ['String', 'Number', 'Boolean', 'Symbol', 'isNaN', 'require'].includes(callee.name);
  if (callee?.type !== 'MemberExpression' || callee.object.type !== 'Identifier') return false;
  const name = memberName(callee);
  return name !== undefined && (PURE_BUILTINS[callee.object.name]?.includes(name) ?? false);
}

/**
 * A key that is a symbol, so no name a contract asks for: `Symbol.toStringTag`, `Symbol.for('x')`,
 * `Symbol('x')`, or a name bound to one of them.
 */
function isSymbolKey(node: Expression | CallExpression['arguments'][number] | undefined, scope: Scope, depth = 0): boolean {
  const value = node === undefined || node.type === 'SpreadElement' ? undefined : unwrap(node);
  if (value?.type === 'MemberExpression') return isIdentifier(value.object, 'Symbol');
  if (value?.type === 'CallExpression') {
    const callee = unwrap(value.callee as Expression);
    return isIdentifier(callee, 'Symbol') || (callee?.type === 'MemberExpression' && isIdentifier(callee.object, 'Symbol') && memberName(callee) === 'for');
  }
  if (value?.type !== 'Identifier' || depth > 2) return false;
  const found = lookup(scope, value.name);
  if (found?.kind !== 'binding' || found.binding.kind !== 'variable' || found.binding.declarator.id.type !== 'Identifier') return false;
  return isSymbolKey(found.binding.declarator.init ?? undefined, found.scope, depth + 1);
}

/** The module a name was required from, with the member of it taken: `require('util').inherits`, `util.inherits`. */
function requiredMember(node: Expression | null | undefined, scope: Scope): { specifier: string; member: string } | undefined {
  const value = unwrap(node);
  if (value?.type === 'MemberExpression') {
    const member = memberName(value);
    if (member === undefined) return undefined;
    const object = unwrap(value.object);
    const specifier = requireSpecifier(object);
    if (specifier !== undefined) return { specifier, member };
    if (object?.type !== 'Identifier') return undefined;
    const found = lookup(scope, object.name);
    if (found?.kind !== 'binding') return undefined;
    if (found.binding.kind === 'import' && (found.binding.imported === '=' || found.binding.imported === '*')) return { specifier: found.binding.specifier, member };
    if (found.binding.kind === 'variable') {
      const init = requireSpecifier(unwrap(found.binding.declarator.init));
      if (init !== undefined) return { specifier: init, member };
    }
    return undefined;
  }
  if (value?.type !== 'Identifier') return undefined;
  const found = lookup(scope, value.name);
  if (found?.kind !== 'binding') return undefined;
  if (found.binding.kind === 'import' && found.binding.imported !== '=' && found.binding.imported !== '*') return { specifier: found.binding.specifier, member: found.binding.imported };
  if (found.binding.kind === 'variable' && found.binding.declarator.id.type === 'Identifier') {
    const init = unwrap(found.binding.declarator.init);
    return init?.type === 'MemberExpression' ? requiredMember(init, found.scope) : undefined;
  }
  return undefined;
}

/**
 * A call that adds no name to the object it is handed: a pure builtin, or Node's
 * `util.inherits(ctor, base)` (it links the prototypes and sets `super_`, nothing else).
 */
function harmless(callee: Expression | null | undefined, scope: Scope): boolean {
  if (isPureBuiltin(callee)) return true;
  const required = requiredMember(callee, scope);
  return required !== undefined && (required.specifier === 'util' || required.specifier === 'node:util') && required.member === 'inherits';
}

/** A source of `Object.assign(exports, source)` whose members ImportSpy lists: a literal, a required module, a name bound to one. */
function knownSource(node: Expression, scope: Scope): boolean {
  const value = unwrap(node);
  if (value?.type === 'ObjectExpression') return value.properties.every((property) => property.type !== 'SpreadElement' || knownSource(property.argument, scope));
  if (requireSpecifier(value) !== undefined || wrappedRequire(value) !== undefined) return true;
  if (value?.type !== 'Identifier') return false;
  const found = lookup(scope, value.name);
  if (found?.kind === 'param') return knownSource(found.expression, found.scope);
  if (found?.kind !== 'binding') return false;
  const binding = found.binding;
  if (binding.kind === 'import') return true;
  if (binding.kind !== 'variable') return false;
  const init = unwrap(binding.declarator.init);
  return init?.type === 'ObjectExpression' || requireSpecifier(init) !== undefined || wrappedRequire(init) !== undefined;
}

/**
 * A function that may add members to its parameter at `index`: writes a property of it, hands it
 * to another call, or gives it another name (shadowing is not told apart: that errs towards open).
 */
function writesParameter(fn: FunctionLike, index: number): boolean {
  if (fn.params.some((param) => param.type === 'RestElement') && index >= fn.params.length - 1) return true;
  const param = fn.params[index];
  if (param === undefined) return fn.body !== null && mentionsArguments(fn);
  if (param.type !== 'Identifier') return true;
  const name = param.name;
  const isName = (node: Expression | null | undefined): boolean => isIdentifier(unwrap(node), name);
  let writes = false;
  walk(fn.body, (node: AnyNode) => {
    if (writes) return false;
    if (node.type === 'AssignmentExpression') {
      const assignment = node as Extract<Expression, { type: 'AssignmentExpression' }>;
      if ((assignment.left.type === 'MemberExpression' && isName(assignment.left.object)) || isName(assignment.right)) writes = true;
    } else if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const call = node as CallExpression;
      if (!isPureBuiltin(unwrap(call.callee as Expression)) && call.arguments.some((argument) => argument.type !== 'SpreadElement' && isName(argument))) writes = true;
    } else if (node.type === 'VariableDeclarator' || node.type === 'ReturnStatement') {
      const held = node.type === 'VariableDeclarator' ? (node as unknown as { init: Expression | null }).init : (node as unknown as { argument: Expression | null }).argument;
      if (isName(held)) writes = true;
    }
    return undefined;
  });
  return writes || mentionsArguments(fn);
}

/** A non-arrow function that reads `arguments` may reach any parameter through it. */
function mentionsArguments(fn: FunctionLike): boolean {
  if (fn.type === 'ArrowFunctionExpression') return false;
  let found = false;
  walk(fn.body, (node: AnyNode) => {
    if (found || (isFunctionNode(node) && node.type !== 'ArrowFunctionExpression')) return false;
    if (isIdentifier(node as Expression, 'arguments')) found = true;
    return undefined;
  });
  return found;
}

/** `Object.create(...)`, `Object.freeze({...})`: calls that make a plain object. */
function isObjectCall(node: CallExpression): boolean {
  const callee = unwrap(node.callee as Expression);
  return ['create', 'freeze', 'assign', 'fromEntries', 'seal', 'defineProperties'].some((method) => isObjectMethod(callee, method));
}

/** `Object.<method>` */
function isObjectMethod(node: Expression | null | undefined, method: string): boolean {
  return node?.type === 'MemberExpression' && isIdentifier(node.object, 'Object') && memberName(node) === method;
}

/** `(function () {}).call(this)` / `.apply(this, args)` */
function isCallOfFunction(node: Expression | null | undefined): boolean {
  if (node?.type !== 'MemberExpression') return false;
  const name = memberName(node);
  const object = unwrap(node.object);
  return (name === 'call' || name === 'apply') && (object?.type === 'FunctionExpression' || object?.type === 'ArrowFunctionExpression');
}

/** `{ x: () => x }` or `{ x: function () { return x; } }`: a property whose value is a getter. */
function isGetterProperty(property: ObjectExpression['properties'][number]): boolean {
  if (property.type !== 'Property' || property.kind !== 'init') return false;
  const value = unwrap(property.value);
  if (value?.type !== 'ArrowFunctionExpression' && value?.type !== 'FunctionExpression') return false;
  return value.params.length === 0 && returnedExpression(value) !== undefined;
}

/** The value a function returns: an arrow's expression, else its last top-level `return x`. */
function returnedExpression(fn: FunctionLike | null | undefined): Expression | undefined {
  if (fn === null || fn === undefined) return undefined;
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression' && fn.type !== 'FunctionDeclaration') return undefined;
  const body = fn.body;
  if (body === null) return undefined;
  if (body.type !== 'BlockStatement') return body as Expression;
  let returned: Expression | undefined;
  for (const statement of body.body) {
    if (statement.type === 'ReturnStatement' && statement.argument !== null) returned = statement.argument;
  }
  return returned;
}

/** `__importDefault(require('x'))`, `_interopRequireWildcard(require('x'))`: interop wrappers. */
function wrappedRequire(node: Expression | null | undefined): string | undefined {
  const value = unwrap(node);
  if (value?.type !== 'CallExpression' || value.arguments.length < 1) return undefined;
  if (isIdentifier(value.callee, 'require')) return undefined;
  const argument = value.arguments[0];
  if (argument === undefined || argument.type === 'SpreadElement') return undefined;
  return requireSpecifier(argument);
}

type Lexer = { parse(source: string, name?: string): { exports: string[]; reexports: string[] } };
let lexer: Lexer | undefined;

/**
 * The names Node's own detection (`cjs-module-lexer`) finds, added where the syntax tree did
 * not say more: so ImportSpy never calls missing a name Node exports.
 */
function addLexerNames(summary: FileSummary, discarded: ReadonlySet<string>): void {
  let result: { exports: string[]; reexports: string[] };
  try {
    lexer ??= createRequire(import.meta.url)('cjs-module-lexer') as Lexer;
    result = lexer.parse(summary.parsed.source);
  } catch {
    return;
  }
  for (const name of result.exports) {
    if (name === '__esModule' || discarded.has(name) || summary.cjsExports.has(name) || summary.esmExports.has(name)) continue;
    summary.usesCommonJsExports = true;
    summary.cjsExports.set(name, opaque({ start: 0 }));
  }
  for (const specifier of result.reexports) {
    if (summary.cjsStars.some((star) => star.specifier === specifier)) continue;
    summary.usesCommonJsExports = true;
    summary.cjsStars.push({ specifier, includeDefault: false, at: 0 });
  }
}
