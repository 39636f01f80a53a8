/** What every command shares: the streams and environment it is given, and how it prints YAML. */
import { stringify } from 'yaml';

/** The streams, environment and folder a command runs with; nothing reads process globals instead. */
export interface CliIO {
  stdout: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** YAML with strings that look like numbers (versions) quoted. */
export function toYaml(doc: unknown): string {
  return stringify(doc, { lineWidth: 100 });
}
