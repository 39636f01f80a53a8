/**
 * A `check --jobs N` worker: checks its share of the modules and posts each result back as soon
 * as it has it, so no worker holds more than one module's source and syntax tree at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { captureContext, checkModule, type Contract } from '../index.js';
import { setDiskCache, type WorkerInput } from '../internal.js';

async function main(): Promise<void> {
  const input = workerData as WorkerInput;
  setDiskCache(input.diskCache);
  const contract: Contract = Object.freeze(input.contract);
  const context = captureContext({ env: input.env, cwd: input.cwd });
  for (const { index, file } of input.files) {
    const result = await checkModule(contract, file, { context, analysis: input.analysis, retain: false });
    parentPort?.postMessage({ index, result });
  }
}

await main();
