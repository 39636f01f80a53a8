/**
 * Runs `check` over worker threads, keeping the output order of the module list.
 *
 * The workers take modules from one shared counter (an `Atomics.add` on shared memory), so a
 * worker that starts late or gets less of the CPU simply takes fewer: none is left with a fixed
 * share to finish while the others wait. Workers can be started before the contract is read
 * (`startWorkers`), so that their start-up overlaps with reading it and listing the modules.
 *
 * This thread checks nothing itself. Taking part (this thread and N − 1 workers) used about 6 %
 * less CPU on 1,000 plugins, but took 15–20 % longer on 2 cores: each of the two threads then
 * checked at half the speed of one alone, because V8's background compilers and garbage
 * collector, which use the second core while one thread checks, compete with a second
 * JavaScript thread (docs/performance.md); and with `--runtime` a module's own code, run during
 * its check, may end the thread that runs it.
 */
import { createRequire } from 'node:module';
import { Worker, type MessagePort } from 'node:worker_threads';
import type { Contract } from './contract/load.js';
import { captureContext } from './context/capture.js';
import { preloadAnalysis } from './analysis/inspect.js';
import { setDiskCache } from './util/disk-cache.js';
import { buildReport, type ModuleReport, type Report } from './violations/report.js';
import { secretValues } from './context/secrets.js';
import { rememberSecrets } from './violations/redact.js';
import { checkModule } from './check.js';

/** What a worker (cli/worker.ts) is started with. */
export interface WorkerInput {
  env: Record<string, string | undefined>;
  cwd: string;
  analysis: 'static' | 'runtime';
  diskCache: boolean;
}

/** One run of a worker: a contract and the modules, taken one by one from the shared counter. */
export interface WorkerRun {
  /** The validated contract itself: workers need not load the YAML parser and the schema again. */
  contract: Contract;
  files: readonly string[];
  /** `[0]`: the next module's index; `[1 + slot]`: the module this worker is on (-1: none). */
  claims: Int32Array;
  slot: number;
}

/** What a worker posts: one module's result, or the end of its run. */
export type WorkerMessage = { kind: 'result'; index: number; result: ModuleReport } | { kind: 'done' };

export interface ParallelOptions {
  /** Worker threads. */
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

interface Member {
  worker: Worker;
  /** Set when the worker has stopped: its exit code and error, if it had one. */
  exit: { code: number; failure: string } | undefined;
  /** Told of every message and of the exit, for the run in progress. */
  listener: ((message: WorkerMessage | 'exit') => void) | undefined;
}

/** Worker threads started ahead of the check; `close` when the check is over. */
export class WorkerPool {
  private readonly members: Member[];

  constructor(count: number, input: WorkerInput) {
    this.members = Array.from({ length: count }, () => {
      // What a module prints while it is loaded (--runtime) goes to stderr: stdout is the report's.
      const worker = new Worker(workerFile(), { workerData: input, stdout: true });
      worker.stdout.pipe(process.stderr);
      const member: Member = { worker, exit: undefined, listener: undefined };
      let failure = '';
      worker.on('message', (message: WorkerMessage) => member.listener?.(message));
      worker.on('error', (error) => {
        failure = error instanceof Error ? error.message : String(error);
      });
      worker.on('exit', (code) => {
        member.exit = { code, failure };
        member.listener?.('exit');
      });
      return member;
    });
  }

  get size(): number {
    return this.members.length;
  }

  /** Checks `files` against `contract` on the pool's workers. */
  async check(contract: Contract, files: readonly string[], options: ParallelOptions): Promise<Report> {
    // This thread validates nothing itself, but formats what the workers found: it must know the secrets.
    rememberSecrets(secretValues(contract, options.env));
    const results: Array<ModuleReport | undefined> = new Array(files.length);
    const claims = new Int32Array(new SharedArrayBuffer(4 * (1 + this.members.length))).fill(-1);
    claims[0] = 0;
    let done = 0;
    const record = (index: number, result: ModuleReport): void => {
      results[index] = result;
      options.onResult?.(++done, files.length);
    };
    // A worker that stopped leaves the module it was on undecided: fail closed for it.
    const stopped: Array<{ index: number; exit: { code: number; failure: string } }> = [];
    const runs = this.members.map(
      (member, slot) =>
        new Promise<void>((finish) => {
          const end = (): void => {
            member.listener = undefined;
            if (member.exit !== undefined) stopped.push({ index: Atomics.load(claims, 1 + slot), exit: member.exit });
            finish();
          };
          if (member.exit !== undefined) return end();
          member.listener = (message) => {
            if (message === 'exit' || message.kind === 'done') end();
            else record(message.index, message.result);
          };
          const run: WorkerRun = { contract, files, claims, slot };
          member.worker.postMessage(run);
        }),
    );
    await Promise.all(runs);
    const last = stopped[stopped.length - 1]?.exit;
    for (let index = 0; index < files.length; index++) {
      if (results[index] !== undefined) continue;
      const exit = stopped.find((s) => s.index === index)?.exit ?? last ?? { code: 0, failure: '' };
      results[index] = {
        module: files[index] as string,
        ok: false,
        importer: null,
        violations: [],
        error: { code: 'importspy.worker-failed', message: `the worker checking this module stopped (exit code ${exit.code}${exit.failure ? `: ${exit.failure}` : ''})`, location: null },
      };
    }
    return buildReport(contract.source.file, results as ModuleReport[]);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.members.map((member) => (member.exit === undefined ? member.worker.terminate() : undefined)));
  }
}

/** Starts `count` workers for a check with these settings. */
export function startWorkers(count: number, input: WorkerInput): WorkerPool {
  return new WorkerPool(count, { env: input.env, cwd: input.cwd, analysis: input.analysis, diskCache: input.diskCache });
}

/**
 * A worker's side (cli/worker.ts): loads the parser while the contract is still being read, then
 * checks modules from each run's counter and posts every result as soon as it has it, so that no
 * worker holds more than one module's source and syntax tree at a time.
 */
export function serveWorker(port: MessagePort, input: WorkerInput): void {
  setDiskCache(input.diskCache);
  const context = captureContext({ env: input.env, cwd: input.cwd });
  if (input.analysis === 'static') preloadAnalysis();
  port.on('message', (run: WorkerRun) => {
    void (async () => {
      const contract: Contract = Object.freeze(run.contract);
      const at = 1 + run.slot;
      for (let index = Atomics.add(run.claims, 0, 1); index < run.files.length; index = Atomics.add(run.claims, 0, 1)) {
        Atomics.store(run.claims, at, index);
        const result = await checkModule(contract, run.files[index] as string, { context, analysis: input.analysis, retain: false });
        const message: WorkerMessage = { kind: 'result', index, result };
        port.postMessage(message);
      }
      Atomics.store(run.claims, at, -1);
      const done: WorkerMessage = { kind: 'done' };
      port.postMessage(done);
    })();
  });
}
