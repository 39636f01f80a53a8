/** Small helpers over the oxc (ESTree + TS-ESTree) AST shared by the analysis files. */
import { createRequire } from 'node:module';
import type { Expression, Node } from 'oxc-parser';

/** A node of any kind, as the generic walker sees it. */
export interface AnyNode {
  type: string;
  start: number;
  end: number;
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Visit every node under `root`, depth first in source order. `enter` returning false skips the
 * node's children. An explicit stack, not recursion, so a deeply nested file cannot overflow it.
 * A node's children are found through oxc's table of the keys that hold them, per node type (in
 * source order); a type the table does not know is looked through key by key.
 */
export function walk(root: unknown, enter: (node: AnyNode) => boolean | void): void {
  const table = childKeyTable();
  const stack: unknown[] = [root];
  const children: unknown[] = [];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    if (!isNode(value)) continue;
    if (enter(value) === false) continue;
    const node = value as unknown as Record<string, unknown>;
    const keys = table.get(value.type);
    if (keys !== undefined) {
      // Pushed in reverse so the first child is visited first.
      for (let i = keys.length - 1; i >= 0; i--) {
        const child = node[keys[i] as string];
        if (typeof child === 'object' && child !== null) stack.push(child);
      }
      continue;
    }
    // Literals and template text hold no nodes below them (a regular expression's value or a
    // template element's raw/cooked pair are plain objects): nothing to look through.
    if (value.type === 'Literal' || value.type === 'TemplateElement') continue;
    // Own enumerable keys in source order. Most keys hold numbers and strings; only objects are
    // looked up among the skipped keys.
    children.length = 0;
    for (const key in node) {
      const child = node[key];
      if (typeof child !== 'object' || child === null || key === 'parent' || TYPE_ONLY_KEYS.has(key)) continue;
      children.push(child);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

let childKeys: Map<string, readonly string[]> | undefined;

/**
 * oxc's visitor keys (every key of each node type that can hold a node, in source order) less
 * TYPE_ONLY_KEYS: walking those beats enumerating every key of every node, most of which hold
 * offsets, names and flags. Taken from oxc-parser on the first walk; a walk only ever follows a
 * parse, so the parser is loaded by then.
 */
function childKeyTable(): Map<string, readonly string[]> {
  if (childKeys === undefined) {
    const { visitorKeys } = createRequire(import.meta.url)('oxc-parser') as { visitorKeys: Record<string, readonly string[]> };
    childKeys = new Map(Object.entries(visitorKeys).map(([type, keys]) => [type, keys.filter((key) => !TYPE_ONLY_KEYS.has(key))]));
  }
  return childKeys;
}

/**
 * Keys that hold TypeScript types only: nothing under them exists at run time (no call, no
 * import), so walks for run-time constructs skip them. Type-level declarations are still
 * visited as nodes (callers that want them see them), only their type annotations are skipped.
 */
const TYPE_ONLY_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeArguments']);

/** The string of a literal specifier: `'x'` or `` `x` `` without expressions; else null. */
export function literalString(node: Expression | Node | null | undefined): string | null {
  if (node === null || node === undefined) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/** `require('x')` with a literal argument: the specifier; otherwise undefined. */
export function requireSpecifier(node: Expression | null | undefined): string | undefined {
  const call = unwrap(node);
  if (call?.type !== 'CallExpression' || !isIdentifier(call.callee, 'require') || call.arguments.length !== 1) {
    return undefined;
  }
  const argument = call.arguments[0];
  if (argument === undefined || argument.type === 'SpreadElement') return undefined;
  return literalString(argument) ?? undefined;
}

export function isIdentifier(node: Node | null | undefined, name?: string): boolean {
  return node?.type === 'Identifier' && (name === undefined || (node as { name: string }).name === name);
}

/** Strip parentheses and TypeScript-only wrappers that do not change the runtime value. */
export function unwrap(node: Expression | null | undefined): Expression | null | undefined {
  let current = node;
  while (
    current?.type === 'ParenthesizedExpression' ||
    current?.type === 'TSAsExpression' ||
    current?.type === 'TSSatisfiesExpression' ||
    current?.type === 'TSNonNullExpression' ||
    current?.type === 'TSTypeAssertion'
  ) {
    current = current.expression;
  }
  return current;
}

/** `module.exports` */
export function isModuleExports(node: Node | null | undefined): boolean {
  return (
    node?.type === 'MemberExpression' &&
    !node.computed &&
    isIdentifier(node.object, 'module') &&
    isIdentifier(node.property, 'exports')
  );
}

/** The property name of `a.b` or `a['b']`. */
export function memberName(node: Node): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  return node.computed ? (literalString(node.property) ?? undefined) : undefined;
}

/** A function or class: a body that runs only when called (walks for what a scope does itself stop there). */
export function isFunctionNode(node: AnyNode): boolean {
  return (
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression' ||
    node.type === 'FunctionDeclaration' ||
    node.type === 'ClassExpression' ||
    node.type === 'ClassDeclaration'
  );
}
