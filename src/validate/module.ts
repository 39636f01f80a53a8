/**
 * What a module must be: filename, version, variables, functions, classes and imports, checked
 * against the module model. A contract is a minimum: anything the module has beyond it is allowed.
 */
import { basename, extname } from 'node:path';
import { satisfies, valid, validRange } from '../util/semver.js';
import { locate, type Contract } from '../contract/load.js';
import type {
  ArgumentEntry,
  AttributeEntry,
  ClassEntry,
  FunctionEntry,
  ImportKind,
  ImportRuleEntry,
  MethodEntry,
  ModuleExpectation,
  VariableEntry,
} from '../contract/types.generated.js';
import type { Location } from '../contract/errors.js';
import type {
  AttributeModel,
  ClassModel,
  FunctionModel,
  ImportModel,
  MethodModel,
  ModuleModel,
  ParameterModel,
  SourceLocation,
  ValueModel,
} from '../analysis/model.js';
import { literalBase, sameType, normaliseType } from './annotation.js';
import { deepEqual } from '../util/equal.js';
import { specifierMatches } from '../util/glob.js';
import { show, violation, type Violation } from '../violations/violation.js';
import type { ViolationCode } from '../violations/codes.js';

const MODULE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

type Path = PropertyKey[];
type Entry = { severity?: 'error' | 'warn' | undefined; hint?: string | undefined };

/** Shared state of one module check. */
class Checker {
  readonly out: Violation[] = [];
  constructor(
    readonly contract: Contract,
    readonly model: ModuleModel,
    readonly prefix: string,
  ) {}

  at(loc: SourceLocation | undefined): Location {
    return loc ? { file: loc.file, line: loc.line, column: loc.column } : { file: this.model.file, line: 1, column: 1 };
  }

  add(code: ViolationCode, o: { path: string; message: string; solution: string; where: Path; loc?: SourceLocation | undefined; entry?: Entry | undefined; expected?: unknown; actual?: unknown }): void {
    this.out.push(violation({
      code,
      path: this.prefix + o.path,
      message: o.message,
      solution: o.solution,
      expected: o.expected,
      actual: o.actual,
      location: this.at(o.loc),
      contractLocation: locate(this.contract, o.where),
      entry: o.entry,
    }));
  }

  get runtimeHint(): string {
    return this.model.mode === 'static' ? ', or run with --runtime to decide from the live module' : '';
  }

  /** Compares a declared annotation; reports a mismatch or an unverifiable annotation. */
  annotation(expected: string | undefined, actual: string | undefined, options: { path: string; what: string; where: Path; loc: SourceLocation | undefined; entry: Entry; code?: ViolationCode; inferred?: boolean }): void {
    if (expected === undefined) return;
    const { inferred, ...o } = options;
    if (actual === undefined) {
      this.add('unverifiable.annotation', {
        ...o,
        message: `${o.what} has no type annotation, the contract expects ${expected}`,
        solution: `annotate ${o.what} as ${expected}${this.model.language === 'js' ? ' (JSDoc @type/@param/@returns)' : ''}`,
        expected,
      });
      return;
    }
    // An inferred literal type (`const mode = 'fast'` is "fast") is also a value of its primitive type.
    const widened = inferred === true ? literalBase(actual) : undefined;
    if (!sameType(expected, actual) && (widened === undefined || !sameType(expected, widened))) {
      this.add(o.code ?? 'mismatch.annotation', {
        ...o,
        message: `${o.what} is annotated ${actual}, the contract expects ${expected}`,
        solution: `change the annotation of ${o.what} to ${expected}`,
        expected: normaliseType(expected),
        actual: normaliseType(actual),
      });
    }
  }

  /** Compares a declared value; an undeterminable value is `unverifiable` (fail closed). */
  value(expected: unknown, actual: ValueModel | undefined, o: { path: string; what: string; where: Path; loc: SourceLocation | undefined; entry: Entry }): void {
    if (expected === undefined) return;
    if (!actual || !actual.known) {
      this.add('unverifiable.value', {
        ...o,
        message: actual ? `the value of ${o.what} cannot be determined statically` : `${o.what} has no value`,
        solution: actual ? `initialise ${o.what} with a literal${this.runtimeHint}` : `give ${o.what} the value ${show(expected)}`,
        expected,
      });
      return;
    }
    if (!deepEqual(actual.value, expected)) {
      this.add('mismatch.value', {
        ...o,
        message: `${o.what} is ${show(actual.value)}, the contract expects ${show(expected)}`,
        solution: `set ${o.what} to ${show(expected)}`,
        expected,
        actual: actual.value,
      });
    }
  }
}

export interface ModuleCheckOptions extends ImportsCheckOptions {
  /** For `runtimes[].modules`: an entry with a `filename` applies only to a module of that name. */
  onlyForFilename?: boolean;
}

/** Checks a module model against one module expectation (the contract itself or a runtime's `modules` entry). */
export function validateModule(contract: Contract, expectation: ModuleExpectation, base: Path, model: ModuleModel, options: ModuleCheckOptions = {}): Violation[] {
  if (options.onlyForFilename && expectation.filename && !filenameMatches(expectation.filename, model.filename)) return [];
  const prefix = base.length ? `${base.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').slice(1)}.` : '';
  const c = new Checker(contract, model, prefix);

  if (expectation.filename && !options.onlyForFilename && !filenameMatches(expectation.filename, model.filename)) {
    c.add('mismatch.filename', {
      path: 'filename',
      message: `the module is ${model.filename}, the contract expects ${expectation.filename}`,
      solution: `rename the module to ${expectation.filename}${extname(expectation.filename) ? '' : ' (any JS/TS extension)'}`,
      where: [...base, 'filename'],
      expected: expectation.filename,
      actual: model.filename,
    });
  }
  if (expectation.version) checkVersion(c, expectation.version, [...base, 'version']);
  expectation.variables?.forEach((v, i) => checkVariable(c, v, [...base, 'variables', i]));
  expectation.functions?.forEach((f, i) => checkFunction(c, f, [...base, 'functions', i]));
  expectation.classes?.forEach((k, i) => checkClass(c, k, [...base, 'classes', i]));
  if (expectation.imports) checkImports(c, expectation.imports, [...base, 'imports'], options);
  return c.out;
}

export function filenameMatches(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  if (extname(expected)) return false;
  const ext = extname(actual);
  return MODULE_EXTENSIONS.includes(ext) && basename(actual, ext) === expected;
}

function checkVersion(c: Checker, expected: string, where: Path): void {
  const found = c.model.version;
  if (!found) {
    c.add('missing.version', {
      path: 'version',
      message: 'the module declares no version (no exported `version`/`VERSION`, no package.json version)',
      solution: `export const version = '...' satisfying ${expected}, or set "version" in package.json`,
      where,
      expected,
    });
    return;
  }
  const range = validRange(expected);
  const ok = found.value === expected || (range !== null && valid(found.value) !== null && satisfies(found.value, range));
  if (!ok) {
    c.add('mismatch.version', {
      path: 'version',
      message: `the module's version is ${found.value} (from ${found.source}), the contract expects ${expected}`,
      solution: `release a version in ${expected}`,
      where,
      loc: found.location,
      expected,
      actual: found.value,
    });
  }
}

/** What else a name is exported as, for a helpful "exported as a function, not a class" message. */
function exportedKind(model: ModuleModel, name: string): 'variable' | 'function' | 'class' | 'unknown' | null {
  if (model.variables.some((v) => v.name === name)) return 'variable';
  if (model.functions.some((f) => f.name === name)) return 'function';
  if (model.classes.some((k) => k.name === name)) return 'class';
  if (model.unresolvedExports.includes(name) || model.exports.includes(name)) return 'unknown';
  return null;
}

function reportAbsent(c: Checker, kind: 'variable' | 'function' | 'class', name: string, path: string, where: Path, entry: Entry): void {
  const other = exportedKind(c.model, name);
  const found = [...c.model.variables, ...c.model.functions, ...c.model.classes].find((x) => x.name === name);
  if (other === 'unknown' || (other === 'variable' && kind !== 'variable' && c.model.variables.find((v) => v.name === name)?.value?.known === false)) {
    c.add('unverifiable.export', {
      path,
      message: `${name} is exported, but what it is cannot be determined statically`,
      solution: `declare ${name} directly as a ${kind} in the module${c.runtimeHint}`,
      where,
      loc: found?.location,
      entry,
      expected: kind,
    });
  } else if (!other && c.model.unresolvedReexports?.length) {
    const from = c.model.unresolvedReexports.map((s) => `'${s}'`).join(', ');
    c.add('unverifiable.export', {
      path,
      message: `${name} is not among the names ImportSpy could follow, but the module re-exports everything from ${from}, which cannot be resolved`,
      solution: `make ${from} resolvable from the module (installed, or mapped by tsconfig paths), or export ${name} directly${c.runtimeHint}`,
      where,
      entry,
      expected: kind,
    });
  } else if (other) {
    c.add('mismatch.kind', {
      path,
      message: `${name} is exported as a ${other}, the contract expects a ${kind}`,
      solution: `export ${name} as a ${kind}`,
      where,
      loc: found?.location,
      entry,
      expected: kind,
      actual: other,
    });
  } else {
    const code = kind === 'variable' ? 'missing.variable' : kind === 'function' ? 'missing.function' : 'missing.class';
    c.add(code, {
      path,
      message: `the module does not export ${kind} ${name}`,
      solution: `export a ${kind} named ${name}`,
      where,
      entry,
      expected: name,
    });
  }
}

function checkVariable(c: Checker, v: VariableEntry, where: Path): void {
  const path = `variables.${v.name}`;
  const found = c.model.variables.find((x) => x.name === v.name);
  if (!found) return reportAbsent(c, 'variable', v.name, path, where, v);
  const what = `variable ${v.name}`;
  c.annotation(v.annotation, found.annotation, { path: `${path}.annotation`, what, where: [...where, 'annotation'], loc: found.location, entry: v, inferred: !found.annotationDeclared });
  c.value(v.value, found.value, { path: `${path}.value`, what, where: [...where, 'value'], loc: found.location, entry: v });
}

function checkFunction(c: Checker, f: FunctionEntry, where: Path): void {
  const path = `functions.${f.name}`;
  const found = c.model.functions.find((x) => x.name === f.name);
  if (!found) return reportAbsent(c, 'function', f.name, path, where, f);
  checkSignatures(c, f, found, path, `function ${f.name}`, where);
}

/**
 * An overloaded function is called through its overload signatures only: the entry matches when
 * one of them matches; otherwise the violations of the closest one are reported.
 */
function checkSignatures(c: Checker, f: FunctionEntry | MethodEntry, found: FunctionModel, path: string, what: string, where: Path): void {
  const overloads = found.overloads;
  if (overloads === undefined || overloads.length === 0) return checkCallable(c, f, found, path, what, where);
  let closest: Violation[] | undefined;
  for (const overload of overloads) {
    const trial = new Checker(c.contract, c.model, c.prefix);
    checkCallable(trial, f, overload, path, what, where);
    if (trial.out.length === 0) return;
    if (closest === undefined || trial.out.length < closest.length) closest = trial.out;
  }
  for (const v of closest ?? []) c.out.push({ ...v, message: `${v.message} (no overload of ${what} matches; the closest of ${overloads.length} is shown)` });
}

function checkCallable(c: Checker, f: FunctionEntry | MethodEntry, found: FunctionModel, path: string, what: string, where: Path): void {
  if (f.async !== undefined && f.async !== found.async) {
    c.add('mismatch.async', {
      path: `${path}.async`,
      message: `${what} is ${found.async ? '' : 'not '}async, the contract expects it ${f.async ? '' : 'not '}to be`,
      solution: f.async ? `declare ${what} async` : `remove async from ${what}`,
      where: [...where, 'async'],
      loc: found.location,
      entry: f,
      expected: f.async,
      actual: found.async,
    });
  }
  f.arguments?.forEach((a, i) => checkArgument(c, a, i, found, `${path}.arguments.${a.name}`, what, [...where, 'arguments', i]));
  c.annotation(f.return_annotation, found.returnAnnotation, {
    path: `${path}.return_annotation`,
    what: `the return type of ${what}`,
    where: [...where, 'return_annotation'],
    loc: found.location,
    entry: f,
    code: 'mismatch.return-annotation',
  });
}

function checkArgument(c: Checker, a: ArgumentEntry, index: number, fn: FunctionModel, path: string, what: string, where: Path): void {
  const param: ParameterModel | undefined = fn.parameters.find((p) => p.position === index);
  const elsewhere = fn.parameters.find((p) => sameParameterName(p.name, a.name));
  if (!param || !sameParameterName(param.name, a.name)) {
    const position = `argument ${index + 1} of ${what}`;
    if (!param && !elsewhere) {
      c.add('missing.argument', {
        path,
        message: `${what} has no parameter ${a.name} (expected at position ${index + 1})`,
        solution: `add a parameter ${a.name} as ${position}`,
        where,
        loc: fn.location,
        entry: a,
        expected: a.name,
      });
    } else {
      c.add('mismatch.argument', {
        path,
        message: param ? `${position} is ${param.name}, the contract expects ${a.name}` : `${a.name} is parameter ${(elsewhere?.position ?? 0) + 1} of ${what}, the contract expects it at ${index + 1}`,
        solution: `make ${a.name} ${position}`,
        where,
        loc: param?.location ?? elsewhere?.location ?? fn.location,
        entry: a,
        expected: a.name,
        actual: param?.name ?? null,
      });
    }
    return;
  }
  const argWhat = `parameter ${a.name} of ${what}`;
  c.annotation(a.annotation, param.annotation, { path: `${path}.annotation`, what: argWhat, where: [...where, 'annotation'], loc: param.location, entry: a });
  if (a.value !== undefined) {
    c.value(a.value, param.default, { path: `${path}.value`, what: `the default of ${argWhat}`, where: [...where, 'value'], loc: param.location, entry: a });
  }
  if (a.optional !== undefined && a.optional !== param.optional) {
    c.add('mismatch.optional', {
      path: `${path}.optional`,
      message: `${argWhat} is ${param.optional ? 'optional' : 'required'}, the contract expects it ${a.optional ? 'optional' : 'required'}`,
      solution: a.optional ? `give ${a.name} a default or mark it with ?` : `make ${a.name} required`,
      where: [...where, 'optional'],
      loc: param.location,
      entry: a,
      expected: a.optional,
      actual: param.optional,
    });
  }
}

/** A destructured parameter is named by its pattern text: `{a,b}` in a contract is `{ a, b }`. */
function sameParameterName(actual: string, expected: string): boolean {
  if (actual === expected) return true;
  const pattern = (name: string): string => name.replace(/\s+/g, '').replace(/,([}\]])/g, '$1');
  return /^[{[]/.test(expected) && pattern(actual) === pattern(expected);
}

/** A class with its members and, after them, every base class's members (inherited ones count). */
interface ClassView {
  name: string;
  location: SourceLocation;
  attributes: AttributeModel[];
  methods: MethodModel[];
  chain: ClassModel['superclasses'];
  implements: string[];
}

function viewOf(k: ClassModel): ClassView {
  return {
    name: k.name,
    location: k.location,
    attributes: [...k.attributes, ...k.superclasses.flatMap((s) => s.attributes)],
    methods: [...k.methods, ...k.superclasses.flatMap((s) => s.methods)],
    chain: k.superclasses,
    implements: [...k.implements, ...k.superclasses.flatMap((s) => s.implements)],
  };
}

function checkClass(c: Checker, k: ClassEntry, where: Path): void {
  const path = `classes.${k.name}`;
  const found = c.model.classes.find((x) => x.name === k.name);
  if (!found) return reportAbsent(c, 'class', k.name, path, where, k);
  checkClassBody(c, k, viewOf(found), path, where);
}

function checkClassBody(c: Checker, k: ClassEntry, view: ClassView, path: string, where: Path): void {
  const what = `class ${view.name}`;
  k.attributes?.forEach((a, i) => checkAttribute(c, a, view, `${path}.attributes.${a.name}`, what, [...where, 'attributes', i]));
  k.methods?.forEach((m, i) => checkMethod(c, m, view, `${path}.methods.${m.name}`, what, [...where, 'methods', i]));
  k.superclasses?.forEach((s, i) => checkSuperclass(c, s, view, path, what, [...where, 'superclasses', i]));
  k.implements?.forEach((name, i) => {
    if (view.implements.includes(name)) return;
    c.add('missing.implements', {
      path: `${path}.implements.${name}`,
      message: `${what} does not implement ${name}`,
      solution: `add \`implements ${name}\` to ${what}`,
      where: [...where, 'implements', i],
      loc: view.location,
      entry: k,
      expected: name,
      actual: view.implements,
    });
  });
}

/** The first base of the chain that could not be resolved: what it has cannot be known. */
function unresolvedBase(view: ClassView): ClassModel['superclasses'][number] | undefined {
  return view.chain.find((x) => !x.resolved);
}

function checkAttribute(c: Checker, a: AttributeEntry, view: ClassView, path: string, owner: string, where: Path): void {
  const named = view.attributes.filter((x) => x.name === a.name);
  const found = named.find((x) => a.type === undefined || x.type === a.type);
  const unresolved = unresolvedBase(view);
  if (!found && unresolved) {
    c.add('unverifiable.attribute', {
      path,
      message: `${owner} has no attribute ${a.name} of its own, and it extends ${unresolved.name}, whose members cannot be followed statically`,
      solution: `make ${unresolved.name} resolvable from the module, or declare ${a.name} in ${owner}${c.runtimeHint}`,
      where,
      loc: view.location,
      entry: a,
      expected: a.name,
    });
    return;
  }
  if (!found) {
    const other = named[0];
    if (other && a.type) {
      c.add('mismatch.attribute-type', {
        path: `${path}.type`,
        message: `${a.name} is ${other.type === 'class' ? 'a static (class)' : 'an instance'} attribute of ${owner}, the contract expects ${a.type === 'class' ? 'a static (class)' : 'an instance'} one`,
        solution: a.type === 'class' ? `declare ${a.name} static` : `make ${a.name} an instance attribute`,
        where: [...where, 'type'],
        loc: other.location,
        entry: a,
        expected: a.type,
        actual: other.type,
      });
    } else {
      c.add('missing.attribute', {
        path,
        message: `${owner} has no ${a.type === 'class' ? 'static ' : a.type === 'instance' ? 'instance ' : ''}attribute ${a.name}`,
        solution: `declare ${a.type === 'class' ? `static ${a.name}` : a.name} in ${owner}`,
        where,
        loc: view.location,
        entry: a,
        expected: a.name,
      });
    }
    return;
  }
  const what = `attribute ${a.name} of ${owner}`;
  c.annotation(a.annotation, found.annotation, { path: `${path}.annotation`, what, where: [...where, 'annotation'], loc: found.location, entry: a, inferred: !found.annotationDeclared });
  c.value(a.value, found.value, { path: `${path}.value`, what, where: [...where, 'value'], loc: found.location, entry: a });
}

/** What `new Class(...)` calls: the nearest constructor in the chain, else the implicit one. */
function checkConstructor(c: Checker, m: MethodEntry, view: ClassView, path: string, owner: string, where: Path): void {
  const found = view.methods.find((x) => x.kind === 'constructor');
  const what = `the constructor of ${owner}`;
  if (m.static === true) {
    c.add('mismatch.static', {
      path: `${path}.static`,
      message: `${what} is not a static method`,
      solution: 'remove `static: true` from the constructor entry',
      where: [...where, 'static'],
      loc: view.location,
      entry: m,
      expected: true,
      actual: false,
    });
    return;
  }
  if (found) return checkSignatures(c, m, found, path, what, where);
  const unresolved = unresolvedBase(view);
  if (unresolved) {
    c.add('unverifiable.method', {
      path,
      message: `${owner} declares no constructor and extends ${unresolved.name}, whose constructor cannot be followed statically`,
      solution: `make ${unresolved.name} resolvable from the module, or declare the constructor in ${owner}${c.runtimeHint}`,
      where,
      loc: view.location,
      entry: m,
      expected: 'constructor',
    });
    return;
  }
  // No constructor anywhere in the chain: the implicit one takes no arguments.
  const implicit: FunctionModel = { name: 'constructor', async: false, generator: false, parameters: [], location: view.location };
  checkCallable(c, m, implicit, path, what, where);
}

function checkMethod(c: Checker, m: MethodEntry, view: ClassView, path: string, owner: string, where: Path): void {
  if (m.name === 'constructor') return checkConstructor(c, m, view, path, owner, where);
  const named = view.methods.filter((x) => x.name === m.name && x.kind === 'method');
  const found = named.find((x) => m.static === undefined || x.static === m.static);
  const unresolved = unresolvedBase(view);
  if (!found && unresolved) {
    c.add('unverifiable.method', {
      path,
      message: `${owner} has no ${m.static ? 'static ' : ''}method ${m.name} of its own, and it extends ${unresolved.name}, whose members cannot be followed statically`,
      solution: `make ${unresolved.name} resolvable from the module, or declare ${m.name}() in ${owner}${c.runtimeHint}`,
      where,
      loc: view.location,
      entry: m,
      expected: m.name,
    });
    return;
  }
  if (!found) {
    const other = named[0];
    if (other && m.static !== undefined) {
      c.add('mismatch.static', {
        path: `${path}.static`,
        message: `method ${m.name} of ${owner} is ${other.static ? '' : 'not '}static, the contract expects it ${m.static ? '' : 'not '}to be`,
        solution: m.static ? `declare ${m.name} static` : `make ${m.name} an instance method`,
        where: [...where, 'static'],
        loc: other.location,
        entry: m,
        expected: m.static,
        actual: other.static,
      });
    } else {
      c.add('missing.method', {
        path,
        message: `${owner} has no ${m.static ? 'static ' : ''}method ${m.name}`,
        solution: `add a method ${m.name}() to ${owner}`,
        where,
        loc: view.location,
        entry: m,
        expected: m.name,
      });
    }
    return;
  }
  checkSignatures(c, m, found, path, `method ${m.name} of ${owner}`, where);
}

function checkSuperclass(c: Checker, s: string | ClassEntry, view: ClassView, path: string, owner: string, where: Path): void {
  const name = typeof s === 'string' ? s : s.name;
  const index = view.chain.findIndex((x) => x.name === name);
  const spath = `${path}.superclasses.${name}`;
  if (index < 0) {
    const unresolved = view.chain.find((x) => !x.resolved);
    if (unresolved) {
      c.add('unverifiable.superclass', {
        path: spath,
        message: `${owner} extends ${unresolved.name}, whose own bases cannot be followed statically, so ${name} cannot be confirmed`,
        solution: `make ${unresolved.name} resolvable from the module${c.runtimeHint}`,
        where,
        loc: view.location,
        entry: typeof s === 'string' ? undefined : s,
        expected: name,
        actual: view.chain.map((x) => x.name),
      });
    } else {
      c.add('missing.superclass', {
        path: spath,
        message: `${owner} does not extend ${name}${view.chain.length ? ` (its chain: ${view.chain.map((x) => x.name).join(' → ')})` : ''}`,
        solution: `make ${owner} extend ${name}`,
        where,
        loc: view.location,
        entry: typeof s === 'string' ? undefined : s,
        expected: name,
        actual: view.chain.map((x) => x.name),
      });
    }
    return;
  }
  if (typeof s === 'string') return;
  const rest = view.chain.slice(index);
  const base = rest[0];
  if (!base) return;
  const baseView: ClassView = {
    name: base.name,
    location: view.location,
    attributes: rest.flatMap((x) => x.attributes),
    methods: rest.flatMap((x) => x.methods),
    chain: rest.slice(1),
    implements: rest.flatMap((x) => x.implements),
  };
  checkClassBody(c, s, baseView, spath, where);
}

// ── imports ──────────────────────────────────────────────────────────────────

/** The kinds a rule written as a plain string applies to: everything that exists at run time. */
const RUNTIME_KINDS: readonly ImportKind[] = ['value', 'dynamic'];

/** The pattern of an `imports` rule. */
export function rulePattern(rule: ImportRuleEntry): string {
  return typeof rule === 'string' ? rule : rule.pattern;
}

/** The kinds of import an `imports` rule applies to. */
export function ruleKinds(rule: ImportRuleEntry): readonly ImportKind[] {
  if (typeof rule === 'string' || rule.kind === undefined) return RUNTIME_KINDS;
  return typeof rule.kind === 'string' ? [rule.kind] : rule.kind;
}

/** A rule as the contract wrote it, for messages: `zod`, or `zod (type)`. */
export function showRule(rule: ImportRuleEntry): string {
  return typeof rule === 'string' || rule.kind === undefined ? rulePattern(rule) : `${rule.pattern} (${ruleKinds(rule).join(', ')})`;
}

/** Whether a rule covers an import of `specifier` made in one of `kinds`. */
export function ruleMatches(rule: ImportRuleEntry, specifier: string, kinds: readonly ImportKind[]): boolean {
  const own = ruleKinds(rule);
  return kinds.some((kind) => own.includes(kind)) && specifierMatches(rulePattern(rule), specifier);
}

/** The kinds an allow list restricts: those its entries name (plain strings: value and dynamic). */
export function restrictedKinds(allow: readonly ImportRuleEntry[]): Set<ImportKind> {
  return new Set(allow.flatMap((rule) => ruleKinds(rule)));
}

/** How an import reaches its module, in the terms of `imports` rules. */
export function importKind(imp: Pick<ImportModel, 'kind' | 'typeOnly'>): ImportKind {
  if (imp.typeOnly) return 'type';
  return imp.kind === 'dynamic' ? 'dynamic' : 'value';
}

/** "the module ..." for an import of each kind. */
function imports(kind: ImportKind, specifier: string): string {
  if (kind === 'type') return `has a type-only import of ${specifier}`;
  return kind === 'dynamic' ? `loads ${specifier} with import()` : `imports ${specifier}`;
}

/**
 * The builtin an internal binding belongs to (`process.binding('spawn_sync')` is child_process
 * without importing it); undefined for a binding ImportSpy does not know, which then cannot be
 * checked against the rules.
 */
const BINDING_BUILTINS: Readonly<Record<string, string>> = {
  spawn_sync: 'child_process',
  process_wrap: 'child_process',
  pipe_wrap: 'net',
  tcp_wrap: 'net',
  stream_wrap: 'net',
  udp_wrap: 'dgram',
  cares_wrap: 'dns',
  fs: 'fs',
  fs_dir: 'fs',
  fs_event_wrap: 'fs',
  contextify: 'vm',
  worker: 'worker_threads',
  messaging: 'worker_threads',
  crypto: 'crypto',
  tls_wrap: 'tls',
  http_parser: 'http',
  http2: 'http2',
  zlib: 'zlib',
  os: 'os',
  tty_wrap: 'tty',
  inspector: 'inspector',
  module_wrap: 'module',
  v8: 'v8',
};

/** The builtin module that `process.binding(name)` reaches into, as a `node:` specifier. */
export function bindingBuiltin(name: string): string | undefined {
  const builtin = Object.hasOwn(BINDING_BUILTINS, name) ? BINDING_BUILTINS[name] : undefined;
  return builtin === undefined ? undefined : `node:${builtin}`;
}

/** A `data:` or `blob:` URL: a module with no file, whose own imports are no longer this module's. */
export function isUrlModule(specifier: string): boolean {
  const scheme = specifier.slice(0, 5).toLowerCase();
  return scheme === 'data:' || scheme === 'blob:';
}

const CALL_OF: Record<ImportModel['kind'], string> = {
  static: 'import',
  reexport: 're-export',
  dynamic: 'dynamic import()',
  require: 'require()',
  builtin: 'process.getBuiltinModule()',
  binding: 'process.binding()',
};

/** How `checkImports` treats specifiers computed at run time. */
export interface ImportsCheckOptions {
  /**
   * True when the caller checks every specifier the module imports when it happens, from the
   * module's first import on (the loader hooks, for an importer bound before its first edge):
   * a computed specifier under `deny` rules is then left to that check. Otherwise it cannot be
   * checked at all, and is unverifiable.
   */
  runtimeChecked?: boolean;
}

function checkImports(c: Checker, rules: NonNullable<ModuleExpectation['imports']>, where: Path, options: ImportsCheckOptions): void {
  const deny = rules.deny ?? [];
  const allow = rules.allow;
  if (deny.length === 0 && !allow) return;
  const restricted = allow ? restrictedKinds(allow) : new Set<ImportKind>();
  for (const imp of c.model.imports) {
    const kind = importKind(imp);
    const call = CALL_OF[imp.kind];
    // A binding is checked as the builtin it belongs to; one ImportSpy does not know cannot be.
    const specifier = imp.kind === 'binding' && imp.specifier !== null ? (bindingBuiltin(imp.specifier) ?? null) : imp.specifier;
    if (specifier === null) {
      // The loader hooks see every kind of call when it happens (they wrap the process's own).
      const seenLater = options.runtimeChecked === true && imp.kind !== 'static' && imp.kind !== 'reexport';
      const byAllow = restricted.has(kind);
      const byDeny = !seenLater && deny.some((rule) => ruleKinds(rule).includes(kind));
      if (byAllow || byDeny) {
        const what = imp.specifier === null ? `a ${call} with a computed specifier` : `process.binding('${imp.specifier}'), a binding of no known builtin,`;
        c.add('unverifiable.import', {
          path: `imports.<computed ${imp.kind}>`,
          message: `${what} cannot be checked against the ${byAllow ? 'allow list' : 'deny list before it runs'}`,
          solution: byAllow ? 'use a literal specifier, or remove the allow list' : 'use a literal specifier',
          where: [...where, byAllow ? 'allow' : 'deny'],
          loc: imp.location,
        });
      }
      continue;
    }
    const through = imp.kind === 'binding' || imp.kind === 'builtin' ? ` (through ${call})` : '';
    const denied = deny.findIndex((rule) => ruleMatches(rule, specifier, [kind]));
    const rule = deny[denied];
    if (rule !== undefined) {
      c.add('forbidden.import', {
        path: `imports.${specifier}`,
        message: `the module ${imports(kind, specifier)}${through}, which the contract denies (${showRule(rule)})`,
        solution: `remove the import of ${specifier}`,
        where: [...where, 'deny', denied],
        loc: imp.location,
        expected: `not ${showRule(rule)}`,
        actual: specifier,
      });
      continue;
    }
    if (allow && restricted.has(kind) && !allow.some((entry) => ruleMatches(entry, specifier, [kind]))) {
      c.add('forbidden.import', {
        path: `imports.${specifier}`,
        message: `the module ${imports(kind, specifier)}${through}, which is not in the contract's allow list${kind === 'value' ? '' : ` for ${kind} imports`}`,
        solution: `remove the import of ${specifier}, or allow it in the contract`,
        where: [...where, 'allow'],
        loc: imp.location,
        expected: allow.map(showRule),
        actual: specifier,
      });
      continue;
    }
    if (!allow && kind !== 'type' && isUrlModule(specifier)) {
      // Allowed by name, but what it imports in turn is out of the deny list's reach.
      c.add('unverifiable.import', {
        path: `imports.<${specifier.slice(0, specifier.indexOf(':'))} URL>`,
        message: `a module imported from a ${specifier.slice(0, specifier.indexOf(':'))}: URL has no file: its own imports cannot be checked against the deny list`,
        solution: 'import a module file instead, or allow the URL explicitly in an allow list',
        where: [...where, 'deny'],
        loc: imp.location,
      });
    }
  }
}
