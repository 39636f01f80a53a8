/**
 * The YAML parser and the schema (zod), each loaded once, on first use: a process whose contracts
 * come from the compiled cache never pays for them. `require` keeps the synchronous API possible;
 * both are modules without top-level await, which Node >= 20.19 can require.
 */
import { createRequire } from 'node:module';
import { loadOwn } from '../util/own-code.js';

type YamlParts = typeof import('./yaml.js');
type SchemaModule = typeof import('./schema.js');

const lazyRequire = createRequire(import.meta.url);
let yamlModule: YamlParts | undefined;
let schemaModule: SchemaModule | undefined;

/**
 * The parts of the `yaml` package the parser uses (yaml.ts), required relative to this file: the
 * bundled entry beside this chunk (dist/chunks/yaml.js), or the module beside this one unbundled.
 */
export const yaml = (): YamlParts => (yamlModule ??= loadOwn(() => lazyRequire('./yaml.js') as YamlParts));

/**
 * The schema module. Required by the package's own name, so the path holds in the bundled and
 * the unbundled build alike (and the bundle keeps zod in that entry alone).
 */
export const schema = (): SchemaModule => (schemaModule ??= lazyRequire('importspy/internal/schema') as SchemaModule);
