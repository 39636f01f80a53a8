/**
 * The command line. `cli(argv, io)` takes its streams and environment as arguments and returns
 * the exit code, so tests drive it like a user would and nothing here touches process globals.
 * Exit codes: 0 compliant, 1 violations, 2 usage error or ImportSpy could not decide.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, parseEnv } from 'node:util';
import { configJsonSchema, contractJsonSchema, ContractError, captureContext, createLogger, formatReport, resolveMode, REPORT_FORMATS, VERSION, type Logger, type ReportFormat } from '../index.js';
import { CheckSetupError, closest, describeContext, displayPath, exitCodeOf, LOG_LEVELS, parseLogLevel, runCheck as runWholeCheck, secretRedactor, setDiskCache, type CheckOutcome } from '../internal.js';
import { runInit } from './init.js';
import { toYaml, type CliIO } from './io.js';
import { COMMAND_NAMES, GLOBAL_OPTIONS, commandHelp, mainHelp, parserOptions, type Command, type OptionSpec } from './options.js';

/** A command line that cannot run as written; like a check that cannot start (`CheckSetupError`), it exits 2 with a hint. */
class UsageError extends Error {}

const isUsageError = (error: unknown): error is Error => error instanceof UsageError || error instanceof CheckSetupError;

/** Runs the CLI; resolves to the exit code. */
export async function cli(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    // With --format json, stdout carries one JSON document whatever happens; people read stderr.
    if ((error instanceof ContractError || isUsageError(error)) && asksForJson(argv)) io.stdout.write(failureJson(error, io.cwd));
    if (error instanceof ContractError) {
      io.stderr.write(`importspy: ${error.message}\n`);
      return 2;
    }
    if (isUsageError(error)) {
      io.stderr.write(`importspy: ${error.message}\nRun \`importspy --help\` for usage.\n`);
      return 2;
    }
    io.stderr.write(`importspy: internal error: ${secretRedactor().text(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    return 2;
  }
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  setDiskCache(io.env['IMPORTSPY_CACHE'] === '1');
  const { leading, command: first, rest } = splitCommand(argv);
  if (first === undefined) {
    if (leading.includes('--help') || leading.includes('-h')) {
      io.stdout.write(mainHelp(VERSION));
      return 0;
    }
    if (leading.includes('--version') || leading.includes('-v')) {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (leading.length) throw new UsageError(`no command after ${leading.join(' ')}; write \`importspy check ...\`, \`importspy init ...\`, \`importspy context\` or \`importspy schema\``);
    io.stdout.write(mainHelp(VERSION));
    return 2;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout.write(mainHelp(VERSION));
      return 0;
    }
    io.stdout.write(commandHelp(knownCommand(topic), VERSION));
    return 0;
  }
  const command = knownCommand(first);
  const options = parserOptions(command);
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...leading, ...rest], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(improveParseError(error, Object.keys(options)));
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values['help']) {
    io.stdout.write(commandHelp(command, VERSION));
    return 0;
  }
  checkMode(values['mode'] as string | undefined, io.env);
  const logger = pickLogger(values['log-level'] as string | undefined, io);
  switch (command) {
    case 'check':
      return runCheck(parsed.positionals, values, io, logger);
    case 'context':
      return runContext(values, io);
    case 'schema':
      return runSchema(parsed.positionals, io);
    case 'init':
      return runInit(parsed.positionals, values, io);
  }
}

/**
 * The global options written before the command (`importspy --mode warn check ...`), the
 * command, and everything after it. Only global options may come first; anything else that
 * starts with a dash ends the scan and is reported by the parser or as an unknown command.
 */
function splitCommand(argv: readonly string[]): { leading: string[]; command: string | undefined; rest: string[] } {
  const leading: string[] = [];
  const globals: Record<string, OptionSpec> = GLOBAL_OPTIONS;
  let i = 0;
  while (i < argv.length) {
    const token = argv[i] as string;
    if (!token.startsWith('-') || token === '-') break;
    if (token === '--version' || token === '-v' || token === '--help' || token === '-h') {
      leading.push(token);
      i++;
      continue;
    }
    const name = token.startsWith('--') ? token.slice(2).split('=')[0] ?? '' : '';
    const spec = globals[name];
    if (!spec) throw new UsageError(`${migrationHint(token) ?? `${token} is not a global option; the options of a command go after it (\`importspy check ${token} ...\`)`}`);
    leading.push(token);
    if (spec.type === 'string' && !token.includes('=')) {
      const value = argv[i + 1];
      if (value === undefined) throw new UsageError(`${token} needs a value`);
      leading.push(value);
      i++;
    }
    i++;
  }
  return { leading, command: argv[i], rest: argv.slice(i + 1) };
}

function knownCommand(word: string): Command {
  if ((COMMAND_NAMES as string[]).includes(word)) return word as Command;
  // ImportSpy for Python took the module first: `importspy plugin.py -s spymodel.yml`.
  if (/[./\\]/.test(word)) {
    throw new UsageError(`unknown command \`${word}\`; to check a module, write \`importspy check ${word} -c spymodel.yml\``);
  }
  const guess = closest(word, COMMAND_NAMES);
  throw new UsageError(`unknown command \`${word}\`${guess ? `; did you mean \`${guess}\`?` : ''}`);
}

/** What to write instead of an option of ImportSpy for Python's CLI. */
function migrationHint(token: string): string | undefined {
  const name = token.split('=')[0];
  if (name === '-s' || name === '--spymodel') return `${name} was ImportSpy for Python's contract option; write \`importspy check <module> -c spymodel.yml\``;
  if (name === '-l' || name === '--log_level') return `${name} was ImportSpy for Python's log option; write \`--log-level error|warn|info|debug\` (lowercase: WARNING is \`--log-level warn\`)`;
  return undefined;
}

function runSchema(positionals: string[], io: CliIO): number {
  const [which = 'contract', ...extra] = positionals;
  if (extra.length || (which !== 'contract' && which !== 'config')) throw new UsageError(`schema takes \`contract\` (the default) or \`config\`, not ${JSON.stringify(positionals.join(' '))}`);
  io.stdout.write(`${JSON.stringify(which === 'config' ? configJsonSchema() : contractJsonSchema(), null, 2)}\n`);
  return 0;
}

function improveParseError(error: unknown, known: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /Unknown option '(-{1,2})([^']+)'/.exec(message);
  if (match?.[2]) {
    const hint = migrationHint(`${match[1]}${match[2]}`);
    if (hint) return hint;
    const guess = closest(match[2], known);
    return `unknown option ${match[1]}${match[2]}${guess ? `; did you mean --${guess}?` : ''}`;
  }
  return message.split('\n')[0] ?? message;
}

/** `--log-level`, else `IMPORTSPY_LOG`, else `warn`; diagnostics go to stderr, never stdout. */
function pickLogger(flag: string | undefined, io: CliIO): Logger {
  const value = flag ?? (io.env['IMPORTSPY_LOG'] || 'warn');
  const python: Record<string, string> = { WARNING: 'warn', ERROR: 'error', INFO: 'info', DEBUG: 'debug', CRITICAL: 'error' };
  if (python[value]) throw new UsageError(`--log-level takes lowercase names as in ${LOG_LEVELS.join(', ')}: for ${value}, write --log-level ${python[value]}`);
  if (!(LOG_LEVELS as readonly string[]).includes(value)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not ${JSON.stringify(value)}`);
  return createLogger(parseLogLevel(value), (line) => io.stderr.write(line));
}

/** `--mode`, else `IMPORTSPY_MODE`, must name a mode, whatever the command (`check` reads the configuration's later). */
function checkMode(flag: string | undefined, env: CliIO['env']): void {
  try {
    resolveMode({ flag, env, strict: true });
  } catch (error) {
    throw new UsageError(`--mode ${(error as Error).message}`);
  }
}

/** Environment for the checks: the process's, with any --env-file entries on top. */
function environment(values: Record<string, unknown>, io: CliIO): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...io.env };
  for (const file of (values['env-file'] as string[] | undefined) ?? []) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch {
      throw new UsageError(`cannot read --env-file ${file}`);
    }
    Object.assign(env, parseEnv(text));
  }
  return env;
}

function useColor(io: CliIO): boolean {
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false;
  if (io.env['TERM'] === 'dumb') return false;
  return io.stdout.isTTY === true;
}

async function runCheck(positionals: string[], values: Record<string, unknown>, io: CliIO, logger: Logger): Promise<number> {
  const format = (values['format'] as string | undefined) ?? 'text';
  if (!REPORT_FORMATS.includes(format as ReportFormat)) {
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not ${JSON.stringify(format)}`);
  }
  // The on-disk cache is opt-in for the CLI: CI machines start clean, and a run must be reproducible.
  const diskCache = values['cache'] === true || io.env['IMPORTSPY_CACHE'] === '1';
  const jobs = parseJobs(values['jobs'] as string | undefined);
  const shard = parseShard(values['shard'] as string | undefined);
  const checkEnv = environment(values, io);
  const analysis = values['runtime'] ? 'runtime' : 'static';
  const baselineFile = values['baseline'] !== undefined || values['update-baseline'] ? resolve(io.cwd, (values['baseline'] as string | undefined) ?? 'importspy-baseline.json') : null;
  // In runtime mode the modules' own code runs: what it prints goes to stderr, so that stdout
  // carries the report alone (with --format json, exactly one JSON document).
  const restoreStdout = analysis === 'runtime' ? stdoutToStderr() : undefined;
  let outcome: CheckOutcome;
  try {
    outcome = await runWholeCheck({
      cwd: io.cwd,
      env: io.env,
      checkEnv,
      contract: values['contract'] as string | undefined,
      config: values['config'] as string | undefined,
      modules: positionals,
      ignore: (values['ignore'] as string[] | undefined) ?? [],
      analysis,
      jobs,
      shard,
      diskCache,
      mode: values['mode'] as string | undefined,
      baseline: baselineFile ? { file: baselineFile, update: values['update-baseline'] === true } : null,
      logger,
      onRun: (total) => progressIndicator(io, format, total),
    });
  } finally {
    restoreStdout?.();
  }
  const { report } = outcome;
  if (baselineFile && outcome.baselineWritten !== null) {
    const count = outcome.baselineWritten;
    io.stderr.write(`importspy: wrote ${count} known violation${count === 1 ? '' : 's'} to ${displayPath(baselineFile, io.cwd)}\n`);
    return exitCodeOf(outcome);
  }
  io.stdout.write(
    formatReport(report, format as ReportFormat, {
      color: format === 'text' && useColor(io),
      // Annotations and code-scanning results name files from the repository root.
      cwd: (format === 'github' || format === 'sarif') && io.env['GITHUB_WORKSPACE'] ? resolve(io.env['GITHUB_WORKSPACE']) : io.cwd,
      verbose: values['verbose'] === true,
      quiet: values['quiet'] === true,
      width: io.stdout.isTTY === true && io.stdout.columns ? io.stdout.columns : 80,
      shard,
    }),
  );
  return exitCodeOf(outcome);
}

/** Whether the command line is a `check` that asked for `--format json` (read before it is parsed, for errors in parsing it). */
function asksForJson(argv: readonly string[]): boolean {
  if (!argv.includes('check')) return false;
  return argv.some((token, i) => token === '--format=json' || token === '-fjson' || ((token === '--format' || token === '-f') && argv[i + 1] === 'json'));
}

/** The JSON document of a run that could not start: an invalid contract or configuration, a usage error. */
function failureJson(error: Error, cwd: string): string {
  const place = (loc: { file: string; line: number; column: number } | null) => (loc ? { file: displayPath(loc.file, cwd), line: loc.line, column: loc.column } : null);
  const doc = {
    ok: false,
    contract: error instanceof ContractError && error.file ? displayPath(error.file, cwd) : null,
    error:
      error instanceof ContractError
        ? { code: 'contract.invalid', message: error.message, problems: error.problems.map((p) => ({ code: p.code, path: p.path, message: p.message, location: place(p.location) })) }
        : { code: 'usage', message: error.message, problems: [] },
    results: [],
    summary: { modules: 0, compliant: 0, violations: 0 },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Sends this thread's stdout writes to stderr until the returned function is called. */
function stdoutToStderr(): () => void {
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  return () => {
    process.stdout.write = write;
  };
}

function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs must be a positive integer, not ${JSON.stringify(value)}`);
  return n;
}

function parseShard(value: string | undefined): { index: number; count: number } | null {
  if (value === undefined) return null;
  const [i, n] = value.split('/').map(Number);
  if (!Number.isInteger(i) || !Number.isInteger(n) || (n as number) < 1 || (i as number) < 1 || (i as number) > (n as number)) {
    throw new UsageError(`--shard must be i/n with 1 <= i <= n (e.g. 1/3), not ${JSON.stringify(value)}`);
  }
  return { index: i as number, count: n as number };
}

/** A one-line counter on a terminal for long text runs; nothing otherwise. */
function progressIndicator(io: CliIO, format: string, total: number): ((done: number, total: number) => void) | undefined {
  if (format !== 'text' || io.stderr.isTTY !== true || total < 20) return undefined;
  return (done, all) => {
    if (done < 0) io.stderr.write('\r\u001b[2K');
    else if (done % 10 === 0 || done === all) io.stderr.write(`\rimportspy: checked ${done}/${all} modules`);
  };
}

function runContext(values: Record<string, unknown>, io: CliIO): number {
  const format = (values['format'] as string | undefined) ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new UsageError(`--format must be yaml or json, not ${JSON.stringify(format)}`);
  const env = environment(values, io);
  const context = captureContext({ env, cwd: io.cwd });
  const variables = (values['env'] as string[] | undefined) ?? [];
  const secrets = (values['secret'] as string[] | undefined) ?? [];
  // A variable set to "" is set; a secret must not be empty.
  const unset = [...variables.filter((name) => env[name] === undefined), ...secrets.filter((name) => !env[name])];
  for (const name of new Set(unset)) {
    io.stderr.write(`importspy: warning: ${name} is not set here, so this machine would not pass the printed block\n`);
  }
  const doc = { deployments: describeContext(context, { variables, secrets }) };
  io.stdout.write(format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : toYaml(doc));
  return 0;
}
