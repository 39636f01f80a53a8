/**
 * The tree walk behind every search of the analysis (imports, `require()` and its kin, CommonJS
 * exports, prototypes) finds a node's children through oxc's visitor keys. A key missing from
 * that table would hide what is under it — a `require()` an `imports` rule must see — so the
 * walk is held to a reference that looks through every key of every node: the same nodes, in the
 * same order, on syntax written to cover the language, on the test fixtures and, with
 * IMPORTSPY_CORPUS=1, on every file of the installed corpus (test/corpus).
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walk, type AnyNode } from '../../src/analysis/ast.js';
import { decodeUtf8, parseSource, readRawFile } from '../../src/analysis/source.js';

const TYPE_ONLY = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeArguments']);
/** `Program.hashbang`, the `#!` line: text, not code (oxc's keys leave it out). */
const NOT_CODE = new Set(['hashbang']);

/** Every node, depth first in source order, through every own key (the walk's definition). */
function reference(root: unknown, skip: (node: AnyNode) => boolean): string[] {
  const seen: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null || typeof (value as AnyNode).type !== 'string') return;
    const node = value as AnyNode;
    seen.push(`${node.type}@${node.start}-${node.end}`);
    if (skip(node)) return;
    for (const [key, child] of Object.entries(node)) if (key !== 'parent' && !TYPE_ONLY.has(key) && !NOT_CODE.has(key)) visit(child);
  };
  visit(root);
  return seen;
}

function walked(root: unknown, skip: (node: AnyNode) => boolean): string[] {
  const seen: string[] = [];
  walk(root, (node) => {
    seen.push(`${node.type}@${node.start}-${node.end}`);
    return skip(node) ? false : undefined;
  });
  return seen;
}

const SYNTAX: Record<string, string> = {
  'module.mjs': [
    "import def, * as ns from 'a' with { type: 'json' };",
    "import { x as y } from 'b';",
    "export * as all from 'c';",
    "export { y as z };",
    "export default class extends (def ?? Object) { static #p = 1; static { this.q = require('d'); } get [ns.k]() { return import('e', { with: {} }); } }",
    'label: for (const [a, { b = 1, ...c }] of await ns.list) { if (!a) continue label; else break label; }',
    'for await (const v of ns.gen()) { try { v?.(); } catch { throw new Error(`${v}-${y}`); } finally { debugger; } }',
    'for (let i = 0, j; i < 2; i++) while (j) do j--; while (false);',
    'for (const k in ns) switch (k) { case 1: case `two`: break; default: ({ a: k } = { a: 2 }); }',
    'const fn = async function* gen(a = 1, ...rest) { yield* rest; yield a; }, arrow = async (x) => x ** 2;',
    'const tagged = String.raw`a${1}b`, re = /x(?<n>y)/gu, big = 10n, seq = (1, 2), neg = -(+1), del = delete ns.x, ty = typeof ns, vo = void 0;',
    'const cond = y ? function () { return new.target; } : import.meta.url, opt = ns?.a?.[0]?.(1), logic = (y ||= 1) && (y &&= 2), nul = y ??= 3;',
    'with_block: { const cls = class Named { #m() { return #m in this; } }; }',
    "export const lazy = () => process.getBuiltinModule('node:vm');",
  ].join('\n'),
  'types.ts': [
    "import type { T } from 't';",
    "import x = require('cjs-style');",
    "import type Q = require('type-only');",
    "export = x;",
    'declare module "m" { export const a: number; }',
    'namespace N.M { export const v = require("in-namespace"); }',
    'enum E { A = 1, B = A << 1, C = "c".length }',
    'const enum F { G }',
    'abstract class K<U extends T = T> implements T { private constructor(public readonly p: U, protected q?: number) { super(); } abstract m(): void; declare d: string; override o!: number; @dec accessor acc = 1; }',
    'function over(a: string): string; function over(a: number): number; function over(a: unknown) { return a as never; }',
    'let v = <T>x satisfies T, w = x!, z = (x as unknown as K<T>)[0];',
    'type Alias<V> = { [P in keyof V]-?: V[P] extends infer R ? R : never } & `t${string}`;',
    'interface I extends T { (a: number): void; new (): I; readonly [k: string]: unknown; m?<X>(x: X): asserts x is X; }',
    'export declare function dec(...args: unknown[]): any;',
    'using res = open(); await using other = open();',
  ].join('\n'),
  'view.tsx': [
    "import React from 'react';",
    'export const View = <T,>(props: { items: T[] }) => (',
    '  <>',
    '    <ul className="list" {...props} data-x={1}>',
    '      {props.items.map((item, i) => <li key={i}>{String(item)}{/* note */}</li>)}',
    '      <svg:rect width="1" />',
    '      <Ns.Member.Deep value={require("inline-jsx")} />',
    '    </ul>',
    '  </>',
    ');',
  ].join('\n'),
  'script.cjs': [
    "'use strict';",
    "const { a, b: [c] } = require('x'), load = require('module').createRequire(__filename);",
    'exports.one = 1; module.exports.two = load("y"); module.exports = Object.assign(module.exports, { three: 3 });',
    'Object.defineProperty(exports, "four", { enumerable: true, get: function () { return require("z").four; } });',
    'if (typeof window === "undefined") return;',
    'function Legacy() {} Legacy.prototype.m = function () { return arguments.length; };',
  ].join('\n'),
};

function compare(file: string): number {
  const raw = readRawFile(file);
  let parsed;
  try {
    parsed = parseSource(raw, decodeUtf8(raw));
  } catch {
    return 0;
  }
  // All nodes; then with the subtrees of some kinds skipped, as the searches skip them.
  const program = parsed.program;
  expect({ file, nodes: walked(program, () => false) }).toEqual({ file, nodes: reference(program, () => false) });
  const skip = (node: AnyNode): boolean => node.type.endsWith('Declaration') || node.type === 'CallExpression';
  expect({ file, nodes: walked(program, skip) }).toEqual({ file, nodes: reference(program, skip) });
  return 1;
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  const visit = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (pattern.test(e.name)) found.push(p);
    }
  };
  visit(dir);
  return found;
}

const MODULES = /\.(c|m)?(j|t)sx?$/;

describe('the tree walk', () => {
  it('visits what a walk through every key visits, in the same order, over the language', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'importspy-walk-'));
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "w" }\n');
    for (const [name, text] of Object.entries(SYNTAX)) writeFileSync(path.join(dir, name), text);
    const counted = Object.keys(SYNTAX).map((name) => compare(path.join(dir, name)));
    // Every case parses: a case that stopped parsing would compare nothing.
    expect(counted).toEqual(Object.keys(SYNTAX).map(() => 1));
  });

  it('does so on every fixture module of the test suite', () => {
    const files = filesUnder(path.join(import.meta.dirname, '..', 'fixtures'), MODULES);
    const compared = files.reduce((n, file) => n + compare(file), 0);
    expect(compared).toBeGreaterThan(50);
  });

  const corpus = process.env['IMPORTSPY_CORPUS_DIR'] ?? path.join(process.env['HOME'] ?? '', '.cache', 'importspy-corpus');
  it.skipIf(process.env['IMPORTSPY_CORPUS'] !== '1')('does so over the installed corpus', async () => {
    let compared = 0;
    for (const file of filesUnder(path.join(corpus, 'node_modules'), MODULES)) {
      if (compared % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
      compared += compare(file);
    }
    expect(compared).toBeGreaterThan(1000);
  }, 900_000);
});
