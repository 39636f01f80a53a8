/**
 * The project configuration under the hooks is validated once and read back from the
 * authenticated on-disk cache by later processes — without loading the YAML library — and a
 * changed, invalid, tampered-with or no longer satisfiable configuration is still caught on the
 * next start. Real processes under `--import importspy/register`, on every Node of
 * IMPORTSPY_TEST_NODES.
 */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeVersion, NODES, node, REGISTER_URL, writeTree } from './spawn.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const CONFIG = 'contracts:\n  - modules: "lib/*.mjs"\n    contract: ./contract.yml\n';

/** A project whose app imports a protected module it does not comply with (no `needed` export). */
function project(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'importspy-config-cache-')));
  dirs.push(dir);
  writeTree(dir, {
    'node_modules/.keep': '',
    'importspy.config.yml': CONFIG,
    'contract.yml': 'variables:\n  - name: needed\n',
    'lib/db.mjs': 'export const db = 1;\n',
    'app.mjs': "import { db } from './lib/db.mjs';\nconsole.log('ran', db);\n",
    // Prints whether the YAML library was loaded into this process: from node_modules, or
    // ImportSpy's bundled copy of the parts it uses (dist/chunks/yaml.js).
    'probe.cjs':
      "const { sep } = require('node:path');\n" +
      "console.log('yaml loaded:', Object.keys(require.cache).some((k) => k.includes(`${sep}yaml${sep}`) || k.endsWith(`${sep}chunks${sep}yaml.js`)));\n",
  });
  return dir;
}

const hooked = (bin: string, dir: string, entry: string) => node(bin, dir, ['--import', REGISTER_URL, entry], { IMPORTSPY_CACHE: '1' });

const entries = (dir: string): string[] => readdirSync(join(dir, 'node_modules/.cache/importspy/config')).filter((n) => n.endsWith('.json'));

for (const bin of NODES) {
  describe(`project configuration cache (${nodeVersion(bin)})`, () => {
    it('validates once, then reads the configuration back without loading yaml, with the same verdicts', async () => {
      const dir = project();
      const first = await hooked(bin, dir, 'probe.cjs');
      expect(first.stdout).toContain('yaml loaded: true');
      expect(entries(dir)).toHaveLength(1);
      const second = await hooked(bin, dir, 'probe.cjs');
      expect(second.status).toBe(0);
      expect(second.stdout).toContain('yaml loaded: false');
      // The cached configuration still protects lib/: the non-compliant app is blocked.
      const app = await hooked(bin, dir, 'app.mjs');
      expect(app.status).not.toBe(0);
      expect(app.stdout).not.toContain('ran');
      expect(app.stderr).toContain('needed');
    });

    it('a changed configuration is read again, an invalid one still blocks', async () => {
      const dir = project();
      await hooked(bin, dir, 'probe.cjs');
      writeFileSync(join(dir, 'importspy.config.yml'), `${CONFIG}    extra: true\n`);
      const invalid = await hooked(bin, dir, 'probe.cjs');
      expect(invalid.status).not.toBe(0);
      expect(invalid.stderr).toContain('importspy.config.yml');
      expect(invalid.stdout).not.toContain('yaml loaded');
      // A valid change protecting nothing is adopted at once: the app runs.
      writeFileSync(join(dir, 'importspy.config.yml'), 'contracts:\n  - modules: "other/**/*.mjs"\n    contract: ./contract.yml\n');
      const changed = await hooked(bin, dir, 'app.mjs');
      expect(changed.status).toBe(0);
      expect(changed.stdout).toContain('ran 1');
    });

    it('a contract file removed since the configuration was cached is reported at the entry', async () => {
      const dir = project();
      await hooked(bin, dir, 'probe.cjs');
      rmSync(join(dir, 'contract.yml'));
      const run = await hooked(bin, dir, 'probe.cjs');
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('contract.not-found');
    });

    it('an entry altered on disk is not trusted: the configuration is validated again', async () => {
      const dir = project();
      await hooked(bin, dir, 'probe.cjs');
      const [name] = entries(dir);
      const file = join(dir, 'node_modules/.cache/importspy/config', name ?? '');
      const text = readFileSync(file, 'utf8');
      // Same MAC, a body that protects nothing: verification fails and the real file is read.
      const newline = text.indexOf('\n');
      const body = JSON.parse(text.slice(newline + 1)) as { value: { contracts: unknown[] } };
      body.value.contracts = [];
      writeFileSync(file, `${text.slice(0, newline)}\n${JSON.stringify(body)}`);
      expect(readFileSync(file, 'utf8')).not.toBe(text);
      const app = await hooked(bin, dir, 'app.mjs');
      expect(app.status).not.toBe(0);
      expect(app.stdout).not.toContain('ran');
    });
  });
}
