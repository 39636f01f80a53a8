/**
 * The asynchronous hooks for `module.register()` (Node without `module.registerHooks`). They run
 * on the loader's own thread, so they enforce contracts there, for `import` and `import()`, and
 * tell the main thread over the channel (channel.ts) which module resolved which and which
 * importers carry `imports` rules; the main thread tells them the same about importers it
 * validated on `require()`, read synchronously before each resolution.
 */
import { ThreadEnd, type AsyncHooksData } from './channel.js';
import { EdgeEnforcer } from './edges.js';
import { rememberLoadedSource } from './loaded-sources.js';

interface ResolveContext {
  parentURL?: string;
  conditions?: string[];
  importAttributes?: Record<string, string>;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
interface LoadResult {
  format?: string | null;
  source?: unknown;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: object) => Promise<LoadResult>;

let enforcer: EdgeEnforcer | undefined;
let channel: ThreadEnd | undefined;

export function initialize(data: AsyncHooksData): void {
  const end = new ThreadEnd(data);
  channel = end;
  enforcer = new EdgeEnforcer(data.settings, {
    onRules: (importer, contract) => end.sendRules(importer, contract),
    onEdge: (importer, specifier, via) => end.sendEdge(importer, specifier, via),
  });
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  if (enforcer !== undefined) channel?.drain(enforcer);
  enforcer?.beforeResolve(context.parentURL, specifier, context.conditions?.includes('require') ? 'require' : 'import');
  const result = await nextResolve(specifier, context);
  if (context.parentURL !== undefined && result.url.startsWith('file:')) channel?.sendResolved(result.url, context.parentURL);
  enforcer?.afterResolve({ parentURL: context.parentURL, specifier, url: result.url });
  return result;
}

/** Changes nothing: keeps the source Node loaded for the module's first edge (loaded-sources.ts). */
export async function load(url: string, context: object, nextLoad: NextLoad): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  // A copy: Node transfers the bytes to the main thread when this hook returns, which leaves the
  // buffer here detached (empty) — read later, it would say the module imports nothing.
  const source = result.source instanceof Uint8Array ? Buffer.from(result.source) : result.source;
  if (source != null && url.startsWith('file:') && enforcer?.resolvingAhead !== true) rememberLoadedSource(url, source, result.format);
  return result;
}
