/** A machine written as a contract `deployments` block: what `importspy context` prints. */
import type { ContractInput } from '../contract/schema.js';
import type { Context } from './capture.js';

export interface DescribeOptions {
  /** Environment variables to include, with their current values. */
  variables?: readonly string[];
  /** Secrets to include, by name only. */
  secrets?: readonly string[];
}

/** This machine as one deployment that, fed back as a contract, passes. */
export function describeContext(context: Context, options: DescribeOptions = {}): NonNullable<ContractInput['deployments']> {
  const variables = (options.variables ?? []).map((name) => ({ name, value: context.env[name] ?? '' }));
  const secrets = [...(options.secrets ?? [])];
  const environment = variables.length || secrets.length
    ? { ...(variables.length ? { variables } : {}), ...(secrets.length ? { secrets } : {}) }
    : undefined;
  return [
    {
      arch: context.arch,
      systems: [
        {
          os: context.os,
          ...(context.libc ? { libc: context.libc } : {}),
          ...(environment ? { environment } : {}),
          runtimes: [{ name: context.runtime.name, version: context.runtime.version }],
        },
      ],
    },
  ];
}
