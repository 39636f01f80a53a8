/**
 * A `check --jobs N` worker: checks its share of the modules and posts each result back as soon
 * as it has it, so no worker holds more than one module's source and syntax tree at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Contract } from '../contract/load.js';
import { captureContext } from '../context/capture.js';
import { checkModule } from '../check.js';
import { setDiskCache } from '../util/disk-cache.js';
import type { WorkerInput } from '../parallel.js';

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
