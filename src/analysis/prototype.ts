/**
 * Classes written before `class` existed: a constructor function whose prototype receives the
 * methods (`function EE() {}; EE.prototype.on = function (event, fn) {...}`, or
 * `EE.prototype = { on() {} }`), with static members assigned to the function itself. Such a
 * function is modelled as a class: its prototype's functions are its methods, `this.x = ...` in
 * its body its instance attributes, and a base set with `inherits(EE, Base)`,
 * `EE.prototype = Object.create(Base.prototype)` or `Object.setPrototypeOf` an unresolved
 * superclass (so an inherited member is unverifiable, never missing).
 */
import type { Expression, Program, Statement } from 'oxc-parser';
import { isIdentifier, memberName, unwrap, walk, type AnyNode } from './ast.js';
import { buildFunction, type FileContext } from './declarations.js';
import type { AttributeModel, ClassModel, MethodModel } from './model.js';
import type { Binding, FunctionNodeLike, PrototypeMembers } from './bindings.js';
import { evaluate, inferAnnotation, propertyKeyName } from './values.js';

/** What the file assigns to a constructor function's prototype and to the function itself. */
/**
 * The constructor functions among `locals` whose prototype the file assigns members to, keyed by
 * their function node. Plain functions with a property or two stay functions.
 */
export function collectPrototypes(
  program: Program,
  source: string,
  locals: Map<string, Binding>,
  /** Sees every node of the same walk, so the file is walked once for both. */
  visit: (node: AnyNode) => void,
): Map<FunctionNodeLike, PrototypeMembers> {
  const found = new Map<string, PrototypeMembers & { hasPrototype: boolean }>();
  const entry = (name: string) => {
    let members = found.get(name);
    if (members === undefined) {
      members = { instance: new Map(), statics: new Map(), hasPrototype: false };
      found.set(name, members);
    }
    return members;
  };
  // Constructor functions by name, in every scope (React declares its classes inside a wrapper).
  // A name declared as a function more than once is ambiguous and left alone.
  const functions = new Map<string, FunctionNodeLike | null>();
  const addFunction = (name: string, node: FunctionNodeLike): void => {
    functions.set(name, functions.has(name) && functions.get(name) !== node ? null : node);
  };
  for (const [name, binding] of locals) if (binding.kind === 'function') addFunction(name, binding.node);
  // One walk: functions by name, and the assignments and calls to look at once they are known.
  const candidates: AnyNode[] = [];
  walk(program, (node: AnyNode) => {
    visit(node);
    if (node.type === 'AssignmentExpression' || node.type === 'CallExpression') candidates.push(node);
    const statement = node as Statement;
    if (statement.type === 'FunctionDeclaration' && statement.id !== null) addFunction(statement.id.name, statement);
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const init = unwrap(declarator.init);
        if (declarator.id.type === 'Identifier' && init?.type === 'FunctionExpression') addFunction(declarator.id.name, init);
      }
    }
    return undefined;
  });
  const constructorName = (node: Expression | null | undefined): string | undefined => {
    const value = unwrap(node);
    if (value?.type !== 'Identifier') return undefined;
    const fn = functions.get(value.name);
    if (fn === undefined || fn === null || fn.type === 'ArrowFunctionExpression') return undefined;
    return value.name;
  };
  // `X.prototype` for a constructor function X.
  const prototypeOf = (node: Expression | null | undefined): string | undefined => {
    const value = unwrap(node);
    return value?.type === 'MemberExpression' && memberName(value) === 'prototype' ? constructorName(value.object) : undefined;
  };
  const setBase = (members: PrototypeMembers, node: Expression): void => {
    members.base = source.slice(node.start, node.end);
    members.baseNode = node;
  };
  const look = (node: AnyNode): undefined => {
    const expression = node as Expression;
    if (expression.type === 'AssignmentExpression' && expression.operator === '=' && expression.left.type === 'MemberExpression') {
      const left = expression.left;
      const value = unwrap(expression.right) ?? expression.right;
      const property = memberName(left);
      if (property === undefined) return undefined;
      const owner = prototypeOf(left.object);
      if (owner !== undefined) {
        const members = entry(owner);
        members.hasPrototype = true;
        members.instance.set(property, { value, at: expression.start });
        return undefined;
      }
      const name = constructorName(left.object);
      if (name === undefined) return undefined;
      if (property !== 'prototype') {
        entry(name).statics.set(property, { value, at: expression.start });
        return undefined;
      }
      const members = entry(name);
      members.hasPrototype = true;
      if (value.type === 'ObjectExpression') {
        for (const item of value.properties) {
          if (item.type !== 'Property') continue;
          const key = propertyKeyName(item.key, item.computed);
          if (key !== undefined && key !== 'constructor') members.instance.set(key, { value: item.value, at: item.start });
        }
      } else if (value.type === 'CallExpression' && isObjectMethod(value.callee as Expression, 'create')) {
        const base = value.arguments[0];
        const inner = base === undefined || base.type === 'SpreadElement' ? undefined : unwrap(base);
        if (inner?.type === 'MemberExpression' && memberName(inner) === 'prototype') setBase(members, inner.object as Expression);
      } else if (value.type === 'NewExpression') {
        setBase(members, value.callee as Expression);
      }
      return undefined;
    }
    if (expression.type === 'CallExpression') {
      const args = expression.arguments.filter((argument): argument is Expression => argument.type !== 'SpreadElement');
      const callee = unwrap(expression.callee as Expression);
      // Object.setPrototypeOf(X.prototype, Base.prototype)
      if (isObjectMethod(callee, 'setPrototypeOf')) {
        const owner = prototypeOf(args[0]);
        const base = unwrap(args[1]);
        if (owner !== undefined && base?.type === 'MemberExpression' && memberName(base) === 'prototype') {
          setBase(entry(owner), base.object as Expression);
        }
        return undefined;
      }
      // util.inherits(X, Base), __extends(X, _super), _inherits(X, Base)
      const calleeName = callee?.type === 'Identifier' ? callee.name : callee === null || callee === undefined ? undefined : memberName(callee);
      if (calleeName !== undefined && isInheritsHelper(calleeName) && args.length === 2) {
        const owner = constructorName(args[0]);
        const base = args[1];
        if (owner !== undefined && base !== undefined) {
          const members = entry(owner);
          members.hasPrototype = true;
          setBase(members, unwrap(base) ?? base);
        }
      }
    }
    return undefined;
  };
  for (const node of candidates) look(node);
  const classes = new Map<FunctionNodeLike, PrototypeMembers>();
  for (const [name, members] of found) {
    const fn = functions.get(name);
    if (!members.hasPrototype || fn === undefined || fn === null) continue;
    const { hasPrototype: _ignored, ...rest } = members;
    classes.set(fn, rest);
  }
  return classes;
}

/** `inherits`, `util.inherits`, Babel's `_inherits`, tsc's `__extends`. */
function isInheritsHelper(name: string): boolean {
  return name.toLowerCase().endsWith('inherits') || name === '__extends';
}

function isObjectMethod(node: Expression | null | undefined, method: string): boolean {
  const value = unwrap(node);
  return value?.type === 'MemberExpression' && isIdentifier(value.object, 'Object') && memberName(value) === method;
}

function isFunction(node: Expression): node is Extract<Expression, { type: 'FunctionExpression' | 'ArrowFunctionExpression' }> {
  return node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/**
 * The class model of a constructor function and its prototype members. The function itself is
 * the constructor (`new EE(a, b)` calls it). Its base, if any, is an unresolved superclass until
 * the caller follows it.
 */
export function buildPrototypeClass(
  context: FileContext,
  name: string,
  node: FunctionNodeLike,
  at: number,
  members: PrototypeMembers,
): ClassModel {
  const methods: MethodModel[] = [];
  if (node.type !== 'ArrowFunctionExpression') {
    methods.push({ ...buildFunction(context, 'constructor', node, node.start, at), static: false, kind: 'constructor' });
  }
  const attributes: AttributeModel[] = [];
  const add = (member: string, entry: { value: Expression; at: number }, isStatic: boolean, seen: Map<string, { value: Expression; at: number }>): void => {
    let value = unwrap(entry.value) ?? entry.value;
    // `EE.prototype.off = EE.prototype.removeListener`: the same function under a second name.
    for (let hops = 0; value.type === 'MemberExpression' && hops < 4; hops++) {
      const other = memberName(value);
      const target = other === undefined ? undefined : seen.get(other);
      if (target === undefined) break;
      value = unwrap(target.value) ?? target.value;
    }
    if (isFunction(value)) {
      methods.push({ ...buildFunction(context, member, value, entry.at, entry.at), static: isStatic, kind: 'method' });
      return;
    }
    attributes.push(attribute(context, member, isStatic ? 'class' : 'instance', value, entry.at));
  };
  for (const [member, entry] of members.instance) add(member, entry, false, members.instance);
  for (const [member, entry] of members.statics) add(member, entry, true, members.statics);
  for (const attribute of thisAssignments(context, node)) {
    if (!attributes.some((known) => known.type === 'instance' && known.name === attribute.name)) attributes.push(attribute);
  }
  const superclasses: ClassModel['superclasses'] =
    members.base === undefined ? [] : [{ name: members.base, resolved: false, attributes: [], methods: [], implements: [] }];
  return { name, attributes, methods, superclasses, implements: [], location: context.locate(at) };
}

function attribute(context: FileContext, name: string, type: AttributeModel['type'], value: Expression, at: number): AttributeModel {
  const model: AttributeModel = { name, type, annotationDeclared: false, value: evaluate(value), location: context.locate(at) };
  const known = model.value?.known === true ? model.value.value : undefined;
  const annotation = known === undefined ? undefined : inferAnnotation(known, false);
  if (annotation !== undefined) model.annotation = annotation;
  return model;
}

/** `this.x = ...` in the constructor function's own body (arrow functions share its `this`). */
function thisAssignments(context: FileContext, node: FunctionNodeLike): AttributeModel[] {
  const attributes: AttributeModel[] = [];
  walk(node.body, (child: AnyNode) => {
    if (
      child.type === 'FunctionDeclaration' ||
      child.type === 'FunctionExpression' ||
      child.type === 'ClassDeclaration' ||
      child.type === 'ClassExpression'
    ) {
      return false;
    }
    const expression = child as Expression;
    if (expression.type !== 'AssignmentExpression' || expression.left.type !== 'MemberExpression') return undefined;
    const left = expression.left;
    if (left.object.type !== 'ThisExpression' || left.property.type === 'PrivateIdentifier') return undefined;
    const name = propertyKeyName(left.property, left.computed);
    if (name !== undefined && !attributes.some((known) => known.name === name)) {
      attributes.push(attribute(context, name, 'instance', expression.right, expression.start));
    }
    return undefined;
  });
  return attributes;
}
