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

