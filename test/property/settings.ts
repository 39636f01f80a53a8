/**
 * Shared fast-check settings for the property suite.
 *
 * A failure message carries fast-check's `{ seed, path }`. Replay it with
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run test/property
 * (after `npm run build`: the tests run against dist/). FC_RUNS multiplies nothing: it replaces
 * every property's run count, for a longer soak (`FC_RUNS=2000`).
 */
import fc from 'fast-check';

const seed = process.env['FC_SEED'] ? Number(process.env['FC_SEED']) : Number.NaN;
const path = process.env['FC_PATH'];
const runs = Number(process.env['FC_RUNS']);

/** fast-check parameters: `numRuns` unless FC_RUNS says otherwise, and the replay seed/path if given. */
export function settings<T>(numRuns: number): fc.Parameters<T> {
  return {
    numRuns: Number.isInteger(runs) && runs > 0 ? runs : numRuns,
    ...(Number.isInteger(seed) ? { seed } : {}),
    ...(path && Number.isInteger(seed) ? { path } : {}),
    // Keep the seed and path in the thrown message even when the property throws a plain Error.
    includeErrorInReport: true,
  };
}

/** `fc.assert` with `settings(numRuns)`. */
export function check<T>(property: fc.IProperty<T>, numRuns: number): void {
  fc.assert(property, settings<T>(numRuns));
}

/** `fc.assert` for async properties. */
export async function checkAsync<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  await fc.assert(property, settings<T>(numRuns));
}
