// The build identity ImportSpy puts (hashed) in its on-disk cache keys, computed the way src/util/disk-cache.ts
// does, so the cache tests can forge entries a build would accept.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every chunk of the bundle under `packageRoot`, by name, size and mtime, then NODE_PATH. */
export function buildId(packageRoot: string): string {
  const chunks = join(packageRoot, 'dist/chunks');
  const stamps = readdirSync(chunks)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => {
      const stat = statSync(join(chunks, file));
      return `${file}:${stat.size}:${stat.mtimeMs}`;
    });
  return `${stamps.join('/')}\u0000${process.env['NODE_PATH'] ?? ''}`;
}
