/**
 * The asynchronous hooks for `module.register()` (Node without `module.registerHooks`). They run
 * on the loader's own thread, so they enforce contracts there, for `import` and `import()`, and
 * tell the main thread over a port which module resolved which (for the guard) and which
 * importers carry `imports` rules (for the CommonJS patch); the main thread tells them the same
 * about importers it validated on `require()`, read synchronously before each resolution.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { EdgeEnforcer, type HookSettings } from './edges.js';
import { shareSecrets } from '../../violations/redact.js';

/** What `register()` passes to `initialize`. */
export interface AsyncHooksData {
  settings: HookSettings;
  port: MessagePort;
  /** Where the secret values this thread reads go: the main thread prints what it found, scrubbed of them. */
  secrets: MessagePort;
}

/** A message from the hooks thread to the main thread. */
export type HooksMessage = { type: 'resolved'; url: string; parentURL: string } | { type: 'rules'; importer: string; contract: string };

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

let enforcer: EdgeEnforcer | undefined;
let port: MessagePort | undefined;

/** Adopts what the main thread learnt since the last resolution. */
function drain(): void {
  if (!port || !enforcer) return;
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const message = m.message as HooksMessage;
    if (message.type === 'rules') enforcer.adoptRules(message.importer, message.contract);
  }
}

export function initialize(data: AsyncHooksData): void {
  port = data.port;
  const out = data.port;
  const secrets = data.secrets;
  shareSecrets({ listener: (values) => secrets.postMessage(values) });
  enforcer = new EdgeEnforcer(data.settings, {
    onRules: (importer, contract) => out.postMessage({ type: 'rules', importer, contract } satisfies HooksMessage),
  });
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  drain();
  enforcer?.beforeResolve(context.parentURL, specifier, context.conditions?.includes('require') ? 'require' : 'import');
  const result = await nextResolve(specifier, context);
  if (context.parentURL !== undefined && result.url.startsWith('file:')) {
    port?.postMessage({ type: 'resolved', url: result.url, parentURL: context.parentURL } satisfies HooksMessage);
  }
  enforcer?.afterResolve({ parentURL: context.parentURL, specifier, url: result.url });
  return result;
}
