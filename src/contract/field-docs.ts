/**
 * What each field of the contract format means: the one text behind the JSON Schema's
 * `description` (what an editor shows on hover) and the JSDoc of the generated TypeScript types
 * (scripts/write-types.mjs reads this object). A field is documented by its name, wherever it
 * appears; a test fails when a schema property has no text here.
 */
export const FIELD_DOCS = {
  $schema: 'Editor hint (the JSON Schema to validate against); ignored.',
  name: 'The exact name to match (a runtime: node, bun or deno, or an alias such as nodejs).',
  hint: "Remediation text shown with this entry's violations.",
  severity: '`warn`: reported, never blocking. Default `error`.',
  annotation: 'TypeScript type text, compared after normalisation (an environment variable: string, number, integer, boolean or json).',
  value: 'The value (an argument: its default), deep-equal after static evaluation, or after coercion by the annotation for an environment variable.',
  optional: 'Whether the parameter has `?` or a default; omitted, either.',
  async: 'Whether the function must be (true) or must not be (false) async; omitted, either.',
  static: 'Whether the method must be static; omitted, either.',
  type: '`class`: a static member; `instance`: a member of every instance; omitted, either.',
  arguments: 'Parameters, matched by name and position; extra trailing parameters are allowed.',
  return_annotation: 'The declared return type.',
  attributes: 'Static and instance attributes, inherited ones included.',
  methods: 'Methods, inherited ones included.',
  superclasses: 'Classes anywhere in the extends chain; a class entry also constrains that base.',
  implements: 'Names in the TypeScript `implements` clause.',
  deny: 'What must be absent: specifier patterns the module must not import (`imports`), or permissions that must not be granted (`permissions`).',
  allow: 'When present, every specifier outside these patterns is forbidden.',
  pattern: 'A specifier pattern: `*` stops at `/`, `**` crosses it.',
  kind: 'The kinds of import the entry applies to (`type`, `value`, `dynamic`, or a list); omitted, `value` and `dynamic`.',
  filename: 'The basename; without an extension it matches any JS/TS extension.',
  version: 'A semver range ("22" means 22.x); for a module, a range or an exact version string.',
  variables: 'Exported bindings that are neither functions nor classes (or environment variables).',
  functions: 'Exported functions.',
  classes: 'Exported classes.',
  imports: 'Restrictions on what the module itself imports.',
  deployments: 'Where the module may run: at least one deployment must match as a whole.',
  arch: 'CPU architecture (Node names such as x64 and arm64, or aliases such as x86_64); omitted, any.',
  systems: 'Operating systems: at least one must match.',
  os: 'Operating system (Node names such as linux and darwin, or aliases such as macos); omitted, any.',
  libc: 'C library on Linux: `glibc` or `musl`.',
  environment: 'Environment variables and secrets, all required.',
  secrets: 'Names that must be set; presence only, a value is never printed.',
  runtimes: 'Runtimes: at least one must match.',
  packages: 'Installed packages, resolved as Node would from the module.',
  modules: 'Module expectations that hold only on this runtime.',
  permissions: "Node's permission model must be on (`--permission`), with the `deny` permissions absent.",
  scope: 'A permission scope, as `process.permission.has()` names it.',
  reference: 'A path (for `fs` scopes) the permission must not cover.',
} as const;

/** A documented field of the contract format. */
export type FieldName = keyof typeof FIELD_DOCS;

/** The same, for `importspy.config.yml`. */
export const CONFIG_FIELD_DOCS = {
  $schema: 'Editor hint (the JSON Schema to validate against); ignored.',
  mode: '`enforce` (default) blocks non-compliant imports; `warn` reports them. IMPORTSPY_MODE and --mode win.',
  ignore: 'Globs of files, relative to this file, that `check` leaves out and no contract protects.',
  contracts: 'Bindings of protected modules to contracts, in order.',
  modules: 'A glob or a list of globs (a leading `!` excludes), relative to this file: the protected modules.',
  contract: 'The contract every importer of a matching module must meet, relative to this file.',
} as const;

/** A documented field of the project configuration. */
export type ConfigFieldName = keyof typeof CONFIG_FIELD_DOCS;
