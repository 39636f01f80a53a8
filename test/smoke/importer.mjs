// The smoke test's entry: imports the guarded module and prints what the guard decided, and the
// runtime ImportSpy detects, as one JSON line (read by scripts/smoke-runtimes.sh).
import { captureContext } from '../../dist/index.js';
import { report } from './protected.mjs';

export const PLUGIN_NAME = 'smoke';
const result = report.results[0];
console.log(
  JSON.stringify({
    runtime: captureContext().runtime,
    ok: report.ok,
    importer: result?.importer ?? null,
    violations: (result?.violations ?? []).map((v) => v.code),
  }),
);
