/**
 * The annotation ImportSpy infers for an unannotated export or class property is the type
 * TypeScript itself gives it, or none at all (then a contract annotation on it is
 * unverifiable.annotation). TypeScript is the oracle here: the compiler's own checker reads the
 * fixtures, and its answer is compared with ImportSpy's for every export and class member.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { inspectModuleSync, parseContract, validate } from '../../src/index.js';
import type { ModuleModel } from '../../src/index.js';
import { fixture } from './helpers.js';

const FILES = ['literals.ts', 'classes.ts', 'default.ts', 'script.js', 'commonjs.cjs', 'object.cjs'].map((name) => fixture(`inference/${name}`));

/**
 * The names TypeScript types in a way ImportSpy does not claim to know (a computed value, a
 * bigint, `null` and `[]`, whose types depend on strictNullChecks and noImplicitAny, a property
 * typed by its constructor's assignments): ImportSpy must leave them unannotated.
 */
const UNVERIFIABLE = new Set(['big', 'sum', 'joined', 'missing', 'empty', 'nothing', 'Members.nothing', 'Members.later']);

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  allowJs: true,
  checkJs: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
};

interface Typed {
  /** `name` for an export, `Class.member` for a class property. */
  key: string;
  /** TypeScript's type for it. */
  type: string;
}

/** Each export's type, and each property's of every exported class, as TypeScript's checker gives them. */
function typescriptTypes(program: ts.Program, file: string): Typed[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`TypeScript did not read ${file}`);
  const module = checker.getSymbolAtLocation(source);
  if (module === undefined) throw new Error(`TypeScript sees no module in ${file}`);
  const show = (type: ts.Type): string => checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
  // `module.exports = { ... }`: the names are the properties of the assigned value.
  const assigned = module.exports?.has(ts.escapeLeadingUnderscores('export=')) === true;
  const exports = assigned ? checker.getTypeOfSymbolAtLocation(module, source).getProperties() : checker.getExportsOfModule(module);
  const found: Typed[] = [];
  for (const symbol of exports) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const name = symbol.getName();
    const staticSide = checker.getTypeOfSymbolAtLocation(target, source);
    if (target.flags & ts.SymbolFlags.Class || staticSide.getConstructSignatures().length > 0) {
      const instance = checker.getDeclaredTypeOfSymbol(target);
      for (const [side, type] of [['class', staticSide], ['instance', instance]] as const) {
        for (const property of type.getProperties()) {
          if (property.getName() === 'prototype') continue;
          const propertyType = checker.getTypeOfSymbol(property);
          if (propertyType.getCallSignatures().length > 0) continue;
          found.push({ key: `${name}.${side}.${property.getName()}`, type: show(propertyType) });
        }
      }
      continue;
    }
    found.push({ key: name, type: show(staticSide) });
  }
  return found;
}

/** ImportSpy's inferred annotations under the same keys (undefined: none). */
function importspyTypes(model: ModuleModel): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const variable of model.variables) found.set(variable.name, variable.annotation);
  for (const cls of model.classes) {
    for (const attribute of cls.attributes) found.set(`${cls.name}.${attribute.type}.${attribute.name}`, attribute.annotation);
  }
  return found;
}

/** A contract asking for TypeScript's type on every key, and the violations ImportSpy reports against it. */
function violationsFor(model: ModuleModel, typed: Typed[]): Array<[string, string]> {
  const variables = typed.filter((t) => !t.key.includes('.')).map((t) => ({ name: t.key, annotation: t.type }));
  const classes = new Map<string, Array<{ name: string; type: string; annotation: string }>>();
  for (const t of typed.filter((entry) => entry.key.includes('.'))) {
    const [cls = '', side = '', name = ''] = t.key.split('.');
    classes.set(cls, [...(classes.get(cls) ?? []), { name, type: side, annotation: t.type }]);
  }
  const contract = {
    ...(variables.length > 0 ? { variables } : {}),
    ...(classes.size > 0 ? { classes: [...classes].map(([name, attributes]) => ({ name, attributes })) } : {}),
  };
  const { violations } = validate(parseContract(stringify(contract), { file: 'spymodel.yml' }), { module: model });
  return violations.map((v) => [v.code, v.path]);
}

/** The contract path of a key, as violations name it. */
const pathOf = (key: string): string => {
  const [cls, side, name] = key.split('.');
  return side === undefined ? `variables.${key}.annotation` : `classes.${cls}.attributes.${name}.annotation`;
};
const unverifiable = (key: string): boolean => UNVERIFIABLE.has(key) || UNVERIFIABLE.has(key.replace(/\.(class|instance)\./, '.'));

describe('annotations ImportSpy infers are the ones TypeScript infers', () => {
  const program = ts.createProgram(FILES, { ...OPTIONS, noEmit: true });
  const out = mkdtempSync(path.join(tmpdir(), 'importspy-inference-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.each(FILES.map((file) => [path.basename(file), file]))('%s: every export and class property agrees with the compiler, or is unverifiable', (_name, file) => {
    const typed = typescriptTypes(program, file);
    const model = inspectModuleSync(file, { cache: false });
    const inferred = importspyTypes(model);
    expect(typed.length).toBeGreaterThan(0);
    for (const { key } of typed) {
      expect(inferred.has(key), `ImportSpy does not model ${key}`).toBe(true);
      if (unverifiable(key)) expect(inferred.get(key), key).toBeUndefined();
      else expect(inferred.get(key), `ImportSpy infers nothing for ${key}`).toBeDefined();
    }
    // A contract stating TypeScript's type passes on each inferred one, and is unverifiable on the rest.
    const expected = typed.filter((t) => unverifiable(t.key)).map((t) => ['unverifiable.annotation', pathOf(t.key)]);
    expect(violationsFor(model, typed)).toEqual(expected);
  });

  it('the declarations tsc emits for the sources say the same to ImportSpy', () => {
    const sources = FILES.filter((file) => file.endsWith('.ts'));
    const emitted = ts.createProgram(sources, { ...OPTIONS, declaration: true, emitDeclarationOnly: true, outDir: out }).emit();
    expect(emitted.emitSkipped).toBe(false);
    const declarations = readdirSync(out).filter((name) => name.endsWith('.d.ts'));
    expect(declarations).toHaveLength(sources.length);
    for (const source of sources) {
      const file = path.join(out, path.basename(source).replace(/\.ts$/, '.d.ts'));
      const typed = typescriptTypes(program, source);
      const model = inspectModuleSync(file, { cache: false });
      // Never a mismatch; open only where the source was (a `declare const big = 10n` initializer).
      const violations = violationsFor(model, typed);
      expect(violations.filter(([code]) => code !== 'unverifiable.annotation'), path.basename(file)).toEqual([]);
      const open = typed.filter((t) => unverifiable(t.key)).map((t) => pathOf(t.key));
      expect(violations.map(([, at]) => at).filter((at) => !open.includes(at))).toEqual([]);
      expect(violations.length).toBeLessThanOrEqual(open.length);
    }
  });
});
