/**
 * The YAML parser and the schema (zod), each loaded once, on first use: a process whose contracts
 * come from the compiled cache never pays for them. `require` keeps the synchronous API possible;
 * both are modules without top-level await, which Node >= 20.19 can require.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

type SchemaModule = typeof import('./schema.js');

const lazyRequire = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;
let schemaModule: SchemaModule | undefined;

/** The `yaml` package. */
export const yaml = (): typeof Yaml => (yamlModule ??= lazyRequire('yaml') as typeof Yaml);

/**
 * The schema module. Required by the package's own name, so the path holds in the bundled and
 * the unbundled build alike (and the bundle keeps zod out of the entry points).
 */
export const schema = (): SchemaModule => (schemaModule ??= lazyRequire('importspy/internal/schema') as SchemaModule);
