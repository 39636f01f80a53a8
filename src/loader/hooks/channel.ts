/**
 * The message channel between the main thread and the hooks thread of `module.register()`
 * (Node without `module.registerHooks`). One port both ways: the hooks thread reports which
 * module resolved which (for the guard, through the registry) and which importers carry
 * `imports` rules; the main thread reports the importers it validated on `require()`. Each side
 * also drains its port synchronously before deciding, so nothing depends on when the event loop
 * turns. A second port carries the secret values the hooks thread read, so that what the main
 * thread prints (a caught error's report) is scrubbed of them too.
 */
import type { MessagePort } from 'node:worker_threads';
import { rememberSecrets, shareSecrets } from '../../violations/redact.js';
import type { EdgeVia } from './edge-rules.js';
import type { EdgeEnforcer, HookSettings } from './edges.js';
import { receiveResolutionsWith, recordResolution } from './registry.js';

/** What `register()` passes to the hooks thread's `initialize`. */
export interface AsyncHooksData {
  settings: HookSettings;
  port: MessagePort;
  /** Where the secret values this thread reads go: the main thread prints what it found, scrubbed of them. */
  secrets: MessagePort;
}

/**
 * A message between the threads: a resolution (hooks thread → main), an importer bound to a
 * contract's rules, or an edge an importer made (both ways: an importer bound late in one thread
 * answers for the edges it made through the other loader too).
 */
export type HooksMessage =
  | { type: 'resolved'; url: string; parentURL: string }
  | { type: 'rules'; importer: string; contract: string }
  | { type: 'edge'; importer: string; specifier: string; via: EdgeVia };

// Taken when the first channel is made (Node without module.registerHooks), not when this file
// loads: elsewhere the module is loaded only once a program asks for it (workers.ts). Taken once,
// before process.getBuiltinModule is wrapped: a later call, made while a program's require()
// drains the port, would count as that program's use of the builtin.
let workerThreads: typeof import('node:worker_threads') | undefined;
const threads = (): typeof import('node:worker_threads') => (workerThreads ??= process.getBuiltinModule('node:worker_threads'));
const receiveMessageOnPort = (port: MessagePort): ReturnType<typeof import('node:worker_threads').receiveMessageOnPort> => threads().receiveMessageOnPort(port);

/** The main thread's end of the channel. */
export class MainEnd {
  readonly #channel = new (threads().MessageChannel)();
  readonly #secrets = new (threads().MessageChannel)();
  #enforcer: EdgeEnforcer | undefined;

  /** Tells the hooks thread that an importer is bound to a contract's `imports` rules. */
  sendRules(importer: string, contract: string): void {
    this.#channel.port1.postMessage({ type: 'rules', importer, contract } satisfies HooksMessage);
  }

  /** Tells the hooks thread about an edge a `require()` (or a process call) made. */
  sendEdge(importer: string, specifier: string, via: EdgeVia): void {
    this.#channel.port1.postMessage({ type: 'edge', importer, specifier, via } satisfies HooksMessage);
  }

  /**
   * Starts taking in the hooks thread's messages: resolutions go to the registry (which drains
   * the port before each read), rules to `enforcer`. Neither port keeps the process alive.
   */
  listen(enforcer: EdgeEnforcer): void {
    this.#enforcer = enforcer;
    const port = this.#channel.port1;
    port.on('message', (message: HooksMessage) => this.#handle(message));
    receiveResolutionsWith(() => this.drain());
    port.unref();
    const secrets = this.#secrets.port1;
    shareSecrets({ catchUp: () => {
      for (let m = receiveMessageOnPort(secrets); m; m = receiveMessageOnPort(secrets)) rememberSecrets(m.message as string[]);
    } });
    secrets.unref();
  }

  /** Takes in, synchronously, every message the hooks thread has sent so far. */
  drain(): void {
    const port = this.#channel.port1;
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) this.#handle(m.message as HooksMessage);
  }

  /** What `module.register()` passes to the hooks thread, and the ports it transfers there. */
  registerOptions(settings: HookSettings): { data: AsyncHooksData; transferList: MessagePort[] } {
    const data: AsyncHooksData = { settings, port: this.#channel.port2, secrets: this.#secrets.port2 };
    return { data, transferList: [this.#channel.port2, this.#secrets.port2] };
  }

  #handle(message: HooksMessage): void {
    if (message.type === 'resolved') recordResolution(message.url, message.parentURL);
    else if (message.type === 'edge') this.#enforcer?.adoptEdge(message.importer, message.specifier, message.via);
    else this.#enforcer?.adoptRules(message.importer, message.contract);
  }
}

/** The hooks thread's end of the channel. */
export class ThreadEnd {
  readonly #port: MessagePort;

  constructor(data: AsyncHooksData) {
    this.#port = data.port;
    const secrets = data.secrets;
    shareSecrets({ listener: (values) => secrets.postMessage(values) });
  }

  /** Tells the main thread that an importer is bound to a contract's `imports` rules. */
  sendRules(importer: string, contract: string): void {
    this.#port.postMessage({ type: 'rules', importer, contract } satisfies HooksMessage);
  }

  /** Tells the main thread about an edge an `import` made. */
  sendEdge(importer: string, specifier: string, via: EdgeVia): void {
    this.#port.postMessage({ type: 'edge', importer, specifier, via } satisfies HooksMessage);
  }

  /** Tells the main thread that `parentURL` resolved `url`. */
  sendResolved(url: string, parentURL: string): void {
    this.#port.postMessage({ type: 'resolved', url, parentURL } satisfies HooksMessage);
  }

  /** Adopts the rules the main thread learnt since the last resolution. */
  drain(enforcer: EdgeEnforcer): void {
    for (let m = receiveMessageOnPort(this.#port); m; m = receiveMessageOnPort(this.#port)) {
      const message = m.message as HooksMessage;
      if (message.type === 'rules') enforcer.adoptRules(message.importer, message.contract);
      else if (message.type === 'edge') enforcer.adoptEdge(message.importer, message.specifier, message.via);
    }
  }
}
