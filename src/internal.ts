/**
 * What ImportSpy's own command line uses beyond the public API (index.ts): the whole check
 * (run.ts), the generated outputs of `init` and `context`, how paths are shown, the disk cache
 * switch, secrets' scrubbing and the log levels. Not exported from the package: cli/ imports
 * index.ts, this file and its own files, nothing else of src/ (test/architecture/cli.yml).
 */
export { runCheck, exitCodeOf, CheckSetupError, type CheckOutcome, type CheckRequest } from './run.js';
export { serveWorker, type WorkerInput } from './parallel.js';
export { describeContext } from './generate/deployment.js';
export { contractFromModel } from './generate/from-model.js';
export { displayPath } from './report/paths.js';
export { setDiskCache } from './util/disk-cache.js';
export { closest } from './util/strings.js';
export { secretRedactor } from './violations/redact.js';
export { LOG_LEVELS, parseLogLevel } from './loader/log.js';
