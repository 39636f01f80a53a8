/** Runs `check` over worker threads, keeping the output order of the module list. */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Contract } from './contract/load.js';
import { buildReport, type ModuleReport, type Report } from './violations/report.js';
import { secretValues } from './context/secrets.js';
import { rememberSecrets } from './violations/redact.js';

/** What a worker (cli/worker.ts) is given. */
export interface WorkerInput {
  /** The validated contract itself: workers need not load the YAML parser and the schema again. */
  contract: Contract;
  files: Array<{ index: number; file: string }>;
  env: Record<string, string | undefined>;
  cwd: string;
  analysis: 'static' | 'runtime';
  diskCache: boolean;
}

export interface ParallelOptions {
  jobs: number;
  env: Record<string, string | undefined>;
  cwd: string;
  analysis: 'static' | 'runtime';
  /** Whether workers use the on-disk cache. */
  diskCache: boolean;
  /** Called after each module, for a progress indicator. */
  onResult?: ((done: number, total: number) => void) | undefined;
}

/** The worker's file, found by the package's own name (the same in every build layout). */
const workerFile = (): string => createRequire(import.meta.url).resolve('importspy/internal/worker');

export async function checkInWorkers(contract: Contract, files: readonly string[], options: ParallelOptions): Promise<Report> {
  // This thread validates nothing itself, but formats what the workers found: it must know the secrets.
  rememberSecrets(secretValues(contract, options.env));
  const results: Array<ModuleReport | undefined> = new Array(files.length);
  const jobs = Math.max(1, Math.min(options.jobs, files.length));
  let done = 0;
  const shares = Array.from({ length: jobs }, (_, w) => files.map((file, index) => ({ index, file })).filter(({ index }) => index % jobs === w));
  await Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((resolveShare) => {
          const input: WorkerInput = { contract, files: share, env: options.env, cwd: options.cwd, analysis: options.analysis, diskCache: options.diskCache };
          // What a module prints while it is loaded (--runtime) goes to stderr: stdout is the report's.
          const worker = new Worker(workerFile(), { workerData: input, stdout: true });
          worker.stdout.pipe(process.stderr);
          let failure = '';
          worker.on('message', (message: { index: number; result: ModuleReport }) => {
            results[message.index] = message.result;
            options.onResult?.(++done, files.length);
          });
          worker.on('error', (error) => {
            failure = error instanceof Error ? error.message : String(error);
          });
          worker.on('exit', (code) => {
            // A worker that died leaves its remaining modules undecided: fail closed for each.
            for (const { index, file } of share) {
              if (results[index] === undefined) {
                results[index] = {
                  module: file,
                  ok: false,
                  importer: null,
                  violations: [],
                  error: { code: 'importspy.worker-failed', message: `the worker checking this module stopped (exit code ${code}${failure ? `: ${failure}` : ''})`, location: null },
                };
              }
            }
            resolveShare();
          });
        }),
    ),
  );
  return buildReport(contract.source.file, results as ModuleReport[]);
}
