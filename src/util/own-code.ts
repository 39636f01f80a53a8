/**
 * ImportSpy's own code loaded on first use: the parts a process needs only once it has something
 * to analyse, check or print (loader/deferred.ts, analysis/deferred.ts). Each is an entry point of
 * the bundle, written next to the shared chunks (dist/chunks/deferred-code.js, builders.js), so
 * that the same relative `require` finds it from the chunk that asks and, unbundled, from the
 * module next to it; the bundled entry's shared chunks are those already loaded (one class of
 * each error).
 *
 * Their resolutions are ImportSpy's, not import edges of the program: the loader hooks let them
 * through while {@link loadingOwnCode} says so.
 */

let loading = 0;

/** True while ImportSpy loads its own deferred code. */
export function loadingOwnCode(): boolean {
  return loading > 0;
}

/** Runs `load` (a `require` of one of ImportSpy's own deferred entry points), marked as such. */
export function loadOwn<T>(load: () => T): T {
  loading++;
  try {
    return load();
  } finally {
    loading--;
  }
}
