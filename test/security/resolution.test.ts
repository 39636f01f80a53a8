/**
 * Static analysis judges the file Node will load, not a decoy the plugin ships beside it (issue 12).
 *
 * A plugin can only write files inside its own folder. Each plugin below ships a compliant decoy
 * where ImportSpy used to look first and a non-compliant file where Node looks: a `impl.ts` beside
 * the `impl.js` that `require('./impl')` loads, a `lib/index.ts` beside `lib/index.js`, and a
 * bundled package whose `exports` give `require` a compliant file and `import` (what an ES module
 * gets) a non-compliant one. `load`, `loadAll` and the loader hooks must refuse each, and the
 * non-compliant file's top-level code (which writes a file) must not run. The same layouts with
 * decoy and real file swapped are admitted: resolution still works, it is only Node's.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, runNode } from '../hostile/helpers.js';

let dir: string;
const at = (name: string) => join(dir, name);
function write(name: string, content: string): void {
  mkdirSync(join(at(name), '..'), { recursive: true });
  writeFileSync(at(name), content);
}

const COMPLIANT_CJS = 'exports.activate = function activate() {};\n';
const COMPLIANT_ESM = 'export function activate() {}\n';
// The file Node loads in the refused plugins: no `activate`, and a side effect that proves it ran.
const RUNS_CJS = "require('node:fs').writeFileSync(require('node:path').join(__dirname, 'RAN'), 'ran');\nexports.deactivate = function deactivate() {};\n";
const RUNS_ESM = "import { writeFileSync } from 'node:fs';\nwriteFileSync(new URL('./RAN', import.meta.url), 'ran');\nexport function deactivate() {}\n";

/** Lays out a plugin; `honest` swaps decoy and real file (the control). */
function plugin(name: string, layout: 'ts-beside-js' | 'index-ts-beside-index-js' | 'exports-conditions', honest: boolean): void {
  const base = `${honest ? 'honest' : 'plugins'}/${name}`;
  if (layout === 'exports-conditions') {
    write(`${base}/package.json`, `{ "name": "${name}", "type": "module", "main": "index.mjs" }\n`);
    write(`${base}/index.mjs`, "import 'protected-pkg';\nexport * from 'helper';\n");
    write(`${base}/node_modules/helper/package.json`, '{ "name": "helper", "exports": { "require": "./for-require.cjs", "import": "./for-import.mjs" } }\n');
    write(`${base}/node_modules/helper/for-require.cjs`, honest ? 'exports.deactivate = function deactivate() {};\n' : COMPLIANT_CJS);
    write(`${base}/node_modules/helper/for-import.mjs`, honest ? COMPLIANT_ESM : RUNS_ESM.replace("'./RAN'", "'../../RAN'"));
    return;
  }
  const target = layout === 'ts-beside-js' ? 'impl' : 'lib/index';
  write(`${base}/package.json`, `{ "name": "${name}", "main": "index.cjs" }\n`);
  write(`${base}/index.cjs`, `require('protected-cjs');\nmodule.exports = require('./${layout === 'ts-beside-js' ? 'impl' : 'lib'}');\n`);
  write(`${base}/${target}.js`, honest ? COMPLIANT_CJS : RUNS_CJS.replace("'RAN'", layout === 'ts-beside-js' ? "'RAN'" : "'../RAN'"));
  write(`${base}/${target}.ts`, honest ? 'export function deactivate() {}\n' : COMPLIANT_ESM);
}

const PLUGINS = { 'ts-beside-js': 'index.cjs', 'index-ts-beside-index-js': 'index.cjs', 'exports-conditions': 'index.mjs' } as const;
type Layout = keyof typeof PLUGINS;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-resolution-'));
  mkdirSync(at('node_modules'));
  symlinkSync(root, at('node_modules/importspy'), 'dir');
  write('plugin.yml', 'functions:\n  - name: activate\n');
  write('node_modules/protected-pkg/package.json', '{ "name": "protected-pkg", "type": "module", "main": "index.js", "importspy": { "contract": "../../plugin.yml" } }\n');
  write('node_modules/protected-pkg/index.js', 'export const ok = true;\n');
  write('node_modules/protected-cjs/package.json', '{ "name": "protected-cjs", "main": "index.js", "importspy": { "contract": "../../plugin.yml" } }\n');
  write('node_modules/protected-cjs/index.js', 'exports.ok = true;\n');
  for (const layout of Object.keys(PLUGINS) as Layout[]) {
    plugin(layout, layout, false);
    plugin(layout, layout, true);
  }
  // A `.js` ES module with no "type" (Node detects the format from its syntax) and a dual package.
  write('untyped/dual/package.json', '{ "name": "dual" }\n');
  write('untyped/dual/index.js', "export * from 'helper';\n");
  write('untyped/dual/node_modules/helper/package.json', '{ "name": "helper", "exports": { "import": "./for-import.mjs", "require": "./for-require.cjs" } }\n');
  write('untyped/dual/node_modules/helper/for-import.mjs', COMPLIANT_ESM);
  write('untyped/dual/node_modules/helper/for-require.cjs', 'exports.deactivate = function deactivate() {};\n');
  write('untyped/dual/required.js', "module.exports = require('helper');\n");
  // A package whose target depends on a condition the host starts Node with.
  write('conditioned/dev/package.json', '{ "name": "dev", "type": "module" }\n');
  write('conditioned/dev/index.mjs', "export * from 'helper';\n");
  write('conditioned/dev/node_modules/helper/package.json', '{ "name": "helper", "exports": { "development": "./dev.mjs", "default": "./prod.mjs" } }\n');
  write('conditioned/dev/node_modules/helper/dev.mjs', RUNS_ESM.replace("'./RAN'", "'../../RAN'"));
  write('conditioned/dev/node_modules/helper/prod.mjs', COMPLIANT_ESM);
  write('load.mjs', "import { load } from 'importspy';\ntry { await load(process.argv[2], { contract: './plugin.yml' }); console.log('admitted'); } catch (e) { console.log('rejected', e.code, e.violations?.map((v) => v.code).join()); }\n");
  write('load-all.mjs', "import { loadAll } from 'importspy';\nconst r = await loadAll(process.argv[2], { contract: './plugin.yml' });\nconsole.log('admitted', r.admitted.length, 'rejected', r.rejected.length);\n");
  write('hooks.mjs', "try { await import(process.argv[2]); console.log('admitted'); } catch (e) { console.log('rejected', e.code); }\n");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ran = (layout: Layout) => at(`plugins/${layout}/RAN`);

describe('a plugin that ships a compliant decoy where ImportSpy looked first', () => {
  it.each(Object.keys(PLUGINS) as Layout[])('%s: refused by load and by the loader hooks; its code does not run', async (layout) => {
    const entry = `./plugins/${layout}/${PLUGINS[layout]}`;
    const loaded = await runNode(['load.mjs', entry], { cwd: dir });
    expect(loaded.stdout, loaded.stderr).toContain('rejected ERR_IMPORT_CONTRACT missing.function');
    expect(existsSync(ran(layout)), 'load ran the plugin').toBe(false);
    const hooked = await runNode(['--import', 'importspy/register', 'hooks.mjs', entry], { cwd: dir });
    expect(hooked.stdout, hooked.stderr).toContain('rejected ERR_IMPORT_CONTRACT');
    expect(existsSync(ran(layout)), 'the hooks let the plugin run').toBe(false);
  });

  it('loadAll refuses all three', async () => {
    const r = await runNode(['load-all.mjs', './plugins'], { cwd: dir });
    expect(r.stdout, r.stderr).toContain('admitted 0 rejected 3');
    for (const layout of Object.keys(PLUGINS) as Layout[]) expect(existsSync(ran(layout))).toBe(false);
  });

  it('a `.js` file with no "type" gets the condition of the format Node detects from its syntax', async () => {
    expect((await runNode(['load.mjs', './untyped/dual/index.js'], { cwd: dir })).stdout).toContain('admitted');
    const required = await runNode(['load.mjs', './untyped/dual/required.js'], { cwd: dir });
    expect(required.stdout, required.stderr).toContain('rejected ERR_IMPORT_CONTRACT missing.function');
  });

  it('a condition the process was started with (--conditions) picks the file judged, as it picks the file Node loads', async () => {
    const flagged = await runNode(['--conditions=development', 'load.mjs', './conditioned/dev/index.mjs'], { cwd: dir });
    expect(flagged.stdout, flagged.stderr).toContain('rejected ERR_IMPORT_CONTRACT missing.function');
    const viaOptions = await runNode(['load.mjs', './conditioned/dev/index.mjs'], { cwd: dir, env: { NODE_OPTIONS: '-C development' } });
    expect(viaOptions.stdout, viaOptions.stderr).toContain('rejected ERR_IMPORT_CONTRACT missing.function');
    expect(existsSync(at('conditioned/dev/RAN'))).toBe(false);
    expect((await runNode(['load.mjs', './conditioned/dev/index.mjs'], { cwd: dir })).stdout).toContain('admitted');
  });

  it.each(Object.keys(PLUGINS) as Layout[])('control, %s with decoy and real file swapped: admitted by load and the hooks', async (layout) => {
    const entry = `./honest/${layout}/${PLUGINS[layout]}`;
    expect((await runNode(['load.mjs', entry], { cwd: dir })).stdout).toContain('admitted');
    expect((await runNode(['--import', 'importspy/register', 'hooks.mjs', entry], { cwd: dir })).stdout).toContain('admitted');
  });
});
