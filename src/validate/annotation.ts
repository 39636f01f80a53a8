/**
 * Type annotations are compared as types, not as text: the annotation is parsed with the same
 * parser the analyser uses and printed back in one canonical form (single spaces, `T[]` for
 * `Array<T>`, union and intersection members sorted, `;` between type-literal members, no trailing
 * separator, double-quoted string literals).
 */
import { createRequire } from 'node:module';

interface TypeNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

type ParseSync = (filename: string, source: string, options: { lang: 'ts'; preserveParens: boolean }) => {
  program: { body: Array<{ typeAnnotation?: TypeNode }> };
  errors: unknown[];
};

let parse: ParseSync | undefined;
function parser(): ParseSync {
  parse ??= (createRequire(import.meta.url)('oxc-parser') as { parseSync: ParseSync }).parseSync;
  return parse;
}

const cache = new Map<string, string>();
const PREFIX = 'type __ImportSpy = ';

/** The canonical text of a type annotation; unparseable text is compared with its whitespace collapsed. */
export function normaliseType(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let out: string;
  try {
    const source = `${PREFIX}${text};`;
    const result = parser()('annotation.ts', source, { lang: 'ts', preserveParens: false });
    const node = result.program.body[0]?.typeAnnotation;
    out = result.errors.length === 0 && node ? print(node, source) : collapse(text);
  } catch {
    out = collapse(text);
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(text, out);
  return out;
}

/** Whether two annotations denote the same type text after normalisation. */
export function sameType(a: string, b: string): boolean {
  return a === b || normaliseType(a) === normaliseType(b);
}

/**
 * The primitive a string, number or boolean literal type belongs to (`"a"` → `string`, `-1` →
 * `number`, `true` → `boolean`); undefined for any other type.
 */
export function literalBase(text: string): string | undefined {
  try {
    const source = `${PREFIX}${text};`;
    const result = parser()('annotation.ts', source, { lang: 'ts', preserveParens: false });
    const node = result.program.body[0]?.typeAnnotation;
    if (result.errors.length > 0 || node?.type !== 'TSLiteralType') return undefined;
    const literal = child(node, 'literal');
    const value = literal?.type === 'UnaryExpression' ? child(literal, 'argument')?.['value'] : literal?.['value'];
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? typeof value : undefined;
  } catch {
    return undefined;
  }
}

function collapse(text: string): string {
  return text.split(/\s+/).filter(Boolean).join(' ').replace(/[;,]\s*}/g, ' }');
}

function child(node: TypeNode, key: string): TypeNode | undefined {
  const value = node[key];
  return value && typeof value === 'object' && 'type' in value ? (value as TypeNode) : undefined;
}

function children(node: TypeNode, key: string): TypeNode[] {
  const value = node[key];
  return Array.isArray(value) ? (value as TypeNode[]) : [];
}

function annotationOf(node: TypeNode, source: string): string | undefined {
  const ann = child(node, 'typeAnnotation') ?? child(node, 'returnType');
  if (!ann) return undefined;
  const inner = ann.type === 'TSTypeAnnotation' ? child(ann, 'typeAnnotation') : ann;
  return inner ? print(inner, source) : undefined;
}

function wrap(node: TypeNode, source: string): string {
  const text = print(node, source);
  const needs = ['TSUnionType', 'TSIntersectionType', 'TSFunctionType', 'TSConstructorType', 'TSConditionalType', 'TSTypeOperator'];
  return needs.includes(node.type) ? `(${text})` : text;
}

function print(node: TypeNode, source: string): string {
  switch (node.type) {
    case 'TSUnionType':
    case 'TSIntersectionType': {
      const sep = node.type === 'TSUnionType' ? ' | ' : ' & ';
      const parts = [...new Set(children(node, 'types').map((t) => wrapInUnion(t, source)))].sort();
      return parts.join(sep);
    }
    case 'TSArrayType':
      return `${wrap(child(node, 'elementType') as TypeNode, source)}[]`;
    case 'TSTypeReference': {
      const name = print(child(node, 'typeName') as TypeNode, source);
      const args = children(child(node, 'typeArguments') ?? ({ params: [] } as unknown as TypeNode), 'params');
      if ((name === 'Array' || name === 'ReadonlyArray') && args.length === 1) {
        const element = `${wrap(args[0] as TypeNode, source)}[]`;
        return name === 'Array' ? element : `readonly ${element}`;
      }
      return args.length ? `${name}<${args.map((a) => print(a, source)).join(', ')}>` : name;
    }
    case 'Identifier':
      return String(node['name']);
    case 'TSQualifiedName':
      return `${print(child(node, 'left') as TypeNode, source)}.${print(child(node, 'right') as TypeNode, source)}`;
    case 'TSTypeLiteral': {
      const members = children(node, 'members').map((m) => printMember(m, source));
      return members.length ? `{ ${members.join('; ')} }` : '{}';
    }
    case 'TSTupleType':
      return `[${children(node, 'elementTypes').map((e) => print(e, source)).join(', ')}]`;
    case 'TSNamedTupleMember':
      return `${print(child(node, 'label') as TypeNode, source)}${node['optional'] ? '?' : ''}: ${print(child(node, 'elementType') as TypeNode, source)}`;
    case 'TSOptionalType':
      return `${wrap(child(node, 'typeAnnotation') as TypeNode, source)}?`;
    case 'TSRestType':
      return `...${print(child(node, 'typeAnnotation') as TypeNode, source)}`;
    case 'TSLiteralType': {
      const literal = child(node, 'literal') as TypeNode;
      const value = literal['value'];
      if (typeof value === 'string') return JSON.stringify(value);
      if (literal.type === 'UnaryExpression') return collapse(source.slice(literal.start, literal.end));
      return literal.type === 'TemplateLiteral' ? source.slice(literal.start, literal.end) : String(literal['raw'] ?? value);
    }
    case 'TSFunctionType':
    case 'TSConstructorType': {
      const params = children(node, 'params').map((p) => printParam(p, source));
      const ret = annotationOf(node, source) ?? 'void';
      return `${node.type === 'TSConstructorType' ? 'new ' : ''}(${params.join(', ')}) => ${ret}`;
    }
    case 'TSTypeOperator':
      return `${String(node['operator'])} ${wrap(child(node, 'typeAnnotation') as TypeNode, source)}`;
    case 'TSIndexedAccessType':
      return `${wrap(child(node, 'objectType') as TypeNode, source)}[${print(child(node, 'indexType') as TypeNode, source)}]`;
    case 'TSParenthesizedType':
      return print(child(node, 'typeAnnotation') as TypeNode, source);
    case 'TSTypeQuery':
      return `typeof ${print(child(node, 'exprName') as TypeNode, source)}`;
    default:
      // Keywords (`string`, `unknown`, ...) and rarer forms: their own text, whitespace collapsed.
      return collapse(source.slice(node.start, node.end));
  }
}

function wrapInUnion(node: TypeNode, source: string): string {
  const text = print(node, source);
  return node.type === 'TSFunctionType' || node.type === 'TSConstructorType' || node.type === 'TSConditionalType' ? `(${text})` : text;
}

function printParam(param: TypeNode, source: string): string {
  const ann = annotationOf(param, source);
  if (param.type === 'RestElement') {
    const arg = child(param, 'argument') as TypeNode;
    return `...${printName(arg, source)}${ann ? `: ${ann}` : ''}`;
  }
  const optional = param['optional'] ? '?' : '';
  const own = ann ?? (child(param, 'typeAnnotation') ? undefined : undefined);
  return `${printName(param, source)}${optional}${own ? `: ${own}` : ''}`;
}

function printName(node: TypeNode, source: string): string {
  if (node.type === 'Identifier') return String(node['name']);
  const end = child(node, 'typeAnnotation')?.start ?? node.end;
  return collapse(source.slice(node.start, end));
}

function printMember(member: TypeNode, source: string): string {
  const readonly = member['readonly'] ? 'readonly ' : '';
  const optional = member['optional'] ? '?' : '';
  const key = child(member, 'key');
  const keyText = key ? (key.type === 'Identifier' ? String(key['name']) : typeof key['value'] === 'string' ? String(key['value']) : collapse(source.slice(key.start, key.end))) : '';
  const name = member['computed'] ? `[${keyText}]` : keyText;
  switch (member.type) {
    case 'TSPropertySignature':
      return `${readonly}${name}${optional}: ${annotationOf(member, source) ?? 'any'}`;
    case 'TSMethodSignature': {
      const params = children(member, 'params').map((p) => printParam(p, source));
      return `${name}${optional}(${params.join(', ')}): ${annotationOf(member, source) ?? 'any'}`;
    }
    case 'TSIndexSignature': {
      const params = children(member, 'parameters').map((p) => printParam(p, source));
      return `${readonly}[${params.join(', ')}]: ${annotationOf(member, source) ?? 'any'}`;
    }
    default:
      return collapse(source.slice(member.start, member.end)).replace(/[;,]$/, '');
  }
}
