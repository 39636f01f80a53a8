/**
 * What the enforcer needs only once an import reaches a protected module: the whole check
 * (validation) and the reporters. Bundled as an entry point
 * of its own (dist/chunks/deferred-code.js, see util/own-code.ts) and loaded by deferred.ts on first use, so that a
 * process whose imports reach no protected module never compiles it.
 */
export { checkModuleSync } from '../check.js';
export { formatReport } from '../report/index.js';
