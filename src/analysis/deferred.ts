/**
 * The model builders (builders.ts), loaded synchronously on their first use. What reads a
 * model back from the caches (inspect.ts, models.ts) needs none of them, so a guarded process whose
 * models come from the on-disk cache never compiles them (about 140 kB of code).
 */
import { createRequire } from 'node:module';
import { loadOwn } from '../util/own-code.js';

type DeferredCode = typeof import('./builders.js');

let code: DeferredCode | undefined;

const deferred = (): DeferredCode => (code ??= loadOwn(() => createRequire(import.meta.url)('./builders.js') as DeferredCode));

/** `new Linker(useCache)`. */
export const newLinker = (useCache: boolean): InstanceType<DeferredCode['Linker']> => new (deferred().Linker)(useCache);
export const buildClassBody: DeferredCode['buildClassBody'] = (context, node) => deferred().buildClassBody(context, node);
export const buildFunction: DeferredCode['buildFunction'] = (...args) => deferred().buildFunction(...args);
export const buildVariable: DeferredCode['buildVariable'] = (...args) => deferred().buildVariable(...args);
export const buildPrototypeClass: DeferredCode['buildPrototypeClass'] = (...args) => deferred().buildPrototypeClass(...args);
export const exportAssignedMembers: DeferredCode['exportAssignedMembers'] = (...args) => deferred().exportAssignedMembers(...args);
export const inspectRuntime: DeferredCode['inspectRuntime'] = (file, inspectStatic) => deferred().inspectRuntime(file, inspectStatic);
export const loadSummary: DeferredCode['loadSummary'] = (file, useCache) => deferred().loadSummary(file, useCache);
export const inspectRuntimeSync: DeferredCode['inspectRuntimeSync'] = (file, inspectStatic) => deferred().inspectRuntimeSync(file, inspectStatic);
