/**
 * Schema issues → contract problems: each at its field's position, with a suggestion for a
 * misspelt key or value and the allowed values listed, in file order.
 */
import { ARCH_NAMES, ENV_ANNOTATION_NAMES, OS_NAMES, RUNTIME_NAMES } from './aliases.js';
import type { ContractProblem } from './errors.js';
import { FORBIDDEN_KEYS } from './limits.js';
import { formatPath, positionOf, type ContractSource } from './positions.js';
import { closest } from '../util/strings.js';

/**
 * The fields of a schema issue that problems are built from (a structural view of zod's issues,
 * so that this module's types do not pull in zod's).
 */
export interface Issue {
  readonly code?: string;
  readonly path: PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly expected?: string;
  readonly errors?: readonly (readonly Issue[])[];
}

/** Fields of ImportSpy for Python that are spelled differently here. */
const RENAMED_KEYS: Readonly<Record<string, string>> = {
  pythons: 'write `runtimes:` instead, each entry with `name: node` (or bun, deno) and a semver `version`',
  interpreter: 'write `name:` (node, bun or deno) in a `runtimes` entry instead',
  returnAnnotation: 'write `return_annotation:`',
  envs: 'write `environment:` with `variables:` and `secrets:`',
};

const ENUM_LISTS: ReadonlyArray<[string, readonly string[]]> = [
  ['arch', ARCH_NAMES],
  ['os', OS_NAMES],
  ['name', RUNTIME_NAMES],
  ['annotation', ENV_ANNOTATION_NAMES],
];

/** Turns schema issues into contract problems with positions, suggestions and allowed values. */
export function schemaProblems(issues: readonly Issue[], source: ContractSource, data: unknown, knownKeys: readonly string[]): ContractProblem[] {
  return sortProblems(dedupe(issues.flatMap((i) => toProblems(i, source, data, knownKeys))));
}

/** File order, so the report reads top to bottom. */
export function sortProblems(problems: ContractProblem[]): ContractProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.location?.line ?? 0) - (b.p.location?.line ?? 0) || (a.p.location?.column ?? 0) - (b.p.location?.column ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

/** Each problem once: the same message for the same field is said once. */
export function dedupe(problems: ContractProblem[]): ContractProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur = data;
  for (const part of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part as string];
  }
  return cur;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function toProblems(issue: Issue, source: ContractSource, data: unknown, knownKeys: readonly string[]): ContractProblem[] {
  const path = issue.path;
  switch (issue.code) {
    case 'unrecognized_keys':
      // Prototype keys are reported once, as forbidden, by the limits.
      return (issue.keys ?? []).filter((key) => !FORBIDDEN_KEYS.has(key)).map((key) => {
        const keyPath = [...path, key];
        const renamed = Object.hasOwn(RENAMED_KEYS, key) ? RENAMED_KEYS[key] : undefined;
        if (renamed) {
          return { code: 'contract.renamed-key', path: formatPath(keyPath), message: `\`${key}\` is ImportSpy for Python's name: ${renamed}`, location: positionOf(source, keyPath, true) };
        }
        const suggestion = closest(key, knownKeys);
        return {
          code: 'contract.unknown-key',
          path: formatPath(keyPath),
          message: `unknown key \`${key}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`,
          location: positionOf(source, keyPath, true),
        };
      });
    case 'invalid_value': {
      const field = String(path[path.length - 1] ?? '');
      const list = ENUM_LISTS.find(([name]) => name === field)?.[1] ?? (issue.values ?? []).map(String);
      const got = valueAt(data, path);
      if (got === undefined) {
        return [{ code: 'contract.missing-field', path: formatPath(path), message: `required field \`${field}\` is missing; one of: ${list.join(', ')}`, location: positionOf(source, path.slice(0, -1)) }];
      }
      const suggestion = typeof got === 'string' ? closest(got, list) : undefined;
      return [{
        code: 'contract.invalid-value',
        path: formatPath(path),
        message: `${describe(got)} is not allowed; expected one of: ${list.join(', ')}${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}`,
        location: positionOf(source, path),
      }];
    }
    case 'invalid_type': {
      const got = valueAt(data, path);
      if (got === undefined) {
        return [{ code: 'contract.missing-field', path: formatPath(path), message: `required field \`${String(path[path.length - 1])}\` is missing`, location: positionOf(source, path.slice(0, -1)) }];
      }
      if (got === null) {
        // `return_annotation:` with nothing after it, as in ImportSpy for Python's examples.
        const field = String(path[path.length - 1]);
        return [{ code: 'contract.invalid-type', path: formatPath(path), message: `\`${field}:\` has no value (an empty key reads as null): give it a ${issue.expected}, or delete the line`, location: positionOf(source, path) }];
      }
      const quote = issue.expected === 'string' && (typeof got === 'number' || typeof got === 'boolean') ? ` (write it in quotes: "${String(got)}")` : '';
      return [{ code: 'contract.invalid-type', path: formatPath(path), message: `expected ${issue.expected}, got ${describe(got)}${quote}`, location: positionOf(source, path) }];
    }
    case 'invalid_union': {
      const got = valueAt(data, path);
      // A mapping was meant as the mapping form of the union: report that branch's own problems.
      if (typeof got === 'object' && got !== null && !Array.isArray(got) && (issue.errors?.length ?? 0) > 0) {
        const branch = (issue.errors ?? []).find((errs) => errs.every((e) => e.code !== 'invalid_type' || e.path.length > 0));
        if (branch) return branch.flatMap((e) => toProblems({ ...e, path: [...path, ...e.path] } as Issue, source, data, knownKeys));
      }
      return [{ code: 'contract.invalid-type', path: formatPath(path), message: `${describe(got)} is not a valid value here`, location: positionOf(source, path) }];
    }
    case 'too_small':
      return [{ code: 'contract.invalid-value', path: formatPath(path), message: 'must not be empty', location: positionOf(source, path) }];
    default:
      return [{ code: 'contract.invalid-value', path: formatPath(path), message: issue.message, location: positionOf(source, path) }];
  }
}
