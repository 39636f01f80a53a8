/**
 * The in-thread record of resolutions made through the loader hooks: resolved URL → URL of the
 * module that first imported it. The embedded guard reads it to find its ESM importer.
 *
 * It lives on `globalThis` under a registered symbol so that every copy of ImportSpy loaded in a
 * process (a plugin host's and a plugin's own) shares it. This module is the only one of
 * ImportSpy's that touches the symbol: the hooks write through `recordResolution`, the guard
 * reads through `importerFromHooks`.
 */
const RESOLUTIONS = Symbol.for('importspy.resolutions');

/**
 * A Map that first takes in resolutions still in flight from the off-thread hooks (Node 20), so
 * a reader — the guard, at a module's top level — never depends on when the event loop turns.
 */
class ResolutionMap extends Map<string, string> {
  pending: (() => void) | undefined;

  override get(url: string): string | undefined {
    this.pending?.();
    return super.get(url);
  }

  override has(url: string): boolean {
    this.pending?.();
    return super.has(url);
  }
}

function registry(): Map<string, string> {
  const holder = globalThis as Record<symbol, unknown>;
  let map = holder[RESOLUTIONS];
  if (!(map instanceof Map)) {
    map = new ResolutionMap();
    holder[RESOLUTIONS] = map;
  }
  return map as Map<string, string>;
}

/** Names the function that takes in resolutions reported by another thread (see channel.ts). */
export function receiveResolutionsWith(drain: () => void): void {
  const map = registry();
  if (map instanceof ResolutionMap) map.pending = drain;
}

/**
 * Records that `parentURL` resolved `url`. The first importer is kept: it is the one whose
 * linking evaluates the module, so the one a guard at the module's top level must validate.
 */
export function recordResolution(url: string, parentURL: string): void {
  const map = registry();
  if (!Map.prototype.has.call(map, url)) map.set(url, parentURL);
}

/** The URL of the module that imported `protectedUrl` through the hooks, if the hooks saw it. */
export function importerFromHooks(protectedUrl: string): string | undefined {
  const map = (globalThis as Record<symbol, unknown>)[RESOLUTIONS];
  return map instanceof Map ? (map.get(protectedUrl) as string | undefined) : undefined;
}
