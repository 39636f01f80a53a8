/**
 * Copy helpers: functions that give their target every own key of a source, as axios's
 * `extend(a, b)`, Underscore's `_.extend` or a hand-written mixin do. Recognised by what their
 * body does, never by their name: a loop over the source's keys (`for...in`, `for...of
 * Object.keys(b)`, `Object.keys(b).forEach`), or a call to an iterating helper (a function that
 * calls its callback with each key of its first argument) whose callback writes `a[key]` on every
 * path. Which keys are copied is read from the listing: `Object.keys` and `for...in` give the
 * enumerable ones, `Object.getOwnPropertyNames` and `Reflect.ownKeys` all own keys, and a choice
 * between the two (`allOwnKeys ? getOwnPropertyNames(o) : keys(o)`) is decided when its test is a
 * constant at the call, else only the enumerable keys (those both listings have) count.
 *
 * This file reads shapes only; commonjs.ts resolves names, binds calls and lists a source's keys.
 */
import type { CallExpression, Directive, Expression, Function as FunctionNode, ArrowFunctionExpression, Statement } from 'oxc-parser';
import { isFunctionNode, isIdentifier, memberName, unwrap, walk, type AnyNode } from './ast.js';

type FunctionLike = FunctionNode | ArrowFunctionExpression;

/** Which of a source's keys a copy gives the target. */
export type CopiedKeys = 'own' | 'enumerable';

/** What commonjs.ts provides: calls bound to their arguments, and constant tests. */
export interface CopyReader<S> {
  /** The function a call calls, with a scope whose parameters are bound to the call's arguments. */
  callee(call: CallExpression, scope: S): { fn: FunctionLike; scope: S } | undefined;
  /** Whether an expression is truthy, when that is known without running anything. */
  truthy(node: Expression, scope: S): boolean | undefined;
}

/** A recognised copy: the argument index of its source, the keys copied, and whether values are copied as they are. */
export interface Copy {
  source: number;
  keys: CopiedKeys;
  /** `a[k] = b[k]` on every path; false when some path stores something else (`bind(b[k], ctx)`). */
  same: boolean;
}

/**
 * The copy that calling `fn` (bound in `scope`) makes onto its parameter at `target`, if its body
 * is one of the shapes above.
 */
export function copyInto<S>(fn: FunctionLike, scope: S, target: number, reader: CopyReader<S>): Copy | undefined {
  const targetName = paramName(fn, target);
  if (targetName === undefined || fn.body === null || fn.body.type !== 'BlockStatement') return undefined;
  const params = fn.params.map((_, index) => paramName(fn, index));
  const sourceIndex = (node: Expression | null | undefined): number => {
    const value = unwrap(node);
    return value?.type === 'Identifier' && value.name !== targetName ? params.indexOf(value.name) : -1;
  };
  let found: Copy | undefined;
  const record = (source: number, keys: CopiedKeys | undefined, same: boolean | undefined): void => {
    const stable = source >= 0 && !rebinds(fn, targetName) && !rebinds(fn, params[source] ?? '');
    if (found === undefined && stable && keys !== undefined && same !== undefined) found = { source, keys, same };
  };
  // Only a statement that runs on every call counts: one of the body's own, with no way out before it.
  const statements = fn.body.body;
  const sure = statements.filter((_, index) => !exits(statements.slice(0, index)));
  walk(sure, (node: AnyNode) => {
    if (found !== undefined || isFunctionNode(node)) return false;
    if (node.type === 'IfStatement' || node.type === 'ConditionalExpression' || node.type === 'LogicalExpression' || node.type === 'SwitchStatement') return false;
    if (node.type === 'ForInStatement' || node.type === 'ForOfStatement') {
      const loop = node as Extract<Statement, { type: 'ForInStatement' | 'ForOfStatement' }>;
      const key = loopVariable(loop);
      if (key === undefined) return undefined;
      if (loop.type === 'ForInStatement') {
        const source = sourceIndex(loop.right);
        record(source, 'enumerable', assigns([loop.body], targetName, key, sourceValue(params[source], key)));
      } else {
        const listed = keyListing(loop.right, scope, reader);
        const source = listed === undefined ? -1 : sourceIndex(listed.of);
        record(source, listed?.keys, assigns([loop.body], targetName, key, sourceValue(params[source], key)));
      }
      return undefined;
    }
    if (node.type !== 'CallExpression') return undefined;
    const call = node as CallExpression;
    const callee = unwrap(call.callee as Expression);
    const callback = unwrap(call.arguments[call.arguments.length === 1 ? 0 : 1] as Expression | undefined);
    if (callback?.type !== 'FunctionExpression' && callback?.type !== 'ArrowFunctionExpression') return undefined;
    // Object.keys(b).forEach((k) => { a[k] = b[k]; })
    if (callee?.type === 'MemberExpression' && memberName(callee) === 'forEach' && call.arguments.length === 1) {
      const listed = keyListing(callee.object, scope, reader);
      const key = paramName(callback, 0);
      const source = listed === undefined ? -1 : sourceIndex(listed.of);
      if (key !== undefined && !shadows(callback, targetName)) {
        record(source, listed?.keys, assigns(bodyOf(callback), targetName, key, sourceValue(params[source], key)));
      }
      return undefined;
    }
    // each(b, (value, k) => { a[k] = value; }): a helper that calls its callback with every key.
    const source = sourceIndex(call.arguments[0] as Expression | undefined);
    const value = paramName(callback, 0);
    const key = paramName(callback, 1);
    if (source < 0 || key === undefined || shadows(callback, targetName)) return undefined;
    const same = assigns(bodyOf(callback), targetName, key, (node) => isIdentifier(node, value ?? '') || sourceValue(params[source], key)(node));
    if (same === undefined) return undefined;
    const helper = reader.callee(call, scope);
    record(source, helper === undefined ? undefined : visitedKeys(helper.fn, helper.scope, reader), same);
    return undefined;
  });
  return found;
}

/** The keys an iterating helper hands its callback (its second parameter) from its first parameter. */
function visitedKeys<S>(fn: FunctionLike, scope: S, reader: CopyReader<S>): CopiedKeys | undefined {
  const object = paramName(fn, 0);
  const callback = paramName(fn, 1);
  if (object === undefined || callback === undefined || fn.body === null || fn.body.type !== 'BlockStatement') return undefined;
  // Names holding a listing of the object's keys (`keys`), and names holding one key (`key`).
  const listings = new Map<string, CopiedKeys>();
  const keys = new Map<string, CopiedKeys>();
  const keyOf = (node: Expression | null | undefined): CopiedKeys | undefined => {
    const value = unwrap(node);
    if (value?.type === 'Identifier') return keys.get(value.name);
    if (value?.type === 'MemberExpression' && value.computed && value.object.type === 'Identifier') return listings.get(value.object.name);
    return undefined;
  };
  const body = fn.body.body;
  walk(body, (node: AnyNode) => {
    if (isFunctionNode(node)) return false;
    if (node.type === 'VariableDeclarator') {
      const declarator = node as unknown as { id: { type: string; name?: string }; init: Expression | null };
      const listed = keyListing(declarator.init, scope, reader);
      if (declarator.id.type === 'Identifier' && listed !== undefined && isIdentifier(unwrap(listed.of), object)) listings.set(declarator.id.name ?? '', listed.keys);
    }
    if (node.type === 'ForInStatement') {
      const loop = node as Extract<Statement, { type: 'ForInStatement' }>;
      const key = loopVariable(loop);
      if (key !== undefined && isIdentifier(unwrap(loop.right), object)) keys.set(key, 'enumerable');
    }
    return undefined;
  });
  walk(body, (node: AnyNode) => {
    if (isFunctionNode(node)) return false;
    if (node.type === 'VariableDeclarator') {
      const declarator = node as unknown as { id: { type: string; name?: string }; init: Expression | null };
      const kind = keyOf(declarator.init);
      if (declarator.id.type === 'Identifier' && kind !== undefined) keys.set(declarator.id.name ?? '', kind);
    }
    if (node.type === 'AssignmentExpression') {
      const assignment = node as Extract<Expression, { type: 'AssignmentExpression' }>;
      const kind = keyOf(assignment.right);
      if (assignment.left.type === 'Identifier' && kind !== undefined) keys.set(assignment.left.name, kind);
    }
    return undefined;
  });
  // The callback is called with the key in a loop's body, on every pass: a statement of the body
  // itself, with no way out of the pass in the body.
  let found: CopiedKeys | undefined;
  walk(body, (node: AnyNode) => {
    if (found !== undefined || isFunctionNode(node)) return false;
    if (node.type !== 'ForStatement' && node.type !== 'ForInStatement' && node.type !== 'ForOfStatement' && node.type !== 'WhileStatement') return undefined;
    const loopBody = (node as unknown as { body: Statement }).body;
    const passes = loopBody.type === 'BlockStatement' ? loopBody.body : [loopBody];
    if (exits(passes)) return undefined;
    for (const statement of passes) {
      if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'CallExpression') continue;
      const key = callbackKey(statement.expression, callback);
      if (key !== undefined && found === undefined) found = keyOf(key);
    }
    return undefined;
  });
  return found;
}

/** The key argument of `fn(value, key)` or `fn.call(thisArg, value, key)`, when the call calls `fn`. */
function callbackKey(call: CallExpression, callback: string): Expression | undefined {
  const callee = unwrap(call.callee as Expression);
  let args = call.arguments;
  if (callee?.type === 'MemberExpression' && memberName(callee) === 'call' && isIdentifier(unwrap(callee.object), callback)) args = args.slice(1);
  else if (!isIdentifier(callee, callback)) return undefined;
  const key = args[1];
  return key === undefined || key.type === 'SpreadElement' ? undefined : key;
}

/** `Object.keys(o)`, `Object.getOwnPropertyNames(o)`, `Reflect.ownKeys(o)`, or a constant choice between them. */
function keyListing<S>(node: Expression | null | undefined, scope: S, reader: CopyReader<S>): { of: Expression; keys: CopiedKeys } | undefined {
  const value = unwrap(node);
  if (value?.type === 'ConditionalExpression') {
    const test = reader.truthy(value.test, scope);
    if (test !== undefined) return keyListing(test ? value.consequent : value.alternate, scope, reader);
    const yes = keyListing(value.consequent, scope, reader);
    const no = keyListing(value.alternate, scope, reader);
    if (yes === undefined || no === undefined || !sameName(yes.of, no.of)) return undefined;
    return { of: yes.of, keys: yes.keys === no.keys ? yes.keys : 'enumerable' };
  }
  if (value?.type !== 'CallExpression' || value.arguments.length !== 1) return undefined;
  const callee = unwrap(value.callee as Expression);
  const argument = value.arguments[0];
  if (callee?.type !== 'MemberExpression' || argument === undefined || argument.type === 'SpreadElement') return undefined;
  const method = memberName(callee);
  if (isIdentifier(callee.object, 'Object') && method === 'keys') return { of: argument, keys: 'enumerable' };
  if (isIdentifier(callee.object, 'Object') && method === 'getOwnPropertyNames') return { of: argument, keys: 'own' };
  if (isIdentifier(callee.object, 'Reflect') && method === 'ownKeys') return { of: argument, keys: 'own' };
  return undefined;
}

/**
 * Whether the statements write `target[key]` on every path: `undefined` when some path does not,
 * else whether every write stores the source's own value (`same(value)`).
 */
function assigns(body: Array<Directive | Statement>, target: string, key: string, same: (node: Expression) => boolean): boolean | undefined {
  // `if (key === 'constructor') continue;`: some keys may be skipped.
  if (exits(body)) return undefined;
  let result: boolean | undefined;
  for (const statement of body) {
    const here = statementAssigns(statement, target, key, same);
    if (here !== undefined) result = (result ?? true) && here;
  }
  return result;
}

function statementAssigns(statement: Directive | Statement, target: string, key: string, same: (node: Expression) => boolean): boolean | undefined {
  switch (statement.type) {
    case 'ExpressionStatement':
      return expressionAssigns(statement.expression, target, key, same);
    case 'BlockStatement':
      return assigns(statement.body, target, key, same);
    case 'IfStatement': {
      if (statement.alternate === null) return undefined;
      const yes = statementAssigns(statement.consequent, target, key, same);
      const no = statementAssigns(statement.alternate, target, key, same);
      return yes === undefined || no === undefined ? undefined : yes && no;
    }
    default:
      return undefined;
  }
}

function expressionAssigns(node: Expression, target: string, key: string, same: (node: Expression) => boolean): boolean | undefined {
  const value = unwrap(node);
  if (value?.type === 'SequenceExpression') {
    let result: boolean | undefined;
    for (const item of value.expressions) {
      const here = expressionAssigns(item, target, key, same);
      if (here !== undefined) result = (result ?? true) && here;
    }
    return result;
  }
  if (value?.type === 'ConditionalExpression') {
    const yes = expressionAssigns(value.consequent, target, key, same);
    const no = expressionAssigns(value.alternate, target, key, same);
    return yes === undefined || no === undefined ? undefined : yes && no;
  }
  if (value?.type !== 'AssignmentExpression' || value.operator !== '=' || value.left.type !== 'MemberExpression') return undefined;
  const left = value.left;
  if (!left.computed || !isIdentifier(unwrap(left.object), target) || !isIdentifier(unwrap(left.property as Expression), key)) return undefined;
  return same(value.right);
}

/** Whether a function assigns a new value to one of its names (`to = {}`), anywhere in its body. */
function rebinds(fn: FunctionLike, name: string): boolean {
  let found = false;
  walk(fn.body, (node: AnyNode) => {
    if (found) return false;
    const expression = node as Expression;
    if (expression.type === 'AssignmentExpression' && expression.left.type === 'Identifier' && expression.left.name === name) found = true;
    if (expression.type === 'UpdateExpression' && isIdentifier(expression.argument as Expression, name)) found = true;
    return undefined;
  });
  return found;
}

/** Whether the statements may leave before their end: `continue`, `break`, `return` or `throw` outside nested functions. */
function exits(body: Array<Directive | Statement>): boolean {
  let found = false;
  walk(body, (node: AnyNode) => {
    if (found || isFunctionNode(node)) return false;
    if (node.type === 'ContinueStatement' || node.type === 'BreakStatement' || node.type === 'ReturnStatement' || node.type === 'ThrowStatement') found = true;
    return undefined;
  });
  return found;
}

/** `b[k]`: the source's own value under the key. */
function sourceValue(source: string | undefined, key: string): (node: Expression) => boolean {
  return (node) => {
    const value = unwrap(node);
    return source !== undefined && value?.type === 'MemberExpression' && value.computed && isIdentifier(unwrap(value.object), source) && isIdentifier(unwrap(value.property as Expression), key);
  };
}

function loopVariable(loop: Extract<Statement, { type: 'ForInStatement' | 'ForOfStatement' }>): string | undefined {
  const left = loop.left.type === 'VariableDeclaration' ? loop.left.declarations[0]?.id : loop.left;
  return left?.type === 'Identifier' ? left.name : undefined;
}

function paramName(fn: FunctionLike, index: number): string | undefined {
  const param = fn.params[index];
  return param?.type === 'Identifier' ? param.name : undefined;
}

function bodyOf(fn: FunctionLike): Array<Directive | Statement> {
  if (fn.body === null) return [];
  if (fn.body.type === 'BlockStatement') return fn.body.body;
  return [{ type: 'ExpressionStatement', expression: fn.body, start: fn.body.start, end: fn.body.end } as Statement];
}

/** A callback whose own parameter hides the target's name. */
function shadows(fn: FunctionLike, name: string): boolean {
  return fn.params.some((param) => param.type === 'Identifier' && param.name === name);
}

function sameName(a: Expression, b: Expression): boolean {
  const left = unwrap(a);
  const right = unwrap(b);
  return left?.type === 'Identifier' && right?.type === 'Identifier' && left.name === right.name;
}

