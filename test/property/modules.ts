/**
 * Generated modules: a `ModuleSpec` arbitrary (exported variables, functions and classes, in
 * TypeScript or JavaScript, optionally extending a base class from a second file), a renderer
 * that writes it as source files, and the full contract the spec satisfies.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { ContractInput, ContractValue } from '../../src/index.js';

export type Language = 'ts' | 'js';
export type Literal = ContractValue;

export interface ParamSpec {
  name: string;
  /** Destructured: the property names of an object pattern (then `name` is its text `{ a, b }`). */
  pattern?: string[];
  annotation?: string;
  default?: Literal;
  /** TypeScript `?`. */
  question: boolean;
  rest: boolean;
}
export interface CallableSpec {
  name: string;
  async: boolean;
  params: ParamSpec[];
  returns?: string;
}
export interface FunctionSpec extends CallableSpec {
  kind: 'function';
  arrow: boolean;
  /** `export function f` / `export const f`, or a local declaration exported by `export { local as f }`. */
  exportList: boolean;
}
export interface VariableSpec {
  kind: 'variable';
  name: string;
  value: Literal;
  annotation?: string;
  asConst: boolean;
  exportList: boolean;
}
export interface AttributeSpec {
  name: string;
  static: boolean;
  annotation?: string;
  /** `field` declaration, `this.x = ...` in the constructor, or a TS constructor parameter property. */
  form: 'field' | 'this' | 'parameter';
  value?: Literal;
}
export interface MethodSpec extends CallableSpec {
  static: boolean;
}
export interface ClassSpec {
  kind: 'class';
  name: string;
  attributes: AttributeSpec[];
  methods: MethodSpec[];
  extendsBase: boolean;
  implements: string[];
  exportList: boolean;
}
export type EntrySpec = VariableSpec | FunctionSpec | ClassSpec;
export interface ModuleSpec {
  language: Language;
  extension: string;
  entries: EntrySpec[];
  /** Analyse `index.*`, which re-exports the module (`export * from`, or `module.exports = require()`). */
  reexported: boolean;
  /** The base class, declared in `base.*` next to the module. */
  base: { attributes: AttributeSpec[]; methods: MethodSpec[] };
}

export const BASE = 'Base_';
export const INTERFACES = ['Api_', 'Named_'];

const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null ' +
    'return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await ' +
    'arguments eval async get set of declare readonly abstract accessor type constructor prototype undefined NaN Infinity name length caller')
    .split(' '),
);
/** Identifiers without `_` or `$`: the suffixes the tests add (`_renamed`, `_b`) can never collide with one. */
const lower = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,6}$/).filter((n) => !RESERVED.has(n));
const upper = fc.stringMatching(/^[A-Z][a-zA-Z0-9]{0,6}$/).filter((n) => !RESERVED.has(n));

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const literal: fc.Arbitrary<Literal> = fc.letrec<{ value: Literal }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.integer({ min: -1000, max: 1000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }).filter((k) => !FORBIDDEN_KEYS.has(k)), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Type text a JSDoc comment can also carry (no braces, which would end the JSDoc type early). */
const jsType: fc.Arbitrary<string> = fc.letrec<{ type: string }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('string', 'number', 'boolean', 'unknown', 'null', 'Date', 'RegExp', '"on"', "'off'", '42', 'bigint'),
    tie('type').map((t) => `Array<${t}>`),
    tie('type').map((t) => `Promise<${t}>`),
    fc.tuple(tie('type'), tie('type')).map(([k, v]) => `Map<${k}, ${v}>`),
    tie('type').map((t) => `Record<string, ${t}>`),
    fc.array(tie('type'), { minLength: 2, maxLength: 3 }).map((ts) => ts.join(' | ')),
  ),
})).type;
/** TypeScript type text: the JSDoc-safe forms plus literals, tuples, functions and type literals. */
const tsType: fc.Arbitrary<string> = fc.oneof(
  jsType,
  jsType.map((t) => `readonly (${t})[]`),
  fc.tuple(jsType, jsType).map(([a, b]) => `[${a}, ${b}]`),
  fc.tuple(jsType, jsType).map(([a, b]) => `(x: ${a}) => ${b}`),
  fc.tuple(jsType, jsType).map(([a, b]) => `{ a: ${a}; b?: ${b} }`),
  jsType.map((t) => `${t} & object`),
);

function param(language: Language): fc.Arbitrary<ParamSpec> {
  const type = language === 'ts' ? tsType : jsType;
  return fc.record(
    {
      name: lower,
      pattern: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: fc.uniqueArray(lower, { minLength: 1, maxLength: 3 }), weight: 1 }),
      annotation: fc.option(type, { nil: undefined }),
      default: fc.option(literal, { freq: 3, nil: undefined }),
      question: language === 'ts' ? fc.boolean() : fc.constant(false),
      rest: fc.boolean(),
    },
    { requiredKeys: ['name', 'question', 'rest'] },
  ).map((p) => {
    const out: ParamSpec = { ...p };
    if (p.pattern) {
      // A destructured parameter is named by its pattern text; no default, `?` or `...` for it.
      out.name = `{ ${p.pattern.join(', ')} }`;
      out.question = false;
      out.rest = false;
      delete out.default;
      if (language === 'js') delete out.annotation;
      else out.annotation = `{ ${p.pattern.map((k) => `${k}: number`).join('; ')} }`;
    } else {
      delete out.pattern;
    }
    if (out.default !== undefined) out.question = false;
    if (out.rest) {
      out.question = false;
      delete out.default;
      if (out.annotation !== undefined) out.annotation = `Array<${out.annotation}>`;
    }
    return out;
  });
}

function params(language: Language): fc.Arbitrary<ParamSpec[]> {
  return fc
    .uniqueArray(param(language), { maxLength: 3, selector: (p) => p.pattern?.[0] ?? p.name })
    .filter((ps) => new Set(ps.flatMap((p) => p.pattern ?? [p.name])).size === ps.flatMap((p) => p.pattern ?? [p.name]).length)
    .map((ps) => {
      // Only the last parameter may be a rest one; after a `?` every parameter is optional.
      let optional = false;
      return ps.map((p, i) => {
        const out = { ...p, rest: p.rest && i === ps.length - 1 };
        if (optional && out.default === undefined && !out.rest && !out.pattern) out.question = true;
        if (out.question) optional = true;
        if (out.pattern && optional) out.default = {};
        return out;
      });
    });
}

function callable(language: Language, name: fc.Arbitrary<string>) {
  const type = language === 'ts' ? tsType : jsType;
  return fc.record(
    { name, async: fc.boolean(), params: params(language), returns: fc.option(type, { nil: undefined }) },
    { requiredKeys: ['name', 'async', 'params'] },
  ) as fc.Arbitrary<CallableSpec>;
}

function attribute(language: Language): fc.Arbitrary<AttributeSpec> {
  const type = language === 'ts' ? tsType : jsType;
  return fc
    .record(
      {
        name: lower,
        static: fc.boolean(),
        annotation: fc.option(type, { nil: undefined }),
        form: fc.constantFrom<AttributeSpec['form']>('field', 'field', 'this', ...(language === 'ts' ? (['parameter'] as const) : [])),
        value: fc.option(literal, { freq: 3, nil: undefined }),
      },
      { requiredKeys: ['name', 'static', 'form'] },
    )
    .map((a) => {
      const out: AttributeSpec = { ...a };
      if (out.form !== 'field') out.static = false;
      if (out.form === 'parameter') delete out.value;
      if (out.form === 'this' && out.value === undefined) out.value = null;
      return out;
    });
}

const members = (language: Language) =>
  fc.record({
    attributes: fc.array(attribute(language), { maxLength: 3 }),
    methods: fc.array(fc.tuple(callable(language, lower), fc.boolean()).map(([c, s]): MethodSpec => ({ ...c, static: s })), { maxLength: 3 }),
  }).filter(({ attributes, methods }) => {
    const names = [...attributes, ...methods].map((m) => m.name);
    return new Set(names).size === names.length;
  });

function entries(language: Language): fc.Arbitrary<EntrySpec[]> {
  const variable = fc
    .record(
      { name: lower, value: literal, annotation: fc.option(language === 'ts' ? tsType : jsType, { nil: undefined }), asConst: fc.boolean(), exportList: fc.boolean() },
      { requiredKeys: ['name', 'value', 'asConst', 'exportList'] },
    )
    .map((v): VariableSpec => {
      const out: VariableSpec = { kind: 'variable', ...v };
      if (language === 'js' || out.annotation !== undefined) out.asConst = false;
      return out;
    });
  const fn = fc
    .tuple(callable(language, lower), fc.boolean(), fc.boolean())
    .map(([c, arrow, exportList]): FunctionSpec => ({ kind: 'function', ...c, arrow, exportList }));
  const cls = fc
    .tuple(upper, members(language), fc.boolean(), language === 'ts' ? fc.subarray(INTERFACES) : fc.constant([]), fc.boolean())
    .map(([name, m, extendsBase, ifaces, exportList]): ClassSpec => ({ kind: 'class', name, ...m, extendsBase, implements: ifaces, exportList }));
  return fc.uniqueArray(fc.oneof(variable, fn, cls), { minLength: 1, maxLength: 5, selector: (e) => e.name });
}

/** A module spec: TypeScript (.ts/.mts) or JavaScript (.mjs/.js, or CommonJS .cjs), with a base class file. */
export const moduleSpec: fc.Arbitrary<ModuleSpec> = fc.constantFrom<Language>('ts', 'js').chain((language) =>
  fc.record({
    language: fc.constant(language),
    extension: fc.constantFrom(...(language === 'ts' ? ['ts', 'mts'] : ['mjs', 'js', 'cjs'])),
    entries: entries(language),
    reexported: fc.boolean(),
    base: members(language).map(({ attributes, methods }) => ({
      attributes: attributes.map((a) => ({ ...a, name: `${a.name}_b` })),
      methods: methods.map((m) => ({ ...m, name: `${m.name}_b` })),
    })),
  }),
);

// ── rendering ────────────────────────────────────────────────────────────────

/** A literal as source text; strings sometimes as template literals without expressions. */
export function renderLiteral(value: Literal): string {
  if (typeof value === 'string') {
    return /^[\w .,:-]*$/.test(value) && value.length % 2 === 1 ? `\`${value}\`` : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(renderLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${renderLiteral(v)}`).join(', ')} }`;
  }
  return String(value);
}

function renderParam(p: ParamSpec, language: Language): string {
  const name = p.pattern ? `{ ${p.pattern.join(', ')} }` : p.name;
  const type = language === 'ts' && p.annotation !== undefined ? `: ${p.annotation}` : '';
  const init = p.default !== undefined ? ` = ${renderLiteral(p.default)}` : '';
  return `${p.rest ? '...' : ''}${name}${p.question ? '?' : ''}${type}${init}`;
}

function jsdoc(language: Language, c: { params?: ParamSpec[]; returns?: string | undefined; type?: string | undefined }, indent = ''): string {
  if (language !== 'js') return '';
  const tags = [
    ...(c.type !== undefined ? [`@type {${c.type}}`] : []),
    ...(c.params ?? []).filter((p) => p.annotation !== undefined && !p.pattern).map((p) => `@param {${p.rest ? `...(${p.annotation?.replace(/^Array<(.*)>$/, '$1')})` : p.annotation}} ${p.name}`),
    ...(c.returns !== undefined ? [`@returns {${c.returns}}`] : []),
  ];
  if (tags.length === 0) return '';
  return `${indent}/**\n${tags.map((t) => `${indent} * ${t}`).join('\n')}\n${indent} */\n`;
}

function signature(c: CallableSpec, language: Language): string {
  const ret = language === 'ts' && c.returns !== undefined ? `: ${c.returns}` : '';
  return `(${c.params.map((p) => renderParam(p, language)).join(', ')})${ret}`;
}

function renderClassBody(name: string, attributes: AttributeSpec[], methods: MethodSpec[], language: Language, extendsBase: boolean): string[] {
  const lines: string[] = [];
  const typed = (a: AttributeSpec): string => (language === 'ts' && a.annotation !== undefined ? `: ${a.annotation}` : '');
  for (const a of attributes.filter((x) => x.form === 'field')) {
    const init = a.value !== undefined ? ` = ${renderLiteral(a.value)}` : '';
    lines.push(`${jsdoc(language, { type: a.annotation }, '  ')}  ${a.static ? 'static ' : ''}${a.name}${typed(a)}${init};`);
  }
  const viaThis = attributes.filter((x) => x.form === 'this');
  const viaParameter = attributes.filter((x) => x.form === 'parameter');
  if (viaThis.length || viaParameter.length) {
    lines.push(`  constructor(${viaParameter.map((a) => `public ${a.name}${typed(a)}`).join(', ')}) {`);
    if (extendsBase) lines.push('    super();');
    for (const a of viaThis) {
      if (language === 'ts') lines.push(`    this.${a.name} = ${renderLiteral(a.value ?? null)};`);
      else lines.push(`${jsdoc(language, { type: a.annotation }, '    ')}    this.${a.name} = ${renderLiteral(a.value ?? null)};`);
    }
    lines.push('  }');
    // TypeScript needs the `this.x` members declared; the declaration carries their annotation.
    if (language === 'ts') for (const a of viaThis) lines.unshift(`  ${a.name}${typed(a)};`);
  }
  for (const m of methods) {
    lines.push(`${jsdoc(language, { params: m.params, returns: m.returns }, '  ')}  ${m.static ? 'static ' : ''}${m.async ? 'async ' : ''}${m.name}${signature(m, language)} {}`);
  }
  return [`class ${name}${extendsBase ? ` extends ${BASE}` : ''}`, ...lines];
}

/** The main module's source text. */
export function renderModule(spec: ModuleSpec): string {
  const { language } = spec;
  const cjs = spec.extension === 'cjs';
  const out: string[] = [];
  if (spec.entries.some((e) => e.kind === 'class' && e.extendsBase)) {
    out.push(cjs ? `const { ${BASE} } = require('./base.cjs');` : `import { ${BASE} } from './base.${language === 'ts' ? 'js' : 'mjs'}';`);
  }
  if (language === 'ts') for (const i of INTERFACES) out.push(`interface ${i} {}`);
  const listed: string[] = [];
  const assigned: string[] = [];
  for (const e of spec.entries) {
    // CommonJS: `module.exports = { name: local }` (exportList), else `exports.name = local`
    // (`module.exports.name` after a `module.exports = ...`, which `exports` no longer is).
    const local = e.exportList || cjs ? `${e.name}_local` : e.name;
    const exp = e.exportList || cjs ? '' : 'export ';
    if (e.exportList) listed.push(cjs ? `${e.name}: ${local}` : `${local} as ${e.name}`);
    else if (cjs) assigned.push(`${spec.entries.some((x) => x.exportList) ? 'module.exports' : 'exports'}.${e.name} = ${local};`);
    if (e.kind === 'variable') {
      const type = language === 'ts' && e.annotation !== undefined ? `: ${e.annotation}` : '';
      out.push(`${jsdoc(language, { type: e.annotation })}${exp}const ${local}${type} = ${renderLiteral(e.value)}${e.asConst ? ' as const' : ''};`);
    } else if (e.kind === 'function') {
      const doc = jsdoc(language, { params: e.params, returns: e.returns });
      if (e.arrow) out.push(`${doc}${exp}const ${local} = ${e.async ? 'async ' : ''}${signature(e, language)} => {};`);
      else out.push(`${doc}${exp}${e.async ? 'async ' : ''}function ${local}${signature(e, language)} {}`);
    } else {
      const [head, ...body] = renderClassBody(local, e.attributes, e.methods, language, e.extendsBase);
      const impl = e.implements.length ? ` implements ${e.implements.join(', ')}` : '';
      out.push(`${exp}${head}${impl} {`, ...body, '}');
    }
  }
  if (listed.length) out.push(cjs ? `module.exports = { ${listed.join(', ')} };` : `export { ${listed.join(', ')} };`);
  out.push(...assigned);
  return `${out.join('\n')}\n`;
}

/** The base class file's source text. */
export function renderBase(spec: ModuleSpec): string {
  const [head, ...body] = renderClassBody(BASE, spec.base.attributes, spec.base.methods, spec.language, false);
  if (spec.extension === 'cjs') return [`${head} {`, ...body, '}', `module.exports = { ${BASE} };`, ''].join('\n');
  return [`export ${head} {`, ...body, '}', ''].join('\n');
}

/** What a relative specifier names a source file by: `./mod.js` for mod.ts, `./mod.mjs` for mod.mts. */
const RUNTIME_EXTENSION: Record<string, string> = { ts: 'js', mts: 'mjs', mjs: 'mjs', js: 'js', cjs: 'cjs' };

/**
 * Writes the module (and its base class file, and the index re-exporting it) into a new folder
 * under `root`; returns the path to analyse: the index when the spec is re-exported.
 */
export function writeModule(root: string, spec: ModuleSpec, text: string = renderModule(spec)): string {
  const dir = mkdtempSync(join(root, 'm'));
  writeFileSync(join(dir, `base.${spec.language === 'ts' ? 'ts' : spec.extension === 'cjs' ? 'cjs' : 'mjs'}`), renderBase(spec));
  const file = join(dir, `mod.${spec.extension}`);
  writeFileSync(file, text);
  if (!spec.reexported) return file;
  const index = join(dir, `index.${spec.extension}`);
  const target = `./mod.${RUNTIME_EXTENSION[spec.extension] ?? spec.extension}`;
  writeFileSync(index, spec.extension === 'cjs' ? `module.exports = require('${target}');\n` : `export * from '${target}';\n`);
  return index;
}

// ── the contract a spec satisfies ────────────────────────────────────────────

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function callableContract(c: CallableSpec) {
  return {
    name: c.name,
    async: c.async,
    arguments: c.params.map((p) => ({
      name: p.name,
      ...(p.annotation !== undefined ? { annotation: p.annotation } : {}),
      ...(p.default !== undefined ? { value: p.default } : {}),
      ...(p.rest ? {} : { optional: p.question || p.default !== undefined }),
    })),
    ...(c.returns !== undefined ? { return_annotation: c.returns } : {}),
  };
}

/**
 * Everything the spec declares, as a contract: names, annotations written in the source,
 * literal values, defaults, `async`, `static`, `optional`, the base class and `implements`.
 */
export function contractOf(spec: ModuleSpec): Mutable<ContractInput> {
  const variables = spec.entries.flatMap((e) => (e.kind === 'variable' ? [{ name: e.name, ...(e.annotation !== undefined ? { annotation: e.annotation } : {}), value: e.value }] : []));
  const functions = spec.entries.flatMap((e) => (e.kind === 'function' ? [callableContract(e)] : []));
  const classes = spec.entries.flatMap((e) =>
    e.kind === 'class'
      ? [{
          name: e.name,
          attributes: e.attributes.map((a) => ({
            name: a.name,
            type: a.static ? ('class' as const) : ('instance' as const),
            ...(a.annotation !== undefined ? { annotation: a.annotation } : {}),
            ...(a.value !== undefined && a.form === 'field' ? { value: a.value } : {}),
          })),
          methods: e.methods.map((m) => ({ ...callableContract(m), static: m.static })),
          ...(e.extendsBase ? { superclasses: [BASE] } : {}),
          implements: e.implements,
        }]
      : [],
  );
  return { variables, functions, classes };
}
