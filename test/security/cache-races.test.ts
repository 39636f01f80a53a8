/**
 * Racing the caches (issue 12): a file rewritten in the middle of a process with its size and
 * mtime put back, and an entry written by another build of ImportSpy that carries the same version.
 */
import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, runNode } from '../hostile/helpers.js';
import { buildId } from './build-id.js';
import { identityDigest } from '../../src/util/disk-cache.js';

let dir: string;
const at = (name: string) => join(dir, name);
function write(name: string, content: string): void {
  mkdirSync(join(at(name), '..'), { recursive: true });
  writeFileSync(at(name), content);
}
const sha1 = (bytes: Buffer | string) => createHash('sha1').update(bytes).digest('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const VERSION = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-cache-races-'));
  write('plugin.yml', 'functions:\n  - name: activate\n');
  write('node_modules/protected-pkg/package.json', '{ "name": "protected-pkg", "type": "module", "main": "index.js", "importspy": { "contract": "../../plugin.yml" } }\n');
  write('node_modules/protected-pkg/index.js', 'export const ok = true;\n');
  symlinkSync(root, at('node_modules/importspy'), 'dir');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('racing the caches', () => {
  it('a plugin rewritten during the process, same size and mtime put back, gets a fresh verdict', async () => {
    // A host that reloads a plugin (a new URL for the same file), as hot-reloading hosts do.
    const v1 = "import 'protected-pkg';\nexport function activate() {}\nconsole.log('v1 code ran');\n";
    const v2 = "import 'protected-pkg';\nexport function deactiva() {}\nconsole.log('v2 code ran');\n";
    expect(v2.length).toBe(v1.length);
    write('reload/plugin.mjs', v1);
    write(
      'reload/host.mjs',
      [
        "import { execFileSync } from 'node:child_process';",
        "import { statSync, writeFileSync } from 'node:fs';",
        "import { fileURLToPath } from 'node:url';",
        "const file = fileURLToPath(new URL('./plugin.mjs', import.meta.url));",
        "try { await import('./plugin.mjs?v=1'); } catch (e) { console.log('v1 rejected', e.code); }",
        'const ns = statSync(file, { bigint: true }).mtimeNs;',
        `writeFileSync(file, ${JSON.stringify(v2)});`,
        // The mtime put back to the nanosecond, as `touch -r` does.
        "execFileSync('touch', ['-m', '-d', `@${ns / 1000000000n}.${String(ns % 1000000000n).padStart(9, '0')}`, file]);",
        "if (statSync(file, { bigint: true }).mtimeNs !== ns) throw new Error('mtime not restored');",
        "try { await import('./plugin.mjs?v=2'); } catch (e) { console.log('v2 rejected', e.code); }",
        '',
      ].join('\n'),
    );
    const r = await runNode(['--import', 'importspy/register', 'reload/host.mjs'], { cwd: dir });
    expect(r.stdout, r.stderr).toContain('v1 code ran');
    expect(r.stdout).not.toContain('v2 code ran');
    expect(r.stdout).toContain('v2 rejected ERR_IMPORT_CONTRACT');
  });

  // Build B: the same package and version, one comment more in a shared chunk or in the entry
  // point's own code (a patched copy, a checkout).
  for (const [tag, changed] of [['chunk', 'a shared chunk'], ['entry', "the entry point's own code"]] as const) it(`an entry another build of the same version wrote is not adopted (${changed} differs)`, async () => {
    const other = at(`other-build-${tag}`);
    mkdirSync(other);
    cpSync(join(root, 'dist'), join(other, 'dist'), { recursive: true });
    for (const name of ['package.json', 'bin', 'schema']) cpSync(join(root, name), join(other, name), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(other, 'node_modules'), 'dir');
    const chunks = join(other, 'dist/chunks');
    const chunk = readdirSync(chunks).find((file) => readFileSync(join(chunks, file), 'utf8').includes('importspy-cache-1')) ?? '';
    appendFileSync(tag === 'chunk' ? join(chunks, chunk) : join(other, 'dist/index.js'), '\n// another build\n');
    mkdirSync(at(`hostB-${tag}/node_modules`), { recursive: true });
    symlinkSync(other, at(`hostB-${tag}/node_modules/importspy`), 'dir');

    const cache = at(`shared-cache-${tag}`);
    write(`evil-${tag}/index.mjs`, 'export function deactivate() {}\n');
    write(`hostB-${tag}/load.mjs`, "import { load } from 'importspy';\ntry { await load('../evil-" + tag + "/index.mjs', { contract: '../plugin.yml' }); console.log('admitted'); } catch (e) { console.log('rejected', e.code); }\n");
    write(`load-${tag}.mjs`, "import { load } from 'importspy';\ntry { await load('./evil-" + tag + "/index.mjs', { contract: './plugin.yml' }); console.log('admitted'); } catch (e) { console.log('rejected', e.code); }\n");
    const env = { IMPORTSPY_CACHE: '1', IMPORTSPY_CACHE_DIR: cache };
    // Build A makes the key; then an entry for build A claims the plugin complies (what a build
    // with an analysis bug would have stored), signed with the real key.
    expect((await runNode([`load-${tag}.mjs`], { cwd: dir, env })).stdout).toContain('rejected ERR_IMPORT_CONTRACT');
    const key = readFileSync(join(cache, 'key'));
    const file = at(`evil-${tag}/index.mjs`);
    write(`good-${tag}/index.mjs`, 'export function activate() {}\n');
    const probe = await runNode(['-e', `import('importspy').then(async ({ inspectModule }) => console.log(JSON.stringify(await inspectModule(${JSON.stringify(at(`good-${tag}/index.mjs`))}))))`], { cwd: dir });
    const good = { ...(JSON.parse(probe.stdout) as Record<string, unknown>), file, filename: 'index.mjs' };
    const slot = sha256(`model\u0000${file}`);
    const stored = JSON.stringify({ key: `${VERSION}\u0000${identityDigest(buildId(root))}\u0000model\u0000${file}\u0000${sha1(readFileSync(file))}`, value: { model: good, dependencies: [] } });
    const mac = createHmac('sha256', key).update(`importspy-cache-1\u0000model\u0000${slot}\u0000`).update(stored).digest('hex');
    writeFileSync(join(cache, 'model', `${slot}.json`), `${mac}\n${stored}`);
    // Control: build A takes its own (forged) answer, so the entry is well formed...
    expect((await runNode([`load-${tag}.mjs`], { cwd: dir, env })).stdout).toContain('admitted');
    // ...build B, same version, does not.
    const b = await runNode(['load.mjs'], { cwd: at(`hostB-${tag}`), env });
    expect(b.stdout, b.stderr).toContain('rejected ERR_IMPORT_CONTRACT');
  });
});
