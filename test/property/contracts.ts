/**
 * Arbitraries for contracts: valid `ContractInput`s that use every field of the format, and junk
 * that looks like a contract (JSON-ish values, YAML-ish text, random bytes).
 */
import fc from 'fast-check';
import type { ContractInput, ContractValue } from '../../src/index.js';

/** Every arch, os, runtime and env annotation spelling the format accepts (aliases included). */
const ARCHES = ['x64', 'arm64', 'ia32', 'arm', 'ppc64', 'ppc', 's390x', 's390', 'riscv64', 'loong64', 'mips', 'mipsel', 'x86_64', 'amd64', 'aarch64', 'i386', 'i686', 'x86', 'armv7l', 'armhf', 'ppc64le'];
const SYSTEMS = ['linux', 'darwin', 'win32', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'android', 'macos', 'osx', 'windows', 'win', 'solaris'];
const RUNTIMES = ['node', 'bun', 'deno', 'nodejs'];
const ENV_ANNOTATIONS = ['string', 'number', 'integer', 'boolean', 'json', 'str', 'int', 'float', 'bool'];
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Any non-empty text, unicode included (the format does not restrict names). */
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
const key = fc.string({ unit: 'grapheme', maxLength: 8 }).filter((k) => !FORBIDDEN.has(k));
const severity = fc.constantFrom('error' as const, 'warn' as const);

/** Fields every entry may carry. */
const common = { hint: fc.string({ unit: 'grapheme', maxLength: 20 }), severity };

/** A contract `value:`: JSON data, shallow enough to stay far below the nesting limits. */
export const contractValue: fc.Arbitrary<ContractValue> = fc.letrec<{ value: ContractValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ unit: 'grapheme', maxLength: 10 }),
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;

const annotation = fc.oneof(
  fc.constantFrom('string', 'number[]', 'Array<string>', 'Record<string, unknown>', 'Promise<void>', '{ a: string; b?: number }', "'x' | 'y'"),
  text,
);
/** Valid semver ranges, as runtimes and packages require. */
const range = fc.oneof(
  fc.constantFrom('22', '>=20.19', '^4.1', '~1.2.3', '*', '1.x', '>=1 <2', '20 || 22'),
  fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)).map(([a, b, c]) => `${a}.${b}.${c}`),
);

const argument = fc.record(
  { name: text, annotation, value: contractValue, optional: fc.boolean(), ...common },
  { requiredKeys: ['name'] },
);
const callable = {
  name: text,
  async: fc.boolean(),
  arguments: fc.array(argument, { maxLength: 3 }),
  return_annotation: annotation,
  ...common,
};
const fn = fc.record(callable, { requiredKeys: ['name'] });
const method = fc.record({ ...callable, static: fc.boolean() }, { requiredKeys: ['name'] });
const attribute = fc.record(
  { name: text, type: fc.constantFrom('class' as const, 'instance' as const), annotation, value: contractValue, ...common },
  { requiredKeys: ['name'] },
);
const variable = fc.record({ name: text, annotation, value: contractValue, ...common }, { requiredKeys: ['name'] });

type ClassInput = NonNullable<ContractInput['classes']>[number];
const cls: fc.Arbitrary<ClassInput> = fc.letrec<{ cls: ClassInput }>((tie) => ({
  cls: fc.record(
    {
      name: text,
      attributes: fc.array(attribute, { maxLength: 2 }),
      methods: fc.array(method, { maxLength: 2 }),
      superclasses: fc.array(fc.oneof({ depthSize: 'small' }, text, tie('cls')), { maxLength: 2 }),
      implements: fc.array(text, { maxLength: 2 }),
      ...common,
    },
    { requiredKeys: ['name'] },
  ),
})).cls;

const pattern = fc.oneof(fc.constantFrom('node:*', 'node:child_process', '@acme/*', './**', 'lodash'), text);
const moduleShape = {
  filename: text,
  version: text,
  variables: fc.array(variable, { maxLength: 3 }),
  functions: fc.array(fn, { maxLength: 3 }),
  classes: fc.array(cls, { maxLength: 2 }),
  imports: fc.record({ deny: fc.array(pattern, { maxLength: 3 }), allow: fc.array(pattern, { maxLength: 3 }) }, { requiredKeys: [] }),
};
const moduleExpectation = fc.record(moduleShape, { requiredKeys: [] });

const runtime = fc.record(
  {
    name: fc.constantFrom(...RUNTIMES),
    version: range,
    packages: fc.array(fc.record({ name: text, version: range, ...common }, { requiredKeys: ['name'] }), { maxLength: 2 }),
    modules: fc.array(moduleExpectation, { maxLength: 2 }),
    ...common,
  },
  { requiredKeys: ['name'] },
);
const system = fc.record(
  {
    os: fc.constantFrom(...SYSTEMS),
    libc: fc.constantFrom('glibc' as const, 'musl' as const),
    environment: fc.record(
      {
        variables: fc.array(fc.record({ name: text, annotation: fc.constantFrom(...ENV_ANNOTATIONS), value: contractValue, ...common }, { requiredKeys: ['name'] }), { maxLength: 2 }),
        secrets: fc.array(fc.oneof(text, fc.record({ name: text, ...common }, { requiredKeys: ['name'] })), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    runtimes: fc.array(runtime, { maxLength: 2 }),
    ...common,
  },
  { requiredKeys: ['os'] },
);
const deployment = fc.record(
  { arch: fc.constantFrom(...ARCHES), systems: fc.array(system, { maxLength: 2 }), ...common },
  { requiredKeys: ['arch'] },
);

/** A valid contract: any subset of the fields, each with any valid content. */
export const validContract: fc.Arbitrary<ContractInput> = fc.record(
  { $schema: text, ...moduleShape, deployments: fc.array(deployment, { maxLength: 2 }) },
  { requiredKeys: [] },
) as fc.Arbitrary<ContractInput>;

/** Keys the format knows, and near misses, so junk often lands on a real field. */
const KEYS = ['filename', 'version', 'variables', 'functions', 'classes', 'imports', 'deployments', 'name', 'annotation', 'value', 'optional', 'async', 'arguments', 'return_annotation', 'static', 'type', 'attributes', 'methods', 'superclasses', 'implements', 'deny', 'allow', 'arch', 'systems', 'os', 'libc', 'environment', 'secrets', 'runtimes', 'packages', 'modules', 'hint', 'severity', 'pythons', 'varibles', '__proto__', 'constructor', 'prototype', '<<', ''];

/** Contract-shaped junk: known keys with values of any type, nested. */
export const junkData: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.anything({ maxDepth: 2, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withTypedArray: true, withSparseArray: true, withUnicodeString: true, withBoxedValues: true }),
    fc.constantFrom(...ARCHES, ...SYSTEMS, ...RUNTIMES, 'class', 'instance', 'glibc', 'warn', '>=20', 'not a range'),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('node'), { maxKeys: 4 }),
  ),
})).node;

/** YAML-ish text: tokens of the YAML grammar, keys of the format, indentation and newlines. */
export const yamlishText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...KEYS.map((k) => `${k}:`)),
      fc.constantFrom('\n', '\n  ', '\n    ', '\n- ', '\n  - ', ' ', '- ', ': ', '? ', ',', '[', ']', '{', '}', '&a ', '*a', '&b ', '*b', '<<: *a', '!!str ', '!!binary ', '!custom ', '|', '>', '"', "'", '#', '---\n', '...\n', '%YAML 1.2\n', '\t', '\r\n', '~', 'null', 'true', '0x1F', '1e400', '-.inf', '.nan', '\\u0000', '\u00e9', '\ud83d\ude00', '\ufeff'),
      fc.string({ maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));
