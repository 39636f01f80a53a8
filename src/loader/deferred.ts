/**
 * The heavy half of enforcement (deferred-code.ts), loaded synchronously on its first use. Most
 * processes under the hooks, and every guarded process whose verdicts come from the caches, need
 * only the light half: compiling some 300 kB of analysis and reporting they never run was most
 * of ImportSpy's start-up.
 *
 * It is required by the package's own name (as contract/lazy.ts requires the schema), so that the
 * bundled build loads the bundle's entry, whose shared chunks are those already loaded (one
 * `ContractViolationError` class). Its resolutions are ImportSpy's own, not import edges of the
 * program: the hooks let them through while {@link loadingOwnCode} says so.
 */
import { createRequire } from 'node:module';

type DeferredCode = typeof import('./deferred-code.js');

let code: DeferredCode | undefined;
let loading = 0;

/** True while the deferred code is being loaded: the resolutions the hooks see then are ImportSpy's. */
export function loadingOwnCode(): boolean {
  return loading > 0;
}

function deferred(): DeferredCode {
  if (code === undefined) {
    loading++;
    try {
      code = createRequire(import.meta.url)('importspy/internal/deferred') as DeferredCode;
    } finally {
      loading--;
    }
  }
  return code;
}

export const inspectImports: DeferredCode['inspectImports'] = (file) => deferred().inspectImports(file);
export const inspectShared: DeferredCode['inspectShared'] = (file) => deferred().inspectShared(file);
export const loadSummary: DeferredCode['loadSummary'] = (file, useCache) => deferred().loadSummary(file, useCache);
export const nearestPackage: DeferredCode['nearestPackage'] = (file, record) => deferred().nearestPackage(file, record);
export const resolveSpecifier: DeferredCode['resolveSpecifier'] = (...args) => deferred().resolveSpecifier(...args);
export const checkModuleSync: DeferredCode['checkModuleSync'] = (contract, file, options) => deferred().checkModuleSync(contract, file, options);
export const formatReport: DeferredCode['formatReport'] = (report, format, options) => deferred().formatReport(report, format, options);
