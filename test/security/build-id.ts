// The build identity ImportSpy puts (as a digest) in its on-disk cache keys, computed the way src/util/disk-cache.ts
// does, so the cache tests can forge entries a build would accept.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every chunk of both builds under `packageRoot` and every entry point, by name, size and mtime, then NODE_PATH. */
export function buildId(packageRoot: string): string {
  const stamps = ['chunks', 'chunks-programs'].flatMap((folder) => {
    const chunks = join(packageRoot, 'dist', folder);
    return readdirSync(chunks)
      .filter((file) => file.endsWith('.js'))
      .sort()
      .map((file) => {
        const stat = statSync(join(chunks, file));
        return `${folder}/${file}:${stat.size}:${stat.mtimeMs}`;
      });
  });
  const entries = ['index.js', 'loader/register.js', 'contract/schema.js', 'cli/index.js', 'cli/worker.js', 'loader/hooks/async.js'].map((name) => {
    const stat = statSync(join(packageRoot, 'dist', name), { throwIfNoEntry: false });
    return stat === undefined ? `${name}:-` : `${name}:${stat.size}:${stat.mtimeMs}`;
  });
  return `${[...stamps, ...entries].join('/')}\u0000${process.env['NODE_PATH'] ?? ''}`;
}

/** The identity's digest as the cache key holds it (src/util/disk-cache.ts#identityDigest): FNV-1a in two 32-bit lanes. */
export function buildDigest(id: string): string {
  let a = 0x811c9dc5;
  let b = 0x811c9dc5 ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
