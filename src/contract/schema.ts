/**
 * The one definition of the contract format. The TypeScript types (`ContractInput`, `Contract`),
 * the runtime validation and `schema/spymodel.schema.json` all derive from these schemas.
 * Every object is strict: an unknown key is an error, so a typo never switches a check off.
 */
import { z } from 'zod';
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

/** A JSON-compatible value, as a contract may write it after `value:`. */
export type ContractValue = string | number | boolean | null | ContractValue[] | { [key: string]: ContractValue };

const value: z.ZodType<ContractValue, ContractValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(value), z.record(z.string(), value)]),
);

const range = z
  .string()
  .min(1)
  .refine((v) => validRange(v) !== null, { message: 'is not a valid semver range (examples: "22", ">=20.19", "^4.1")' });

const name = z.string().min(1).describe('Exact name to match.');

/** Fields every entry may carry. */
const common = {
  hint: z.string().optional().describe('Remediation text shown with this entry\'s violations.'),
  severity: z.enum(['error', 'warn']).optional().describe('`warn`: reported, never blocking. Default `error`.'),
};

const annotation = z.string().min(1).describe('TypeScript type text, compared after normalisation.');

const variable = z.strictObject({
  name,
  annotation: annotation.optional(),
  value: value.optional().describe('Deep-equal to the statically evaluated initializer.'),
  ...common,
});

const argument = z.strictObject({
  name,
  annotation: annotation.optional(),
  value: value.optional().describe('The default value.'),
  optional: z.boolean().optional().describe('Whether the parameter has `?` or a default; omitted, either.'),
  ...common,
});

const functionShape = {
  name,
  async: z.boolean().optional(),
  arguments: z.array(argument).optional().describe('Matched by name and position; extra trailing parameters are allowed.'),
  return_annotation: annotation.optional(),
  ...common,
};

const fn = z.strictObject(functionShape);
const method = z.strictObject({ ...functionShape, static: z.boolean().optional() });

const attribute = z.strictObject({
  name,
  type: z.enum(['class', 'instance']).optional().describe('`class`: a static member; `instance`: an instance member.'),
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
  z.strictObject({
    name,
    attributes: z.array(attribute).optional(),
    methods: z.array(method).optional(),
    superclasses: z
      .array(z.union([name, cls]))
      .optional()
      .describe('Anywhere in the extends chain; a class entry also constrains the base\'s own members.'),
    implements: z.array(name).optional().describe('TypeScript `implements` clause names.'),
    ...common,
  }),
);

/** How a module imports: `type` (type-only), `value` (static import, re-export, require()), `dynamic` (import()). */
export const IMPORT_KINDS = ['type', 'value', 'dynamic'] as const;

const importKind = z.enum(IMPORT_KINDS);

const importRule = z.union([
  z.string().min(1),
  z.strictObject({
    pattern: z.string().min(1).describe('Specifier pattern: `*` stops at `/`, `**` crosses it.'),
    kind: z
      .union([importKind, z.array(importKind).min(1)])
      .optional()
      .describe('The kinds of import the entry applies to; omitted, `value` and `dynamic` (as a plain string).'),
  }),
]);

const imports = z.strictObject({
  deny: z.array(importRule).optional().describe('Specifier patterns the module must not import.'),
  allow: z.array(importRule).optional().describe('When present, every other specifier is forbidden.'),
});

const moduleShape = {
  filename: z.string().min(1).optional().describe('Basename; without an extension it matches any JS/TS extension.'),
  version: z.string().min(1).optional().describe('Semver range or exact string.'),
  variables: z.array(variable).optional(),
  functions: z.array(fn).optional(),
  classes: z.array(cls).optional(),
  imports: imports.optional(),
};

const moduleExpectation = z.strictObject(moduleShape);

function aliased<T extends string>(names: readonly string[], toCanonical: (n: string) => T | undefined) {
  return z.enum(names as [string, ...string[]]).transform((n) => toCanonical(n) as T);
}

const envVariable = z.strictObject({
  name,
  annotation: aliased<EnvAnnotation>(ENV_ANNOTATION_NAMES, canonicalEnvAnnotation).optional(),
  value: value.optional().describe('Compared after coercing the variable by its annotation.'),
  ...common,
});

const secret = z.union([name, z.strictObject({ name, ...common })]);

const pkg = z.strictObject({
  name,
  version: range.optional().describe('Semver range; "4" means 4.x.'),
  ...common,
});

const runtime = z.strictObject({
  name: aliased<RuntimeName>(RUNTIME_NAMES, canonicalRuntime).optional().describe('Omitted: any runtime.'),
  version: range.optional().describe('Semver range; "22" means 22.x.'),
  packages: z.array(pkg).optional(),
  modules: z.array(moduleExpectation).optional().describe('Module expectations that hold only on this runtime.'),
  ...common,
});

const system = z.strictObject({
  os: aliased<OperatingSystem>(OS_NAMES, canonicalOs).optional().describe('Omitted: any operating system.'),
  libc: z.enum(LIBCS).optional(),
  environment: z
    .strictObject({
      variables: z.array(envVariable).optional(),
      secrets: z.array(secret).optional().describe('Presence only; a value is never printed.'),
    })
    .optional(),
  runtimes: z.array(runtime).optional(),
  ...common,
});

const deployment = z.strictObject({
  arch: aliased<Arch>(ARCH_NAMES, canonicalArch).optional().describe('Omitted: any architecture.'),
  systems: z.array(system).optional(),
  ...common,
});

/** The whole contract document. */
export const contractSchema = z.strictObject({
  $schema: z.string().optional().describe('Editor hint; ignored.'),
  ...moduleShape,
  deployments: z.array(deployment).optional().describe('At least one deployment must match as a whole.'),
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

/** The project configuration (`importspy.config.yml`); see src/config/project.ts. */
export const projectConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  mode: z.enum(['enforce', 'warn']).optional(),
  contracts: z
    .array(
      z.strictObject({
        modules: globs.describe('A glob or a list of globs, relative to the configuration file: the protected modules.'),
        contract: z.string().min(1).describe('The contract every importer of a matching module must meet.'),
      }),
    )
    .optional(),
});

