/**
 * The heavy half of enforcement (deferred-code.ts), loaded synchronously on its first use. Most
 * processes under the hooks, and every guarded process whose verdicts come from the caches, need
 * only the light half: compiling some 300 kB of analysis and reporting they never run was most
 * of ImportSpy's start-up.
 *
 * Bundled, it is an entry point of its own beside the shared chunks, whose chunks are those
 * already loaded (one `ContractViolationError` class); its resolutions are ImportSpy's own, not
 * import edges of the program (util/own-code.ts).
 */
import { createRequire } from 'node:module';
import { loadOwn } from '../util/own-code.js';

type DeferredCode = typeof import('./deferred-code.js');

let code: DeferredCode | undefined;

const deferred = (): DeferredCode => (code ??= loadOwn(() => createRequire(import.meta.url)('./deferred-code.js') as DeferredCode));

/**
 * Hands over the deferred code from a caller that has it loaded already: the package's entry
 * point imports all of it, so a guarded process need not require it a second time (a `require`
 * of an ES module graph costs a few milliseconds of its own on Node 22).
 */
export function provideDeferredCode(provided: DeferredCode): void {
  code ??= provided;
}

export const checkModuleSync: DeferredCode['checkModuleSync'] = (contract, file, options) => deferred().checkModuleSync(contract, file, options);
export const formatReport: DeferredCode['formatReport'] = (report, format, options) => deferred().formatReport(report, format, options);
