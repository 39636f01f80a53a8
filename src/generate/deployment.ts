/** A machine written as a contract `deployments` block: what `importspy context` prints. */
import type { ContractInput } from '../contract/types.generated.js';
import type { Context } from '../context/capture.js';
import { MIN_SCRUB_LENGTH, REDACTED, Redactor } from '../violations/redact.js';
import type { ArchName, OperatingSystemName } from '../contract/aliases.js';

export interface DescribeOptions {
  /** Environment variables to include, with their current values. */
  variables?: readonly string[];
  /** Secrets to include, by name only. */
  secrets?: readonly string[];
}

/** This machine as one deployment that, fed back as a contract, passes. */
export function describeContext(context: Context, options: DescribeOptions = {}): NonNullable<ContractInput['deployments']> {
  const secrets = [...(options.secrets ?? [])];
  // A name given as a secret too is a secret: its value is never printed, only its presence; and
  // a variable whose value contains a secret's (`DATABASE_URL` holding the password) is scrubbed.
  // A secret too short to be searched for hides every variable's value.
  const values = secrets.map((name) => context.env[name] ?? '').filter((value) => value !== '');
  const redactor = new Redactor(values);
  const hideAll = values.some((value) => value.length < MIN_SCRUB_LENGTH);
  const valueOf = (name: string): string => (hideAll ? REDACTED : redactor.text(context.env[name] ?? ''));
  const variables = (options.variables ?? []).filter((name) => !secrets.includes(name)).map((name) => ({ name, value: valueOf(name) }));
  const environment = variables.length || secrets.length
    ? { ...(variables.length ? { variables } : {}), ...(secrets.length ? { secrets } : {}) }
    : undefined;
  return [
    {
      // A name ImportSpy does not know is kept as found: the printed block then says so when read back.
      arch: context.arch as ArchName,
      systems: [
        {
          os: context.os as OperatingSystemName,
          ...(context.libc ? { libc: context.libc } : {}),
          ...(environment ? { environment } : {}),
          runtimes: [{ name: context.runtime.name, version: context.runtime.version }],
        },
      ],
    },
  ];
}
