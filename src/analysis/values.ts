/**
 * Static evaluation of initializers, and the TypeScript type a literal initializer implies.
 * Only what the contract language promises is evaluated: literals, template strings without
 * expressions, negative numbers, arrays and objects of these, `as const`. Anything else is
 * "unknown", so a contract that pins such a value fails closed instead of guessing.
 */
import type { Expression, ObjectPropertyKind } from 'oxc-parser';
import type { LiteralValue, ValueModel } from './model.js';

const UNKNOWN: ValueModel = { known: false };

export function evaluate(expression: Expression): ValueModel {
  const value = evaluateLiteral(expression);
  return value === undefined ? UNKNOWN : { known: true, value };
}

/** `undefined` means "not statically known" (JSON has no undefined, so it cannot be a value). */
function evaluateLiteral(node: Expression): LiteralValue | undefined {
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' || typeof node.value === 'boolean' || node.value === null
        ? node.value
        : typeof node.value === 'number' && Number.isFinite(node.value)
          ? node.value
          : undefined;
    case 'TemplateLiteral':
      return node.expressions.length === 0 && node.quasis.length === 1
        ? (node.quasis[0]?.value.cooked ?? undefined)
        : undefined;
    case 'UnaryExpression': {
      const operand = evaluateLiteral(node.argument);
      if (typeof operand !== 'number') return undefined;
      if (node.operator === '-') return -operand;
      return node.operator === '+' ? operand : undefined;
    }
    case 'ArrayExpression': {
      const items: LiteralValue[] = [];
      for (const element of node.elements) {
        if (element === null || element.type === 'SpreadElement') return undefined;
        const item = evaluateLiteral(element);
        if (item === undefined) return undefined;
        items.push(item);
      }
      return items;
    }
    case 'ObjectExpression':
      return evaluateObject(node.properties);
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
    case 'TSNonNullExpression':
    case 'ParenthesizedExpression':
      return evaluateLiteral(node.expression);
    default:
      return undefined;
  }
}

function evaluateObject(properties: ObjectPropertyKind[]): LiteralValue | undefined {
  const result: { [key: string]: LiteralValue } = {};
  for (const property of properties) {
    if (property.type !== 'Property' || property.kind !== 'init' || property.method) return undefined;
    const key = propertyKeyName(property.key, property.computed);
    // `__proto__: x` in a literal sets the prototype rather than a property; never evaluate it.
    if (key === undefined || key === '__proto__') return undefined;
    const value = evaluateLiteral(property.value);
    if (value === undefined) return undefined;
    result[key] = value;
  }
  return result;
}

/** The static name of a property key: an identifier, or a string/number literal. */
export function propertyKeyName(key: { type: string } & object, computed: boolean): string | undefined {
  const node = key as { type: string; name?: unknown; value?: unknown };
  if (!computed && node.type === 'Identifier' && typeof node.name === 'string') return node.name;
  if (node.type === 'Literal' && (typeof node.value === 'string' || typeof node.value === 'number')) {
    return String(node.value);
  }
  return undefined;
}

/**
 * The type TypeScript gives a binding initialised with `value`. A mutable one (`let`, `var`, a
 * class property, an object's property) is widened (`string`, `number`, `boolean`); a `const`, a
 * `readonly` property or an `exports.x =` assignment (`literal`) keeps the literal type of a
 * string, number or boolean (`"a"`, `1`, `true`) and widens what an object or array holds;
 * `as const` makes all of it literal and readonly.
 */
export function inferAnnotation(value: LiteralValue, constAssertion: boolean, literal = false): string | undefined {
  if (constAssertion) return literalType(value);
  if (literal && value !== null && typeof value !== 'object') return literalType(value);
  return widenedType(value);
}

function literalType(value: LiteralValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `readonly [${value.map(literalType).join(', ')}]`;
  const members = Object.entries(value).map(([key, item]) => `readonly ${typeKey(key)}: ${literalType(item)}`);
  return members.length === 0 ? '{}' : `{ ${members.join('; ')} }`;
}

function widenedType(value: LiteralValue): string | undefined {
  // `let x = null` is `null` under strictNullChecks and `any` without: it depends on the tsconfig.
  if (value === null) return undefined;
  if (typeof value !== 'object') return typeof value;
  if (Array.isArray(value)) {
    const members: string[] = [];
    for (const item of value) {
      const member = widenedType(item);
      if (member === undefined) return undefined;
      if (!members.includes(member)) members.push(member);
    }
    // `[]` is `never[]` or `any[]` depending on compiler options: better to say nothing.
    if (members.length === 0) return undefined;
    const element = members.length === 1 ? members[0] : `(${members.join(' | ')})`;
    return `${element}[]`;
  }
  const members: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const member = widenedType(item);
    if (member === undefined) return undefined;
    members.push(`${typeKey(key)}: ${member}`);
  }
  return members.length === 0 ? '{}' : `{ ${members.join('; ')} }`;
}

const IDENTIFIER_NAME = /^[A-Za-z_$][\w$]*$/;

function typeKey(key: string): string {
  return IDENTIFIER_NAME.test(key) ? key : JSON.stringify(key);
}

/** Whether an initializer ends in `as const` (possibly inside parentheses or `satisfies`). */
export function hasConstAssertion(node: Expression): boolean {
  if (node.type === 'TSAsExpression') {
    const type = node.typeAnnotation;
    return (
      type.type === 'TSTypeReference' &&
      type.typeName.type === 'Identifier' &&
      type.typeName.name === 'const'
    );
  }
  if (node.type === 'TSSatisfiesExpression' || node.type === 'ParenthesizedExpression') {
    return hasConstAssertion(node.expression);
  }
  return false;
}
