/**
 * The half of module analysis that builds models: summaries of parsed files, re-export linking,
 * declarations, prototypes, runtime inspection. Bundled as an entry point of its own
 * (dist/chunks/builders.js, see util/own-code.ts) and loaded by deferred.ts when a model must actually be built:
 * a guard whose model comes from the cache does not compile it.
 */
export { buildClassBody, buildFunction, buildVariable } from './declarations.js';
export { Linker } from './link.js';
export { buildPrototypeClass } from './prototype.js';
export { exportAssignedMembers } from './assigned.js';
export { inspectRuntime, inspectRuntimeSync } from './runtime.js';
export { loadSummary } from './cache.js';
