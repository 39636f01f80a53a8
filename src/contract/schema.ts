/**
 * The one definition of the contract format. The TypeScript types (`ContractInput`, `Contract`),
 * the runtime validation and `schema/spymodel.schema.json` all derive from these schemas.
 * Every object is strict: an unknown key is an error, so a typo never switches a check off.
 */
import * as z from 'zod';
import { validRange } from '../util/semver.js';
import {
  ARCH_NAMES,
  ENV_ANNOTATION_NAMES,
  LIBCS,
  OS_NAMES,
  RUNTIME_NAMES,
  canonicalArch,
  canonicalEnvAnnotation,
  canonicalOs,
  canonicalRuntime,
  type Arch,
  type EnvAnnotation,
  type OperatingSystem,
  type RuntimeName,
} from './aliases.js';
import { CONFIG_FIELD_DOCS, FIELD_DOCS, type ConfigFieldName, type FieldName } from './field-docs.js';

/**
 * A strict object whose every field carries its text from FIELD_DOCS (the JSON Schema's
 * descriptions); a field missing there does not compile.
 */
function entry<S extends z.core.$ZodLooseShape>(shape: S & Record<Exclude<keyof S, FieldName>, never>) {
  const described = Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, (schema as z.ZodType).describe(FIELD_DOCS[key as FieldName])])) as S;
  return z.strictObject(described);
}

/** The same for the project configuration, from CONFIG_FIELD_DOCS. */
function configEntry<S extends z.core.$ZodLooseShape>(shape: S & Record<Exclude<keyof S, ConfigFieldName>, never>) {
  const described = Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, (schema as z.ZodType).describe(CONFIG_FIELD_DOCS[key as ConfigFieldName])])) as S;
  return z.strictObject(described);
}

/**
 * How ImportSpy runs its schemas: without zod's compiled fast path. zod compiles each object
 * schema into a function (`new Function`) the first time it parses with it, which pays off for a
 * schema used many times; a process validates each contract and configuration once, and the
 * compiling made that validation about twice as slow (7–10 against 3–4 ms, Node 26, a cold
 * process). Passed per call, not through `z.config()`: zod's configuration is global, shared with
 * the application's own copy of zod.
 */
export const PARSE_ONCE = { jitless: true } as const;

/** A JSON-compatible value, as a contract may write it after `value:`. */
export type ContractValue = string | number | boolean | null | ContractValue[] | { [key: string]: ContractValue };

const value: z.ZodType<ContractValue, ContractValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(value), z.record(z.string(), value)]),
);

const range = z
  .string()
  .min(1)
  .refine((v) => validRange(v) !== null, { message: 'is not a valid semver range (examples: "22", ">=20.19", "^4.1")' });

const name = z.string().min(1);

/** Fields every entry may carry. */
const common = {
  hint: z.string().optional(),
  severity: z.enum(['error', 'warn']).optional(),
};

const annotation = z.string().min(1);

const variable = entry({
  name,
  annotation: annotation.optional(),
  value: value.optional(),
  ...common,
});

const argument = entry({
  name,
  annotation: annotation.optional(),
  value: value.optional(),
  optional: z.boolean().optional(),
  ...common,
});

const functionShape = {
  name,
  async: z.boolean().optional(),
  arguments: z.array(argument).optional(),
  return_annotation: annotation.optional(),
  ...common,
};

const fn = entry(functionShape);
const method = entry({ ...functionShape, static: z.boolean().optional() });

const attribute = entry({
  name,
  type: z.enum(['class', 'instance']).optional(),
  annotation: annotation.optional(),
  value: value.optional(),
  ...common,
});

interface ClassInputShape {
  name: string;
  attributes?: z.input<typeof attribute>[] | undefined;
  methods?: z.input<typeof method>[] | undefined;
  superclasses?: (string | ClassInputShape)[] | undefined;
  implements?: string[] | undefined;
  hint?: string | undefined;
  severity?: 'error' | 'warn' | undefined;
}

const cls: z.ZodType<ClassInputShape, ClassInputShape> = z.lazy(() =>
  entry({
    name,
    attributes: z.array(attribute).optional(),
    methods: z.array(method).optional(),
    superclasses: z
      .array(z.union([name, cls]))
      .optional(),
    implements: z.array(name).optional(),
    ...common,
  }),
);

/** How a module imports: `type` (type-only), `value` (static import, re-export, require()), `dynamic` (import()). */
export const IMPORT_KINDS = ['type', 'value', 'dynamic'] as const;

const importKind = z.enum(IMPORT_KINDS);

const importRule = z.union([
  z.string().min(1),
  entry({
    pattern: z.string().min(1),
    kind: z.union([importKind, z.array(importKind).min(1)]).optional(),
  }),
]);

const imports = entry({
  deny: z.array(importRule).optional(),
  allow: z.array(importRule).optional(),
});

const moduleShape = {
  filename: z.string().min(1).optional(),
  version: z.string().min(1).optional(),
  variables: z.array(variable).optional(),
  functions: z.array(fn).optional(),
  classes: z.array(cls).optional(),
  imports: imports.optional(),
};

const moduleExpectation = entry(moduleShape);

/** One of the accepted spellings (a literal union in the types: `arch: 'x86-64'` does not type-check), read as the canonical name. */
function aliased<N extends string, T extends string>(names: readonly [N, ...N[]], toCanonical: (n: string) => T | undefined) {
  return z.enum(names as [N, ...N[]]).transform((n) => toCanonical(n) as T);
}

const envVariable = entry({
  name,
  annotation: aliased(ENV_ANNOTATION_NAMES, canonicalEnvAnnotation).optional(),
  value: value.optional(),
  ...common,
});

const secret = z.union([name, entry({ name, ...common })]);

const pkg = entry({
  name,
  version: range.optional(),
  ...common,
});

/** The scopes of Node's permission model, as `process.permission.has()` names them. */
export const PERMISSION_SCOPES = ['fs', 'fs.read', 'fs.write', 'child', 'worker', 'net', 'inspector', 'wasi', 'addon'] as const;
/** A scope of Node's permission model. */
export type PermissionScope = (typeof PERMISSION_SCOPES)[number];

const permissionScope = z.enum(PERMISSION_SCOPES);

const permissions = entry({
  deny: z
    .array(
      // The mapping form first: a mapping with a wrong field is reported by that field.
      z.union([entry({ scope: permissionScope, reference: z.string().min(1) }), permissionScope]),
    )
    .optional(),
  ...common,
});

const runtime = entry({
  name: aliased(RUNTIME_NAMES, canonicalRuntime).optional(),
  version: range.optional(),
  packages: z.array(pkg).optional(),
  modules: z.array(moduleExpectation).optional(),
  permissions: permissions.optional(),
  ...common,
});

const system = entry({
  os: aliased(OS_NAMES, canonicalOs).optional(),
  libc: z.enum(LIBCS).optional(),
  environment: entry({
    variables: z.array(envVariable).optional(),
    secrets: z.array(secret).optional(),
  }).optional(),
  runtimes: z.array(runtime).optional(),
  ...common,
});

const deployment = entry({
  arch: aliased(ARCH_NAMES, canonicalArch).optional(),
  systems: z.array(system).optional(),
  ...common,
});

/** The whole contract document. */
export const contractSchema = entry({
  $schema: z.string().optional(),
  ...moduleShape,
  deployments: z.array(deployment).optional(),
});

/** What a contract may be written as (YAML, JSON, or `defineContract`). */
export type ContractInput = z.input<typeof contractSchema>;
/** A contract after validation: aliases resolved to canonical names. */
export type ContractData = z.output<typeof contractSchema>;

/** A `variables` entry: an exported binding that is neither a function nor a class. */
export type VariableEntry = z.output<typeof variable>;
/** An `arguments` entry of a function or method, matched by name and position. */
export type ArgumentEntry = z.output<typeof argument>;
/** A `functions` entry: an exported function. */
export type FunctionEntry = z.output<typeof fn>;
/** A `methods` entry of a class: a function entry that may also say `static`. */
export type MethodEntry = z.output<typeof method>;
/** An `attributes` entry of a class: a static (`class`) or `instance` member. */
export type AttributeEntry = z.output<typeof attribute>;
/** A `classes` entry, or a class entry among `superclasses`. */
export type ClassEntry = ClassInputShape;
/** An `imports.deny`/`allow` entry: a specifier pattern, or a pattern limited to kinds of import. */
export type ImportRuleEntry = z.output<typeof importRule>;
/** A kind of import an `imports` rule can be limited to. */
export type ImportKind = z.output<typeof importKind>;
/** The `imports` rules: specifier patterns to deny, and an optional allow list. */
export type ImportsEntry = z.output<typeof imports>;
/** What a module must be: the top level of a contract, or a `runtimes[].modules` entry. */
export type ModuleExpectation = z.output<typeof moduleExpectation>;
/** An `environment.variables` entry: a variable that must be set, optionally with a type and value. */
export type EnvVariableEntry = z.output<typeof envVariable>;
/** An `environment.secrets` entry: a name, or a mapping with `name`, `severity` and `hint`. Presence only. */
export type SecretEntry = z.output<typeof secret>;
/** A `packages` entry: an installed package, optionally with a semver range. */
export type PackageEntry = z.output<typeof pkg>;
/** A `runtimes[].permissions` entry: Node's permission model must be on, with the `deny` permissions absent. */
export type PermissionsEntry = z.output<typeof permissions>;
/** A `runtimes` entry: `node`, `bun` or `deno`, with a version range, packages and runtime-only module expectations. */
export type RuntimeEntry = z.output<typeof runtime>;
/** A `systems` entry: an operating system, with libc, environment and runtimes. */
export type SystemEntry = z.output<typeof system>;
/** A `deployments` entry: a CPU architecture and the systems it may run. */
export type DeploymentEntry = z.output<typeof deployment>;

/** Every key the format knows, for "did you mean" suggestions. */
export const KNOWN_KEYS: readonly string[] = [
  ...new Set([
    ...Object.keys(contractSchema.shape),
    ...Object.keys(argument.shape),
    ...Object.keys(method.shape),
    ...Object.keys(attribute.shape),
    'attributes', 'methods', 'superclasses', 'implements',
    ...Object.keys(imports.shape),
    'pattern', 'kind',
    ...Object.keys(envVariable.shape),
    ...Object.keys(runtime.shape),
    ...Object.keys(permissions.shape),
    'scope', 'reference',
    ...Object.keys(system.shape),
    'variables', 'secrets',
    ...Object.keys(deployment.shape),
  ]),
];

/** The JSON Schema of the contract format, as published in `schema/spymodel.schema.json`. */
export function contractJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(contractSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema['$schema'],
    $id: 'https://unpkg.com/importspy/schema/spymodel.schema.json',
    title: 'ImportSpy import contract (spymodel)',
    ...schema,
  };
}

const globs = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** The project configuration (`importspy.config.yml`); see src/contract/project-config.ts. */
export const projectConfigSchema = configEntry({
  $schema: z.string().optional(),
  mode: z.enum(['enforce', 'warn']).optional(),
  ignore: z.array(z.string().min(1)).optional(),
  contracts: z
    .array(
      configEntry({
        modules: globs,
        contract: z.string().min(1),
      }),
    )
    .optional(),
});


/** What `importspy.config.yml` may hold (YAML, JSON, or `defineConfig`). */
export type ProjectConfigInput = z.input<typeof projectConfigSchema>;

/** The JSON Schema of `importspy.config.yml`, as published in `schema/importspy.config.schema.json`. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(projectConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema['$schema'],
    $id: 'https://unpkg.com/importspy/schema/importspy.config.schema.json',
    title: 'ImportSpy project configuration (importspy.config.yml)',
    ...schema,
  };
}
