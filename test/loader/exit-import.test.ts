/**
 * An import made while the process exits (a reporter that requires something from an 'exit'
 * listener, as timing and coverage tools do) still leaves its importer's entry in the on-disk
 * cache, so later starts read it back instead of loading the parser again. Real processes under
 * `--import importspy/register`, on every Node of IMPORTSPY_TEST_NODES.
 */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeVersion, NODES, underHooks, writeTree } from './spawn.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(): { dir: string; cache: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'importspy-exit-import-')));
  dirs.push(dir);
  writeTree(dir, {
    'importspy.config.yml': 'contracts:\n  - modules: "lib/*.mjs"\n    contract: ./contract.yml\n',
    'contract.yml': 'variables:\n  - name: needed\n',
    'lib/db.mjs': 'export const needed = 1;\n',
    'late.cjs': 'module.exports = 1;\n',
    'reporter.cjs': "process.on('exit', () => { require('./late.cjs'); process.stdout.write('reported\\n'); });\n",
    'app.cjs': "console.log('ran');\n",
  });
  return { dir, cache: join(dir, 'cache') };
}

/** The cached entries (of any kind) whose content names `file`. */
function entriesNaming(cache: string, file: string): string[] {
  const found: string[] = [];
  for (const kind of readdirSync(cache, { withFileTypes: true })) {
    if (!kind.isDirectory()) continue;
    for (const name of readdirSync(join(cache, kind.name))) {
      if (name.endsWith('.json') && readFileSync(join(cache, kind.name, name), 'utf8').includes(JSON.stringify(file))) found.push(`${kind.name}/${name}`);
    }
  }
  return found;
}

for (const bin of NODES) {
  describe(`an import made by an exit listener (${nodeVersion(bin)})`, () => {
    it("keeps its importer's cache entry", async () => {
      const { dir, cache } = project();
      const env = { IMPORTSPY_CACHE: '1', IMPORTSPY_CACHE_DIR: cache };
      const first = await underHooks(bin, dir, 'app.cjs', env, ['./reporter.cjs']);
      expect(first.stderr).toBe('');
      expect(first.stdout).toBe('ran\nreported\n');
      const written = entriesNaming(cache, join(dir, 'reporter.cjs'));
      expect(written).toHaveLength(1);
      // The next start finds it and leaves it as it was.
      const second = await underHooks(bin, dir, 'app.cjs', env, ['./reporter.cjs']);
      expect(second.stdout).toBe('ran\nreported\n');
      expect(entriesNaming(cache, join(dir, 'reporter.cjs'))).toEqual(written);
    });
  });
}
