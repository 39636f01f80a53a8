/** What every command shares: the streams and environment it is given, and how it prints YAML. */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

/** The streams, environment and folder a command runs with; nothing reads process globals instead. */
export interface CliIO {
  stdout: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/**
 * The yaml package, required the first time YAML is printed: a `check --format json` whose
 * contract is JSON (or comes from the cache) never loads it, and one whose contract is YAML loads
 * it once, through the same `require` the contract parser uses, instead of also building its ES
 * module facade at start-up.
 */
let yamlModule: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

/** YAML with strings that look like numbers (versions) quoted. */
export function toYaml(doc: unknown): string {
  return yaml().stringify(doc, { lineWidth: 100 });
}
