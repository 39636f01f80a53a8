/** A `check --jobs N` worker: the protocol is parallel.ts's (`serveWorker`). */
import { parentPort, workerData } from 'node:worker_threads';
import { serveWorker, type WorkerInput } from '../internal.js';

if (parentPort !== null) serveWorker(parentPort, workerData as WorkerInput);
