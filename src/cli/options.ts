/**
 * The one table of the CLI's commands and options. The argument parser (`node:util` parseArgs),
 * `importspy <command> --help` and the option tables of docs/cli.md all come from it; a test
 * fails when the documentation and this table disagree.
 */
import type { ParseArgsConfig } from 'node:util';

/** One option of a command (or a global option, accepted by every command). */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Repeatable: every occurrence is kept, in order. */
  multiple?: boolean;
  /** The value's placeholder in help and docs (`FILE`, `N`...), for a string option. */
  value?: string;
  /** One line: what the option does. */
  description: string;
  /** The default, in words, when the option is not given. */
  default?: string;
  /** A complete example command using the option. */
  example: string;
  /** The environment variable that sets the same thing (the flag wins). */
  env?: string;
}

/** A command: its usage line, what it does, and its own options. */
export interface CommandSpec {
  usage: string;
  summary: string;
  options: Readonly<Record<string, OptionSpec>>;
}

export const GLOBAL_OPTIONS = {
  config: {
    type: 'string',
    value: 'FILE',
    env: 'IMPORTSPY_CONFIG',
    description: 'The project configuration to use.',
    default: 'the nearest importspy.config.yml (.yaml, .json) walking up',
    example: 'importspy check --config ci/importspy.config.yml',
  },
  mode: {
    type: 'string',
    value: 'enforce|warn',
    env: 'IMPORTSPY_MODE',
    description: '`warn` reports violations but exits 0.',
    default: 'enforce (or the configuration\'s mode)',
    example: 'importspy --mode warn check src -c spymodel.yml',
  },
  'log-level': {
    type: 'string',
    value: 'error|warn|info|debug',
    env: 'IMPORTSPY_LOG',
    description: 'How much to say on stderr about the run (never on stdout).',
    default: 'warn',
    example: 'importspy check src -c spymodel.yml --log-level info',
  },
  help: {
    type: 'boolean',
    short: 'h',
    description: 'Print the help of the command (or of importspy) and exit 0.',
    example: 'importspy check --help',
  },
} as const satisfies Record<string, OptionSpec>;

export const COMMANDS = {
  check: {
    usage: 'importspy check [module|dir|glob...] [options]',
    summary: 'Validate modules and this machine against a contract.',
    options: {
      contract: {
        type: 'string',
        short: 'c',
        value: 'FILE',
        description: 'The contract (YAML or JSON).',
        default: 'spymodel.yml (.yaml, .json) here, else the configuration',
        example: 'importspy check src/plugins -c contracts/plugin.yml',
      },
      format: {
        type: 'string',
        short: 'f',
        value: 'NAME',
        description: 'Report format: text, json, sarif, github or junit.',
        default: 'text',
        example: 'importspy check src -c spymodel.yml --format sarif > importspy.sarif',
      },
      ignore: {
        type: 'string',
        multiple: true,
        value: 'GLOB',
        description: 'Leave out the files this glob matches. Repeatable.',
        default: 'none (node_modules and .git are skipped unless named)',
        example: "importspy check 'src/**/*.ts' --ignore '**/*.test.ts' -c spymodel.yml",
      },
      verbose: {
        type: 'boolean',
        description: 'Text report: list compliant modules too.',
        default: 'only modules with something to report',
        example: 'importspy check src -c spymodel.yml --verbose',
      },
      quiet: {
        type: 'boolean',
        short: 'q',
        description: 'Text report: errors only, no warnings.',
        default: 'off',
        example: 'importspy check src -c spymodel.yml --quiet',
      },
      runtime: {
        type: 'boolean',
        description: 'Also load each module and inspect its live exports: the modules\' code runs.',
        default: 'static analysis only',
        example: 'importspy check dist/plugin.js -c spymodel.yml --runtime',
      },
      'env-file': {
        type: 'string',
        multiple: true,
        value: 'FILE',
        description: 'Add KEY=value lines to the environment checked. Repeatable; later files win.',
        default: 'the process environment only',
        example: 'importspy check -c spymodel.yml --env-file .env.production',
      },
      jobs: {
        type: 'string',
        short: 'j',
        value: 'N',
        description: 'Check with N worker threads; the report order does not change.',
        default: 'one per core from 5,000 modules (static analysis), else 1',
        example: "importspy check 'src/**/*.ts' -c spymodel.yml --jobs 4",
      },
      shard: {
        type: 'string',
        value: 'i/n',
        description: 'Check only shard i of n of the sorted module list (1-based).',
        default: 'every module',
        example: "importspy check 'src/**/*.ts' -c spymodel.yml --shard 2/3",
      },
      baseline: {
        type: 'string',
        value: 'FILE',
        description: 'Fail only on violations not recorded in this baseline file.',
        default: 'no baseline',
        example: 'importspy check src -c spymodel.yml --baseline importspy-baseline.json',
      },
      'update-baseline': {
        type: 'boolean',
        description: 'Write the current violations to the baseline file and exit 0.',
        default: 'importspy-baseline.json without --baseline',
        example: 'importspy check src -c spymodel.yml --update-baseline',
      },
      cache: {
        type: 'boolean',
        env: 'IMPORTSPY_CACHE',
        description: 'Reuse module models from the on-disk cache between runs.',
        default: 'off',
        example: 'importspy check src -c spymodel.yml --cache',
      },
    },
  },
  init: {
    usage: 'importspy init <module> [options]',
    summary: 'Write the contract that an existing module already meets.',
    options: {
      output: {
        type: 'string',
        short: 'o',
        value: 'FILE',
        description: 'Write the contract to FILE instead of stdout.',
        default: 'stdout',
        example: 'importspy init src/plugin.ts -o spymodel.yml',
      },
      force: {
        type: 'boolean',
        description: 'Overwrite the --output file when it exists.',
        default: 'an existing file is left alone (exit 2)',
        example: 'importspy init src/plugin.ts -o spymodel.yml --force',
      },
      'with-context': {
        type: 'boolean',
        description: "Add this machine's deployments block.",
        default: 'module structure only',
        example: 'importspy init src/plugin.ts --with-context',
      },
      runtime: {
        type: 'boolean',
        description: 'Analyse the live module: its code runs.',
        default: 'static analysis only',
        example: 'importspy init dist/plugin.js --runtime',
      },
    },
  },
  context: {
    usage: 'importspy context [options]',
    summary: 'Print this machine as a deployments block.',
    options: {
      format: {
        type: 'string',
        short: 'f',
        value: 'yaml|json',
        description: 'Output format.',
        default: 'yaml',
        example: 'importspy context --format json',
      },
      env: {
        type: 'string',
        multiple: true,
        value: 'NAME',
        description: 'Include this environment variable with its value. Repeatable.',
        default: 'no variables',
        example: 'importspy context --env NODE_ENV',
      },
      secret: {
        type: 'string',
        multiple: true,
        value: 'NAME',
        description: 'Include this secret by name (never its value). Repeatable.',
        default: 'no secrets',
        example: 'importspy context --secret API_TOKEN',
      },
      'env-file': {
        type: 'string',
        multiple: true,
        value: 'FILE',
        description: 'Add KEY=value lines to the environment first. Repeatable.',
        default: 'the process environment only',
        example: 'importspy context --env-file .env --env NODE_ENV',
      },
    },
  },
  schema: {
    usage: 'importspy schema [contract|config]',
    summary: 'Print the JSON Schema of the contract format, or of importspy.config.yml.',
    options: {},
  },
} as const satisfies Record<string, CommandSpec>;

export type Command = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as Command[];

/** The parseArgs configuration of a command: its options and the global ones. */
export function parserOptions(command: Command): NonNullable<ParseArgsConfig['options']> {
  const out: NonNullable<ParseArgsConfig['options']> = {};
  const all: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS, ...COMMANDS[command].options };
  for (const [name, spec] of Object.entries(all)) {
    out[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  return out;
}

/** `-c, --contract FILE`, as help and docs show an option. */
export function optionLabel(name: string, spec: OptionSpec): string {
  return `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const lines: string[] = [];
  for (const [name, spec] of Object.entries(options)) {
    lines.push(`  ${optionLabel(name, spec)}${spec.multiple ? ' (repeatable)' : ''}`);
    lines.push(`      ${spec.description}`);
    const facts = [spec.default ? `default: ${spec.default}` : '', spec.env ? `env: ${spec.env}` : ''].filter(Boolean);
    if (facts.length) lines.push(`      ${facts.join('; ')}`);
    lines.push(`      e.g. ${spec.example}`);
  }
  return lines;
}

const EXIT_CODES = 'Exit codes: 0 compliant, 1 violations (0 in warn mode), 2 usage error or could not decide.';

/** `importspy <command> --help`: every option with its description, default and an example. */
export function commandHelp(command: Command, version: string): string {
  const spec: CommandSpec = COMMANDS[command];
  return [
    `importspy ${version}: ${spec.summary}`,
    '',
    `Usage: ${spec.usage}`,
    '',
    ...(Object.keys(spec.options).length ? ['Options:', ...optionLines(spec.options), ''] : []),
    'Global options (before or after the command):',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}

/** `importspy --help`: the commands and the global options. */
export function mainHelp(version: string): string {
  return [
    `importspy ${version}: import contracts for Node.js modules`,
    '',
    'Usage: importspy [global options] <command> [options]',
    '',
    'Commands:',
    ...COMMAND_NAMES.flatMap((c) => [`  ${COMMANDS[c].usage}`, `      ${COMMANDS[c].summary}`]),
    '',
    'Global options (before or after the command):',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Run `importspy help <command>` (or `importspy <command> --help`) for its options.',
    'importspy --version prints the version.',
    EXIT_CODES,
    '',
  ].join('\n');
}
