/**
 * What the loader hooks and the enforcer need only once there is something to analyse, check or
 * print: module analysis, resolution, the whole check and the reporters. Bundled as an entry point
 * of its own (dist/chunks/deferred-code.js, see util/own-code.ts) and loaded by deferred.ts on first use, so that a
 * process whose imports reach no protected module never compiles it.
 */
export { inspectImports, inspectShared } from '../analysis/inspect.js';
export { nearestPackage, resolveSpecifier } from '../analysis/resolve.js';
export { checkModuleSync } from '../check.js';
export { formatReport } from '../report/index.js';
