/**
 * The one place that writes violation prose. Every violation code maps to the function that turns
 * what a validator found (structured data, no sentences) into the violation's `message` and
 * `solution`, so every message reads alike and a code cannot be reported without its words.
 */
import type { ViolationCode } from './codes.js';

/** A violation's words. */
export interface Prose {
  /** One line: what is wrong. */
  message: string;
  /** One line: how to fix it. */
  solution: string;
}

/** The entity of a module a message speaks about. */
export type Subject =
  | { kind: 'variable'; name: string }
  | { kind: 'function'; name: string }
  | { kind: 'method'; name: string; owner: string }
  | { kind: 'constructor'; owner: string }
  | { kind: 'attribute'; name: string; owner: string }
  | { kind: 'parameter'; name: string; of: Subject }
  | { kind: 'return'; of: Subject }
  | { kind: 'default'; of: Subject };

/** How a module imports another, in the terms of `imports` rules. */
export type ImportRuleKind = 'value' | 'type' | 'dynamic';
/** The call that made an import (an `ImportModel` kind). */
export type ImportCall = 'static' | 'reexport' | 'dynamic' | 'require' | 'builtin' | 'binding';

/** Why an alternative (a deployment, system or runtime) failed: its blocking violations' messages. */
export interface Alternative {
  /** The alternative's display path, e.g. `deployments[0].systems[1]`. */
  label: string;
  /** The messages of its blocking violations. */
  messages: string[];
}

/** How an import was seen: by the static analysis (with its call) or when it happened. */
type Seen = { call: ImportCall; kind: ImportRuleKind } | { call: 'run-time' };

/** What each code's message is written from. */
export interface MessageData {
  'mismatch.deployment': { closest: number; alternatives: Alternative[] };
  'mismatch.arch': { expected: string; actual: string };
  'mismatch.os': { expected: string; actual: string };
  'mismatch.libc': { expected: string; actual: string | null };
  'mismatch.runtime': { expected: string; actual: string };
  'mismatch.runtime-version': { name: string; version: string; range: string };
  'missing.package': { name: string; range: string | undefined; from: string };
  'mismatch.package-version': { name: string; found: string | null; range: string };
  'mismatch.permission':
    | { model: false; deny: string[] }
    | { model: true; permission: string; scope: string; reference: string | undefined; undecided: string | undefined };
  'missing.env': { name: string; value: unknown; secret: boolean };
  'invalid.env': { name: string; annotation: string; raw: string; secret: boolean };
  'mismatch.env': { name: string; expected: unknown; actual: unknown; secret: boolean };
  'missing.secret': { name: string };
  'mismatch.filename': { expected: string; actual: string; anyExtension: boolean };
  'missing.version': { expected: string };
  'mismatch.version': { expected: string; found: string; source: string };
  'missing.variable': { name: string };
  'missing.function': { name: string };
  'missing.class': { name: string };
  'missing.argument': { name: string; index: number; of: Subject };
  'mismatch.argument': { name: string; index: number; of: Subject; found: string } | { name: string; index: number; of: Subject; foundAt: number };
  'mismatch.async': { of: Subject; expected: boolean; actual: boolean };
  'mismatch.optional': { name: string; of: Subject; expected: boolean; actual: boolean };
  'mismatch.annotation': { of: Subject; expected: string; actual: string };
  'mismatch.return-annotation': { of: Subject; expected: string; actual: string };
  'mismatch.value': { of: Subject; expected: unknown; actual: unknown };
  'mismatch.kind': { name: string; expected: string; actual: string };
  'missing.attribute': { name: string; owner: string; type: 'class' | 'instance' | undefined };
  'mismatch.attribute-type': { name: string; owner: string; expected: 'class' | 'instance'; actual: 'class' | 'instance' };
  'missing.method': { name: string; owner: string; static: boolean };
  'mismatch.static': { constructorOf: string } | { name: string; owner: string; expected: boolean; actual: boolean };
  'missing.superclass': { owner: string; name: string; chain: string[] };
  'missing.implements': { owner: string; name: string };
  'unverifiable.value': { of: Subject; reason: 'no-value'; expected: unknown } | { of: Subject; reason: 'not-static'; runtime: boolean };
  'unverifiable.annotation': { of: Subject; expected: string; jsdoc: boolean };
  'unverifiable.export':
    | { name: string; kind: string; reason: 'undetermined'; runtime: boolean }
    | { name: string; kind: string; reason: 'unresolved-reexport'; from: string[]; runtime: boolean }
    | { name: string; kind: string; reason: 'open-exports'; how: string[]; runtime: boolean };
  'unverifiable.superclass': { owner: string; base: string; name: string; runtime: boolean };
  'unverifiable.method': { constructorOf: string; base: string; runtime: boolean } | { name: string; owner: string; static: boolean; base: string; runtime: boolean };
  'unverifiable.attribute': { name: string; owner: string; base: string; runtime: boolean };
  'unverifiable.importer': { target: string; parent: string | undefined; seen: 'edge' | 'bound' };
  'forbidden.import': { specifier: string; seen: Seen; rule: string } | { specifier: string; seen: Seen; allowList: true };
  'unverifiable.import':
    | { reason: 'computed'; call: ImportCall; list: 'allow' | 'deny' }
    | { reason: 'unknown-binding'; binding: string; list: 'allow' | 'deny' }
    | { reason: 'url'; scheme: string; runtime: boolean }
    | { reason: 'run-time-binding'; binding: string };
}

/** Renders a value for a message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** How a message names an entity: `function load`, `parameter input of method run of class Plugin`. */
export function describe(subject: Subject): string {
  switch (subject.kind) {
    case 'variable':
      return `variable ${subject.name}`;
    case 'function':
      return `function ${subject.name}`;
    case 'method':
      return `method ${subject.name} of class ${subject.owner}`;
    case 'constructor':
      return `the constructor of class ${subject.owner}`;
    case 'attribute':
      return `attribute ${subject.name} of class ${subject.owner}`;
    case 'parameter':
      return `parameter ${subject.name} of ${describe(subject.of)}`;
    case 'return':
      return `the return type of ${describe(subject.of)}`;
    case 'default':
      return `the default of ${describe(subject.of)}`;
  }
}

/** The advice added when a static check could be decided by running the module. */
const runtimeHint = (runtime: boolean): string => (runtime ? ', or run with --runtime to decide from the live module' : '');

/** A value as an environment assignment's right-hand side. */
const assigned = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** "the module ..." for an import of each kind. */
function imports(kind: ImportRuleKind, specifier: string): string {
  if (kind === 'type') return `has a type-only import of ${specifier}`;
  return kind === 'dynamic' ? `loads ${specifier} with import()` : `imports ${specifier}`;
}

const CALL_OF: Record<ImportCall, string> = {
  static: 'import',
  reexport: 're-export',
  dynamic: 'dynamic import()',
  require: 'require()',
  builtin: 'process.getBuiltinModule()',
  binding: 'process.binding()',
};

/** What the module does with an import, as the hooks or the analysis saw it. */
function importing(seen: Seen, specifier: string): string {
  if (seen.call === 'run-time') return `the module imports ${specifier} at run time`;
  const through = seen.call === 'binding' || seen.call === 'builtin' ? ` (through ${CALL_OF[seen.call]})` : '';
  return `the module ${imports(seen.kind, specifier)}${through}`;
}

/** The command-line flag that grants each permission scope. */
const GRANTED_BY: Readonly<Record<string, string>> = {
  fs: '--allow-fs-read/--allow-fs-write',
  'fs.read': '--allow-fs-read',
  'fs.write': '--allow-fs-write',
  child: '--allow-child-process',
  worker: '--allow-worker',
  net: '--allow-net',
  inspector: '--allow-inspector',
  wasi: '--allow-wasi',
  addon: '--allow-addons',
};

const staticOr = (value: boolean): string => (value ? '' : 'not ');
const attributeKind = (type: 'class' | 'instance'): string => (type === 'class' ? 'a static (class)' : 'an instance');

/** The message and solution of every violation code. */
export const MESSAGES: { readonly [C in ViolationCode]: (data: MessageData[C]) => Prose } = {
  'mismatch.deployment': ({ closest, alternatives }) => {
    const why = alternatives.map((a) => `${a.label}: ${a.messages.join('; ')}`);
    return {
      message: `no deployment matches this machine; the closest is deployments[${closest}] (reported below)${why.length ? `. ${why.join(' | ')}` : ''}`,
      solution: `make this machine match deployments[${closest}], or add a deployment that describes it (\`importspy context\` prints one)`,
    };
  },
  'mismatch.arch': ({ expected, actual }) => ({
    message: `architecture is ${actual}, the contract expects ${expected}`,
    solution: `run on a ${expected} machine, or add a deployment with \`arch: ${actual}\``,
  }),
  'mismatch.os': ({ expected, actual }) => ({
    message: `operating system is ${actual}, the contract expects ${expected}`,
    solution: `run on ${expected}, or add a system with \`os: ${actual}\``,
  }),
  'mismatch.libc': ({ expected, actual }) => ({
    message: `C library is ${actual ?? 'unknown'}, the contract expects ${expected}`,
    solution: `run on a ${expected}-based system${actual ? `, or declare \`libc: ${actual}\`` : ''}`,
  }),
  'mismatch.runtime': ({ expected, actual }) => ({
    message: `runtime is ${actual}, the contract expects ${expected}`,
    solution: `run under ${expected}, or add a runtime entry with \`name: ${actual}\``,
  }),
  'mismatch.runtime-version': ({ name, version, range }) => ({
    message: `${name} ${version} does not satisfy ${range}`,
    solution: `use a ${name} version in ${range}`,
  }),
  'missing.package': ({ name, range, from }) => ({
    message: `package ${name} is not installed (looked from ${from})`,
    solution: `npm install ${name}${range ? `@"${range}"` : ''}`,
  }),
  'mismatch.package-version': ({ name, found, range }) => ({
    message: `package ${name} is ${found ?? 'of unknown version'}, the contract expects ${range}`,
    solution: `npm install ${name}@"${range}"`,
  }),
  'mismatch.permission': (data) => {
    if (!data.model) {
      return {
        message: `this process does not run under Node's permission model; the contract requires it${data.deny.length ? ` without ${data.deny.join(', ')}` : ''}`,
        solution: 'start Node with --permission (--experimental-permission on Node 20) and only the --allow-* flags the contract permits',
      };
    }
    return {
      message: `permission ${data.permission} is granted${data.undecided === undefined ? '' : ` (Node cannot tell: ${data.undecided})`}; the contract requires it absent`,
      solution: `start Node without ${GRANTED_BY[data.scope] ?? `the flag that grants ${data.scope}`}${data.reference === undefined ? '' : `, or with one that does not cover ${data.reference}`}`,
    };
  },
  'missing.env': ({ name, value, secret }) => ({
    message: `environment variable ${name} is not set`,
    solution: value === undefined || secret ? `set ${name}` : `set ${name}=${assigned(value)}`,
  }),
  'invalid.env': ({ name, annotation, raw, secret }) => ({
    message: `environment variable ${name} is not a valid ${annotation}${secret ? '' : `: ${show(raw)}`}`,
    solution: `set ${name} to a ${annotation}${annotation === 'boolean' ? ' (true/false, 1/0, yes/no)' : ''}`,
  }),
  'mismatch.env': ({ name, expected, actual, secret }) => ({
    message: secret ? `environment variable ${name} does not have the expected value` : `environment variable ${name} is ${show(actual)}, the contract expects ${show(expected)}`,
    solution: secret ? `set ${name} to the expected value` : `set ${name}=${assigned(expected)}`,
  }),
  'missing.secret': ({ name }) => ({
    message: `secret ${name} is not set`,
    solution: `provide ${name} through the environment (its value is never printed)`,
  }),
  'mismatch.filename': ({ expected, actual, anyExtension }) => ({
    message: `the module is ${actual}, the contract expects ${expected}`,
    solution: `rename the module to ${expected}${anyExtension ? ' (any JS/TS extension)' : ''}`,
  }),
  'missing.version': ({ expected }) => ({
    message: 'the module declares no version (no exported `version`/`VERSION`, no package.json version)',
    solution: `export const version = '...' satisfying ${expected}, or set "version" in package.json`,
  }),
  'mismatch.version': ({ expected, found, source }) => ({
    message: `the module's version is ${found} (from ${source}), the contract expects ${expected}`,
    solution: `release a version in ${expected}`,
  }),
  'missing.variable': ({ name }) => absent('variable', name),
  'missing.function': ({ name }) => absent('function', name),
  'missing.class': ({ name }) => absent('class', name),
  'missing.argument': ({ name, index, of }) => ({
    message: `${describe(of)} has no parameter ${name} (expected at position ${index + 1})`,
    solution: `add a parameter ${name} as argument ${index + 1} of ${describe(of)}`,
  }),
  'mismatch.argument': (data) => {
    const position = `argument ${data.index + 1} of ${describe(data.of)}`;
    return {
      message: 'found' in data
        ? `${position} is ${data.found}, the contract expects ${data.name}`
        : `${data.name} is parameter ${data.foundAt + 1} of ${describe(data.of)}, the contract expects it at ${data.index + 1}`,
      solution: `make ${data.name} ${position}`,
    };
  },
  'mismatch.async': ({ of, expected, actual }) => ({
    message: `${describe(of)} is ${staticOr(actual)}async, the contract expects it ${staticOr(expected)}to be`,
    solution: expected ? `declare ${describe(of)} async` : `remove async from ${describe(of)}`,
  }),
  'mismatch.optional': ({ name, of, expected, actual }) => ({
    message: `${describe({ kind: 'parameter', name, of })} is ${actual ? 'optional' : 'required'}, the contract expects it ${expected ? 'optional' : 'required'}`,
    solution: expected ? `give ${name} a default or mark it with ?` : `make ${name} required`,
  }),
  'mismatch.annotation': ({ of, expected, actual }) => annotated(of, expected, actual),
  'mismatch.return-annotation': ({ of, expected, actual }) => annotated(of, expected, actual),
  'mismatch.value': ({ of, expected, actual }) => ({
    message: `${describe(of)} is ${show(actual)}, the contract expects ${show(expected)}`,
    solution: `set ${describe(of)} to ${show(expected)}`,
  }),
  'mismatch.kind': ({ name, expected, actual }) => ({
    message: `${name} is exported as a ${actual}, the contract expects a ${expected}`,
    solution: `export ${name} as a ${expected}`,
  }),
  'missing.attribute': ({ name, owner, type }) => ({
    message: `class ${owner} has no ${type === 'class' ? 'static ' : type === 'instance' ? 'instance ' : ''}attribute ${name}`,
    solution: `declare ${type === 'class' ? `static ${name}` : name} in class ${owner}`,
  }),
  'mismatch.attribute-type': ({ name, owner, expected, actual }) => ({
    message: `${name} is ${attributeKind(actual)} attribute of class ${owner}, the contract expects ${attributeKind(expected)} one`,
    solution: expected === 'class' ? `declare ${name} static` : `make ${name} an instance attribute`,
  }),
  'missing.method': ({ name, owner, static: isStatic }) => ({
    message: `class ${owner} has no ${isStatic ? 'static ' : ''}method ${name}`,
    solution: `add a method ${name}() to class ${owner}`,
  }),
  'mismatch.static': (data) => {
    if ('constructorOf' in data) {
      return { message: `the constructor of class ${data.constructorOf} is not a static method`, solution: 'remove `static: true` from the constructor entry' };
    }
    return {
      message: `method ${data.name} of class ${data.owner} is ${staticOr(data.actual)}static, the contract expects it ${staticOr(data.expected)}to be`,
      solution: data.expected ? `declare ${data.name} static` : `make ${data.name} an instance method`,
    };
  },
  'missing.superclass': ({ owner, name, chain }) => ({
    message: `class ${owner} does not extend ${name}${chain.length ? ` (its chain: ${chain.join(' → ')})` : ''}`,
    solution: `make class ${owner} extend ${name}`,
  }),
  'missing.implements': ({ owner, name }) => ({
    message: `class ${owner} does not implement ${name}`,
    solution: `add \`implements ${name}\` to class ${owner}`,
  }),
  'unverifiable.value': (data) => {
    const what = describe(data.of);
    return data.reason === 'no-value'
      ? { message: `${what} has no value`, solution: `give ${what} the value ${show(data.expected)}` }
      : { message: `the value of ${what} cannot be determined statically`, solution: `initialise ${what} with a literal${runtimeHint(data.runtime)}` };
  },
  'unverifiable.annotation': ({ of, expected, jsdoc }) => ({
    message: `${describe(of)} has no type annotation, the contract expects ${expected}`,
    solution: `annotate ${describe(of)} as ${expected}${jsdoc ? ' (JSDoc @type/@param/@returns)' : ''}`,
  }),
  'unverifiable.export': (data) => {
    if (data.reason === 'undetermined') {
      return {
        message: `${data.name} is exported, but what it is cannot be determined statically`,
        solution: `declare ${data.name} directly as a ${data.kind} in the module${runtimeHint(data.runtime)}`,
      };
    }
    if (data.reason === 'open-exports') {
      return {
        message: `${data.name} is not among the names ImportSpy could follow, but the module's exports object may get more at run time: ${data.how.join('; ')}`,
        solution: `assign ${data.name} to the exports object directly (module.exports.${data.name} = ...)${runtimeHint(data.runtime)}`,
      };
    }
    const from = data.from.map((s) => `'${s}'`).join(', ');
    return {
      message: `${data.name} is not among the names ImportSpy could follow, but the module re-exports everything from ${from}, which cannot be resolved`,
      solution: `make ${from} resolvable from the module (installed, or mapped by tsconfig paths), or export ${data.name} directly${runtimeHint(data.runtime)}`,
    };
  },
  'unverifiable.superclass': ({ owner, base, name, runtime }) => ({
    message: `class ${owner} extends ${base}, whose own bases cannot be followed statically, so ${name} cannot be confirmed`,
    solution: `make ${base} resolvable from the module${runtimeHint(runtime)}`,
  }),
  'unverifiable.method': (data) => {
    if ('constructorOf' in data) {
      return {
        message: `class ${data.constructorOf} declares no constructor and extends ${data.base}, whose constructor cannot be followed statically`,
        solution: `make ${data.base} resolvable from the module, or declare the constructor in class ${data.constructorOf}${runtimeHint(data.runtime)}`,
      };
    }
    return {
      message: `class ${data.owner} has no ${data.static ? 'static ' : ''}method ${data.name} of its own, and it extends ${data.base}, whose members cannot be followed statically`,
      solution: `make ${data.base} resolvable from the module, or declare ${data.name}() in class ${data.owner}${runtimeHint(data.runtime)}`,
    };
  },
  'unverifiable.attribute': ({ name, owner, base, runtime }) => ({
    message: `class ${owner} has no attribute ${name} of its own, and it extends ${base}, whose members cannot be followed statically`,
    solution: `make ${base} resolvable from the module, or declare ${name} in class ${owner}${runtimeHint(runtime)}`,
  }),
  'unverifiable.importer': ({ target, parent, seen }) => ({
    message: seen === 'edge'
      ? `${target} is imported by code that is not a module file (${parent ?? 'no parent'}): there is no importer to validate`
      : `${target} is imported by ${parent ?? '(unknown)'}, which is not a module file: there is no importer to validate`,
    solution: 'import the module from a module file',
  }),
  'forbidden.import': (data) => {
    if ('rule' in data) return { message: `${importing(data.seen, data.specifier)}, which the contract denies (${data.rule})`, solution: `remove the import of ${data.specifier}` };
    const kind = data.seen.call === 'run-time' || data.seen.kind === 'value' ? '' : ` for ${data.seen.kind} imports`;
    return {
      message: `${importing(data.seen, data.specifier)}, which is not in the contract's allow list${kind}`,
      solution: `remove the import of ${data.specifier}, or allow it in the contract`,
    };
  },
  'unverifiable.import': (data) => {
    switch (data.reason) {
      case 'computed':
      case 'unknown-binding': {
        const what = data.reason === 'computed' ? `a ${CALL_OF[data.call]} with a computed specifier` : `process.binding('${data.binding}'), a binding of no known builtin,`;
        const byAllow = data.list === 'allow';
        return {
          message: `${what} cannot be checked against the ${byAllow ? 'allow list' : 'deny list before it runs'}`,
          solution: byAllow ? 'use a literal specifier, or remove the allow list' : 'use a literal specifier',
        };
      }
      case 'url':
        return {
          message: data.runtime
            ? `the module imports a ${data.scheme}: URL at run time: a module with no file, whose own imports the deny list cannot follow`
            : `a module imported from a ${data.scheme}: URL has no file: its own imports cannot be checked against the deny list`,
          solution: 'import a module file instead, or allow the URL explicitly in an allow list',
        };
      case 'run-time-binding':
        return {
          message: `the module calls process.binding('${data.binding}') at run time, a binding of no builtin ImportSpy knows, so the contract's imports rules cannot be applied to it`,
          solution: 'import the builtin module instead',
        };
    }
  },
};

function absent(kind: 'variable' | 'function' | 'class', name: string): Prose {
  return { message: `the module does not export ${kind} ${name}`, solution: `export a ${kind} named ${name}` };
}

function annotated(of: Subject, expected: string, actual: string): Prose {
  return { message: `${describe(of)} is annotated ${actual}, the contract expects ${expected}`, solution: `change the annotation of ${describe(of)} to ${expected}` };
}

/** The words of one violation. */
export function render<C extends ViolationCode>(code: C, data: MessageData[C]): Prose {
  return MESSAGES[code](data);
}

/** Said after the messages of an overloaded callable's closest overload. */
export function closestOverload(message: string, of: Subject, overloads: number): string {
  return `${message} (no overload of ${describe(of)} matches; the closest of ${overloads} is shown)`;
}
