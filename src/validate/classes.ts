/** Classes: attributes, methods and the constructor, superclasses and `implements`; inherited members count. */
import type { AttributeEntry, ClassEntry, MethodEntry } from '../contract/types.generated.js';
import type { AttributeModel, ClassModel, FunctionModel, MethodModel, SourceLocation } from '../analysis/model.js';
import { checkAnnotation, checkValue } from './declared.js';
import { reportAbsent } from './exports.js';
import { checkCallable, checkSignatures } from './functions.js';
import type { ModuleChecker, Scope } from './scope.js';

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

/** `scope`: the class's entry (`classes.<name>`). */
export function checkClass(c: ModuleChecker, k: ClassEntry, scope: Scope): void {
  const found = c.model.classes.find((x) => x.name === k.name);
  if (!found) return reportAbsent(c, 'class', k.name, scope, k);
  checkClassBody(c, k, viewOf(found), scope);
}

function checkClassBody(c: ModuleChecker, k: ClassEntry, view: ClassView, scope: Scope): void {
  k.attributes?.forEach((a, i) => checkAttribute(c, a, view, scope.item('attributes', i, a.name)));
  k.methods?.forEach((m, i) => checkMethod(c, m, view, scope.item('methods', i, m.name)));
  k.superclasses?.forEach((s, i) => checkSuperclass(c, s, view, scope.item('superclasses', i, typeof s === 'string' ? s : s.name)));
  k.implements?.forEach((name, i) => {
    if (view.implements.includes(name)) return;
    c.add(scope.item('implements', i, name), view.location, { code: 'missing.implements', data: { owner: view.name, name }, entry: k, expected: name, actual: view.implements });
  });
}

/** The first base of the chain that could not be resolved: what it has cannot be known. */
function unresolvedBase(view: ClassView): ClassModel['superclasses'][number] | undefined {
  return view.chain.find((x) => !x.resolved);
}

function checkAttribute(c: ModuleChecker, a: AttributeEntry, view: ClassView, scope: Scope): void {
  const owner = view.name;
  const named = view.attributes.filter((x) => x.name === a.name);
  const found = named.find((x) => a.type === undefined || x.type === a.type);
  const unresolved = unresolvedBase(view);
  if (!found && unresolved) {
    c.add(scope, view.location, { code: 'unverifiable.attribute', data: { name: a.name, owner, base: unresolved.name, runtime: c.runtime }, entry: a, expected: a.name });
    return;
  }
  if (!found) {
    const other = named[0];
    if (other && a.type) {
      c.add(scope.field('type'), other.location, { code: 'mismatch.attribute-type', data: { name: a.name, owner, expected: a.type, actual: other.type }, entry: a, expected: a.type, actual: other.type });
    } else {
      c.add(scope, view.location, { code: 'missing.attribute', data: { name: a.name, owner, type: a.type }, entry: a, expected: a.name });
    }
    return;
  }
  const o = { of: { kind: 'attribute', name: a.name, owner } as const, loc: found.location, entry: a };
  checkAnnotation(c, scope.field('annotation'), a.annotation, found.annotation, { ...o, inferred: !found.annotationDeclared });
  checkValue(c, scope.field('value'), a.value, found.value, o);
}

/** What `new Class(...)` calls: the nearest constructor in the chain, else the implicit one. */
function checkConstructor(c: ModuleChecker, m: MethodEntry, view: ClassView, scope: Scope): void {
  const found = view.methods.find((x) => x.kind === 'constructor');
  const of = { kind: 'constructor', owner: view.name } as const;
  if (m.static === true) {
    c.add(scope.field('static'), view.location, { code: 'mismatch.static', data: { constructorOf: view.name }, entry: m, expected: true, actual: false });
    return;
  }
  if (found) return checkSignatures(c, m, found, scope, of);
  const unresolved = unresolvedBase(view);
  if (unresolved) {
    c.add(scope, view.location, { code: 'unverifiable.method', data: { constructorOf: view.name, base: unresolved.name, runtime: c.runtime }, entry: m, expected: 'constructor' });
    return;
  }
  // No constructor anywhere in the chain: the implicit one takes no arguments.
  const implicit: FunctionModel = { name: 'constructor', async: false, generator: false, parameters: [], location: view.location };
  checkCallable(c, m, implicit, scope, of);
}

function checkMethod(c: ModuleChecker, m: MethodEntry, view: ClassView, scope: Scope): void {
  if (m.name === 'constructor') return checkConstructor(c, m, view, scope);
  const owner = view.name;
  const named = view.methods.filter((x) => x.name === m.name && x.kind === 'method');
  const found = named.find((x) => m.static === undefined || x.static === m.static);
  const unresolved = unresolvedBase(view);
  if (!found && unresolved) {
    c.add(scope, view.location, { code: 'unverifiable.method', data: { name: m.name, owner, static: m.static === true, base: unresolved.name, runtime: c.runtime }, entry: m, expected: m.name });
    return;
  }
  if (!found) {
    const other = named[0];
    if (other && m.static !== undefined) {
      c.add(scope.field('static'), other.location, { code: 'mismatch.static', data: { name: m.name, owner, expected: m.static, actual: other.static }, entry: m, expected: m.static, actual: other.static });
    } else {
      c.add(scope, view.location, { code: 'missing.method', data: { name: m.name, owner, static: m.static === true }, entry: m, expected: m.name });
    }
    return;
  }
  checkSignatures(c, m, found, scope, { kind: 'method', name: m.name, owner });
}

/** `scope`: the superclass entry, shown as `<class>.superclasses.<name>`. */
function checkSuperclass(c: ModuleChecker, s: string | ClassEntry, view: ClassView, scope: Scope): void {
  const name = typeof s === 'string' ? s : s.name;
  const index = view.chain.findIndex((x) => x.name === name);
  const entry = typeof s === 'string' ? undefined : s;
  if (index < 0) {
    const chain = view.chain.map((x) => x.name);
    const unresolved = view.chain.find((x) => !x.resolved);
    if (unresolved) {
      c.add(scope, view.location, { code: 'unverifiable.superclass', data: { owner: view.name, base: unresolved.name, name, runtime: c.runtime }, entry, expected: name, actual: chain });
    } else {
      c.add(scope, view.location, { code: 'missing.superclass', data: { owner: view.name, name, chain }, entry, expected: name, actual: chain });
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
  checkClassBody(c, s, baseView, scope);
}
