/**
 * The whole check, in the order of the pipeline: load the contract(s) → capture the context once
 * → expand and analyse the modules (in this thread or in workers) → validate → apply the
 * baseline → the report and the mode that decides what it means. The CLI's `check` is this
 * function plus argument parsing and output; `load`, the guard and the hooks use its parts
 * (`resolveMode`, `checkModule`/`checkModuleSync` in check.ts, the one default context in
 * context/capture.ts).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { loadContract, type Contract } from './contract/load.js';
import { captureContext } from './context/capture.js';
import { findProjectConfig, loadProjectConfig } from './contract/project-config.js';
import { checkModules } from './check.js';
import { NoMatchError, expandModules, type ExpandOptions } from './expand.js';
import { startWorkers } from './parallel.js';
import { buildReport, type Report } from './violations/report.js';
import { applyBaseline, readBaseline, writeBaseline } from './violations/baseline.js';
import { displayPath } from './report/paths.js';
import { setDiskCache } from './util/disk-cache.js';
import { resolveMode, type Mode } from './mode.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A check that cannot start as asked: nothing to check, a pattern that matches nothing, a bad baseline. */
export class CheckSetupError extends Error {}

/** What to check and how: the `check` command's arguments, parsed. */
export interface CheckRequest {
  /** Where paths are resolved from. */
  cwd: string;
  /** The environment ImportSpy's own settings are read from (`IMPORTSPY_MODE`, `IMPORTSPY_CONFIG`). */
  env: Env;
  /** The environment the modules are checked against (default: `env`). */
  checkEnv?: Env;
  /** The contract file (`-c`); without it and without modules, the project configuration says. */
  contract?: string | undefined;
  /** The project configuration named explicitly (`--config`). */
  config?: string | undefined;
  /** Files, directories and globs (with `!glob` exclusions). */
  modules: readonly string[];
  /** Globs of files to leave out (`--ignore`). */
  ignore?: readonly string[];
  analysis?: 'static' | 'runtime';
  /** Worker threads (default: `defaultJobs`). */
  jobs?: number | undefined;
  /** This run's share of each contract's modules (`--shard i/n`). */
  shard?: { index: number; count: number } | null;
  /** Whether the on-disk analysis cache is used. */
  diskCache?: boolean;
  /** The `--mode` flag; the environment and the configuration are read by `resolveMode`. */
  mode?: string | undefined;
  /** A baseline file to apply, or with `update` to write from this run. */
  baseline?: { file: string; update: boolean } | null;
  /** Where the progress of the run is told (the CLI's `--log-level`). */
  logger?: { info(message: string): void; debug(message: string): void };
  /** Called before each contract's modules are checked; returns the progress callback for them. */
  onRun?: (total: number) => ((done: number, total: number) => void) | undefined;
}

/** What a check found and what it means. */
export interface CheckOutcome {
  report: Report;
  mode: Mode;
  /** With `baseline.update`: how many known violations were written (the report is not filtered then). */
  baselineWritten: number | null;
}

/**
 * Without --jobs: one worker per core for a static check of at least JOBS_FROM modules, else none.
 * A worker pays its own start-up and warms its own JIT, which one thread checking alone amortises
 * faster: on 2 cores (Node 20) one thread was quicker up to about 5,000 generated plugins (1,000:
 * 0.66 against 0.76 s; 3,000: 1.30 against 1.46 s) and two workers past it (10,000: 3.0 against
 * 3.5 s; 10,181 files of npm packages, imports only: 2.9–3.0 against 3.1–3.6 s). Runtime analysis
 * loads the modules' own code, which stays in this thread unless --jobs asks otherwise.
 */
const JOBS_FROM = 5000;
function defaultJobs(modules: number, analysis: 'static' | 'runtime'): number {
  return analysis === 'static' && modules >= JOBS_FROM ? Math.max(1, Math.min(availableParallelism(), Math.floor(modules / (JOBS_FROM / 2)))) : 1;
}

/** Runs the whole check. Throws `ContractError` for an invalid contract or configuration, `CheckSetupError` when there is nothing to check. */
export async function runCheck(request: CheckRequest): Promise<CheckOutcome> {
  const { cwd, env, logger } = request;
  const diskCache = request.diskCache ?? false;
  setDiskCache(diskCache);
  const shard = request.shard ?? null;
  const checkEnv = { ...(request.checkEnv ?? env) };
  const analysis = request.analysis ?? 'static';
  const context = captureContext({ env: checkEnv, cwd });
  const inShard = (_: unknown, i: number) => !shard || i % shard.count === shard.index - 1;
  // With --jobs, the workers start now and load the parser while this thread reads the contract.
  const workerInput = { env: checkEnv, cwd, analysis, diskCache };
  let pool = request.jobs !== undefined && request.jobs > 1 ? startWorkers(request.jobs, workerInput) : undefined;
  let report: Report | undefined;
  try {
    const plan = planCheck(request);
    const started = Date.now();
    for (const { contract, modules } of plan.runs) {
      const files = modules.filter(inShard);
      const jobs = request.jobs ?? defaultJobs(files.length, analysis);
      logger?.info(`checking ${files.length} module${files.length === 1 ? '' : 's'} against ${contract.source.file ?? 'the contract'}${jobs > 1 ? ` with ${jobs} workers` : ''}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}`);
      const progress = request.onRun?.(files.length);
      if (jobs > 1 && files.length > 1) pool ??= startWorkers(Math.min(jobs, files.length), workerInput);
      const part = jobs > 1 && files.length > 1 && pool !== undefined
        ? await pool.check(contract, files, { jobs, env: checkEnv, cwd, analysis, diskCache, onResult: progress })
        : await checkModules(contract, files, { context, analysis, retain: false, onResult: progress });
      progress?.(-1, files.length);
      report = report ? buildReport(plan.label, [...report.results, ...part.results]) : plan.runs.length > 1 ? buildReport(plan.label, part.results) : part;
    }
    if (!report) throw new CheckSetupError(`${plan.label} binds no modules to contracts`);
    return finish(request, plan, report, started);
  } finally {
    await pool?.close();
  }
}

function finish(request: CheckRequest, plan: CheckPlan, checked: Report, started: number): CheckOutcome {
  const { cwd, env, logger } = request;
  let report = checked;
  for (const r of report.results) {
    logger?.debug(`${r.module ?? 'environment'}: ${r.error ? `could not decide (${r.error.code})` : r.ok ? 'complies' : `${r.violations.length} violation(s): ${r.violations.map((v) => v.code).join(', ')}`}`);
  }
  logger?.info(`checked in ${Date.now() - started} ms: ${report.summary.compliant} of ${report.summary.modules} compliant`);
  const mode = resolveMode({ flag: request.mode, env, config: plan.mode, strict: true });
  const baseline = request.baseline ?? null;
  if (baseline?.update) return { report, mode, baselineWritten: writeBaseline(baseline.file, report, cwd) };
  if (baseline) {
    try {
      report = applyBaseline(report, readBaseline(baseline.file), cwd);
    } catch (error) {
      throw new CheckSetupError((error as Error).message);
    }
  }
  return { report, mode, baselineWritten: null };
}

/**
 * The exit code of a check: 2 when ImportSpy could not decide for a module, else 1 when the
 * report has violations in `enforce` mode, else 0. Writing a baseline accepts the violations.
 */
export function exitCodeOf(outcome: CheckOutcome): 0 | 1 | 2 {
  if (outcome.report.results.some((r) => r.error)) return 2;
  if (outcome.baselineWritten !== null || outcome.report.ok || outcome.mode === 'warn') return 0;
  return 1;
}

interface CheckPlan {
  /** The contract file, or the configuration file when it names several contracts. */
  label: string;
  mode?: Mode;
  runs: Array<{ contract: Contract; modules: string[] }>;
}

const DEFAULT_CONTRACTS = ['spymodel.yml', 'spymodel.yaml', 'spymodel.json'];

/**
 * What to check: `-c` with the modules given; with neither, the project configuration's
 * protected modules, each against its own contract; else ./spymodel.yml.
 */
function planCheck(request: CheckRequest): CheckPlan {
  const { cwd, env } = request;
  const explicitConfig = request.config ?? env['IMPORTSPY_CONFIG'];
  const ignore = request.ignore ?? [];
  // A named configuration wins over a spymodel.yml that happens to be in the current directory.
  if (!request.contract && request.modules.length === 0 && (explicitConfig || !hasDefaultContract(cwd))) {
    const configFile = findProjectConfig(cwd, env, request.config);
    if (!configFile) throw new CheckSetupError('nothing to check: pass modules and -c spymodel.yml, or add an importspy.config.yml');
    const config = loadProjectConfig(configFile);
    const runs = config.contracts.map((entry) => ({
      contract: loadContract(entry.contract),
      modules: expandList(entry.modules, cwd, { ignore, ignoreFrom: { patterns: config.ignore, base: '/' }, source: `in ${displayPath(configFile, cwd)}` }),
    }));
    return { label: configFile, runs, ...(config.mode ? { mode: config.mode } : {}) };
  }
  const contract = loadContract(resolve(cwd, request.contract ?? defaultContract(cwd)));
  const configIgnore = explicitConfig ? loadProjectConfig(findProjectConfig(cwd, env, explicitConfig) as string).ignore : [];
  const modules = expandList(request.modules, cwd, { ignore, ignoreFrom: { patterns: configIgnore, base: '/' } });
  return { label: contract.source.file ?? 'contract', runs: [{ contract, modules }] };
}

/** `expandModules`, with a pattern that matches nothing as a setup error naming it. */
function expandList(args: readonly string[], cwd: string, options: ExpandOptions): string[] {
  try {
    return expandModules(args, cwd, options);
  } catch (error) {
    if (error instanceof NoMatchError) throw new CheckSetupError(error.message);
    throw error;
  }
}

function hasDefaultContract(cwd: string): boolean {
  return DEFAULT_CONTRACTS.some((name) => existsSync(resolve(cwd, name)));
}

function defaultContract(cwd: string): string {
  for (const name of DEFAULT_CONTRACTS) {
    if (existsSync(resolve(cwd, name))) return name;
  }
  throw new CheckSetupError('no contract given: pass -c spymodel.yml (no spymodel.yml in the current directory)');
}
