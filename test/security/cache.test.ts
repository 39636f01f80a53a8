/**
 * The on-disk cache cannot be supplied or steered by the code under judgement (issue 12).
 *
 * A host project (its own `node_modules`, hence its own trusted cache folder) loads a plugin that
 * does not comply. The plugin ships `node_modules/.cache/importspy/` with forged entries claiming
 * it complies: in the format ImportSpy 0.1.0 read from the folder nearest the analysed file, and
 * in the current format, authenticated with a key the plugin ships too. `load`, `loadAll`, the
 * guard and the loader hooks (for an ES module and a CommonJS plugin) must all still refuse it,
 * and its top-level code (which writes a file) must not run. A control run, where the host itself
 * names the plugin's folder as its cache (`IMPORTSPY_CACHE_DIR`), admits it: the forgeries are
 * well formed, only their place is wrong.
 *
 * Then: an entry tampered with inside the trusted folder is ignored; a key file open to other
 * users (or owned by another user) turns the cache off; every package.json a verdict depends on
 * is tracked; the cache stays bounded; and a UTF-8 BOM does not hide a protected package.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectModule } from '../../src/index.js';
import { root, run, runNode, type TimedRun } from '../hostile/helpers.js';
import { buildId } from './build-id.js';
import { identityDigest } from '../../src/util/disk-cache.js';

const REGISTER = pathToFileURL(join(root, 'dist/loader/register.js')).href;
const VERSION = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const sha1 = (bytes: Buffer | string) => createHash('sha1').update(bytes).digest('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let dir: string;
const at = (name: string) => join(dir, name);
function write(name: string, content: string | Buffer): void {
  mkdirSync(join(at(name), '..'), { recursive: true });
  writeFileSync(at(name), content);
}

const TRUSTED = () => at('node_modules/.cache/importspy');
const SHIPPED = 'plugins/evil/node_modules/.cache/importspy';
const EVIL = () => at('plugins/evil/index.mjs');
const RAN = () => at('plugins/evil/RAN');
// The same plugin in CommonJS, with its own shipped cache (the hooks see `require()` differently).
const SHIPPED_CJS = 'plugins/evil-cjs/node_modules/.cache/importspy';
const EVIL_CJS = () => at('plugins/evil-cjs/index.cjs');
const RAN_CJS = () => at('plugins/evil-cjs/RAN');

const CONTRACT = 'functions:\n  - name: activate\n';
// Writes a file at its top level, after its imports: the proof that its code ran.
const EVIL_SOURCE = [
  "import { writeFileSync } from 'node:fs';",
  "import 'protected-pkg';",
  "import '../../lib/guarded.mjs';",
  "writeFileSync(new URL('./RAN', import.meta.url), 'ran');",
  "export function deactivate() {}",
  '',
].join('\n');
const EVIL_CJS_SOURCE = [
  "require('protected-cjs');",
  "require('../../lib/guarded.cjs');",
  "require('node:fs').writeFileSync(require('node:path').join(__dirname, 'RAN'), 'ran');",
  'exports.deactivate = function deactivate() {};',
  '',
].join('\n');

/** A compliant model, as ImportSpy builds it, relabelled as an evil plugin's. */
async function forgedModel(good = 'good/index.mjs', file = EVIL()): Promise<Record<string, unknown>> {
  const model = (await inspectModule(at(good))) as unknown as Record<string, unknown>;
  return { ...model, file, filename: file.slice(file.lastIndexOf('/') + 1) };
}

/** The entry the 0.1.0 cache read from the folder nearest the analysed file. */
function legacyEntry(file: string, model: Record<string, unknown>): [string, string] {
  const key = sha1(`${VERSION}\u0000model\u0000${file}\u0000${sha1(readFileSync(file))}`);
  return [`model/${key}.json`, JSON.stringify({ model, dependencies: [] })];
}

/**
 * An entry in the current format (see src/util/disk-cache.ts), authenticated with `key`: what a
 * plugin that knows the format could write, given a key of its own.
 */
function currentEntry(file: string, kind: string, cacheKey: string, value: unknown, key: Buffer): [string, string] {
  const slot = sha256(`${kind}\u0000${file}`);
  const body = JSON.stringify({ key: cacheKey, value });
  const mac = createHmac('sha256', key).update(`importspy-cache-1\u0000${kind}\u0000${slot}\u0000`).update(body).digest('hex');
  return [`${kind}/${slot}.json`, `${mac}\n${body}`];
}

const modelKey = (file: string) => `${VERSION}\u0000${identityDigest(buildId(root))}\u0000model\u0000${file}\u0000${sha1(readFileSync(file))}`;

function shipForgeries(shipped: string, file: string, model: Record<string, unknown>): void {
  const key = randomBytes(32);
  write(`${shipped}/key`, key);
  chmodSync(at(`${shipped}/key`), 0o600);
  const [legacyName, legacy] = legacyEntry(file, model);
  write(`${shipped}/${legacyName}`, legacy);
  const [name, entry] = currentEntry(file, 'model', modelKey(file), { model, dependencies: [] }, key);
  write(`${shipped}/${name}`, entry);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-cache-trust-'));
  mkdirSync(at('node_modules'));
  symlinkSync(root, at('node_modules/importspy'), 'dir');
  write('plugin.yml', CONTRACT);
  write('node_modules/protected-pkg/package.json', '{ "name": "protected-pkg", "type": "module", "main": "index.js", "importspy": { "contract": "../../plugin.yml" } }\n');
  write('node_modules/protected-pkg/index.js', 'export const ok = true;\n');
  write('node_modules/protected-cjs/package.json', '{ "name": "protected-cjs", "main": "index.js", "importspy": { "contract": "../../plugin.yml" } }\n');
  write('node_modules/protected-cjs/index.js', 'exports.ok = true;\n');
  write('lib/guarded.mjs', "import { guard } from 'importspy';\nguard(import.meta, { contract: '../plugin.yml' });\n");
  write('lib/guarded.cjs', "const { guard } = require('importspy');\nguard(module, { contract: require('node:path').join(__dirname, '../plugin.yml') });\n");
  write('good/index.mjs', 'export function activate() {}\n');
  write('good/index.cjs', 'exports.activate = function activate() {};\n');
  write('plugins/evil-cjs/package.json', '{ "name": "evil-cjs", "version": "1.0.0", "main": "index.cjs" }\n');
  write('plugins/evil-cjs/index.cjs', EVIL_CJS_SOURCE);
  write('plugins/evil/package.json', '{ "name": "evil", "version": "1.0.0", "type": "module", "main": "index.mjs" }\n');
  write('plugins/evil/index.mjs', EVIL_SOURCE);
  // The hosts comply themselves: the guard in lib/guarded.mjs sees the entry module when no hooks run.
  write('load.mjs', "export function activate() {}\nimport { load } from 'importspy';\ntry { await load('./plugins/evil/index.mjs', { contract: './plugin.yml' }); console.log('admitted'); } catch (e) { console.log('rejected', e.code); }\n");
  write('load-all.mjs', "export function activate() {}\nimport { loadAll } from 'importspy';\nconst r = await loadAll('./plugins', { contract: './plugin.yml' });\nconsole.log('admitted', r.admitted.length, 'rejected', r.rejected.length);\n");
  write('hooks.mjs', "try { await import('./plugins/evil/index.mjs'); console.log('admitted'); } catch (e) { console.log('rejected', e.code); }\n");
  write('hooks.cjs', "try { require('./plugins/evil-cjs/index.cjs'); console.log('admitted'); } catch (e) { console.log('rejected', e.code); }\n");
  shipForgeries(SHIPPED, EVIL(), await forgedModel());
  shipForgeries(SHIPPED_CJS, EVIL_CJS(), await forgedModel('good/index.cjs', EVIL_CJS()));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CACHE_ON = { IMPORTSPY_CACHE: '1' };
const ways: Record<string, string[]> = {
  load: ['load.mjs'],
  loadAll: ['load-all.mjs'],
  guard: ['plugins/evil/index.mjs'],
  hooks: ['--import', 'importspy/register', 'hooks.mjs'],
  'guard (CommonJS)': ['plugins/evil-cjs/index.cjs'],
  'hooks (CommonJS)': ['--import', 'importspy/register', 'hooks.cjs'],
};
const commonJs = (way: string) => way.endsWith('(CommonJS)');

function start(args: string[], env: Record<string, string> = {}): Promise<TimedRun> {
  return runNode(args, { cwd: dir, env: { ...CACHE_ON, ...env } });
}

function expectRefused(r: TimedRun, way: string): void {
  expect(r.signal, r.stderr).toBeNull();
  if (way === 'loadAll') expect(r.stdout).toContain('admitted 0 rejected 2');
  else if (way.startsWith('guard')) expect(r.stderr).toContain('ERR_IMPORT_CONTRACT');
  else expect(r.stdout).toContain('rejected ERR_IMPORT_CONTRACT');
  expect(existsSync(RAN()), `${way}: the plugin's code ran`).toBe(false);
  expect(existsSync(RAN_CJS()), `${way}: the CommonJS plugin's code ran`).toBe(false);
}

// One at a time: the runs share the host's cache folder and the plugin's side-effect file.
describe.sequential('a plugin that ships its own cache entries', () => {
  it.each(Object.keys(ways))('is still refused by %s, and its code does not run', async (way) => {
    for (let run = 0; run < 2; run++) {
      // The second run has the trusted cache warm (with ImportSpy's own entries).
      expectRefused(await start(ways[way] ?? []), way);
    }
  });

  it.each(Object.keys(ways))('control: with the plugin folder named as the cache, %s admits it (the forgery is well formed)', async (way) => {
    const ran = commonJs(way) ? RAN_CJS() : RAN();
    rmSync(ran, { force: true });
    const r = await start(ways[way] ?? [], { IMPORTSPY_CACHE_DIR: at(commonJs(way) ? SHIPPED_CJS : SHIPPED) });
    expect(existsSync(ran), r.stdout + r.stderr).toBe(true);
    rmSync(RAN(), { force: true });
    rmSync(RAN_CJS(), { force: true });
  });
});

describe.sequential('a process started inside the plugin folder', () => {
  // The ImportSpy under test is linked (its real path is in no node_modules), so the working
  // directory names the cache folder: started inside the plugin, that is the plugin's own,
  // key and forged entry included (the key 0600, as a plugin unpacked with its modes ships it).
  it.each(['load', 'hooks'])('%s still refuses the plugin: a shipped key never verifies there', async (way) => {
    write('abs-load.mjs', `import { load } from 'importspy';\ntry { await load(${JSON.stringify(EVIL())}, { contract: ${JSON.stringify(at('plugin.yml'))} }); console.log('admitted'); } catch (e) { console.log('rejected', e.code); }\n`);
    const args = way === 'load' ? [at('abs-load.mjs')] : ['--import', REGISTER, at('hooks.mjs')];
    try {
      for (let run = 0; run < 2; run++) {
        const r = await runNode(args, { cwd: at('plugins/evil'), env: CACHE_ON });
        expect(r.stdout, r.stderr).toContain('rejected ERR_IMPORT_CONTRACT');
        expect(existsSync(RAN()), "the plugin's code ran").toBe(false);
      }
      // The folder was used (ImportSpy replaced the forgery with its own entry).
      expect(readFileSync(at(`${SHIPPED}/model/${sha256(`model\u0000${EVIL()}`)}.json`), 'utf8')).not.toContain('"dependencies":[]');
    } finally {
      shipForgeries(SHIPPED, EVIL(), await forgedModel());
    }
  });
});

describe.sequential('the trusted cache folder', () => {
  it('an entry changed without the key is ignored and the plugin analysed again', async () => {
    await start(ways['load'] ?? []);
    const folder = join(TRUSTED(), 'model');
    const slot = `${sha256(`model\u0000${EVIL()}`)}.json`;
    const [mac] = readFileSync(join(folder, slot), 'utf8').split('\n');
    const forged = JSON.stringify({ key: modelKey(EVIL()), value: { model: await forgedModel(), dependencies: [] } });
    writeFileSync(join(folder, slot), `${mac}\n${forged}`);
    for (const way of Object.keys(ways)) expectRefused(await start(ways[way] ?? []), way);
    // A MAC made with a key of the forger's own is no better.
    const [, entry] = currentEntry(EVIL(), 'model', modelKey(EVIL()), { model: await forgedModel(), dependencies: [] }, randomBytes(32));
    writeFileSync(join(folder, slot), entry);
    expectRefused(await start(ways['hooks'] ?? []), 'hooks');
    // ImportSpy rewrote the entry with its own, valid MAC.
    expect(readFileSync(join(folder, slot), 'utf8')).not.toBe(entry);
  });

  it('a key file other users can read turns the cache off, with a warning', async () => {
    const keyFile = join(TRUSTED(), 'key');
    await start(ways['load'] ?? []);
    const key = readFileSync(keyFile);
    chmodSync(keyFile, 0o644);
    try {
      // Someone who could read that key could sign anything.
      const [name, entry] = currentEntry(EVIL(), 'model', modelKey(EVIL()), { model: await forgedModel(), dependencies: [] }, key);
      writeFileSync(join(TRUSTED(), name), entry);
      const r = await start(ways['load'] ?? []);
      expectRefused(r, 'load');
      expect(r.stderr).toContain('must be 0600');
      expect(r.stderr).toContain('on-disk cache is off');
    } finally {
      chmodSync(keyFile, 0o600);
      rmSync(join(TRUSTED(), 'model', `${sha256(`model\u0000${EVIL()}`)}.json`), { force: true });
    }
  });

  it.runIf(process.getuid?.() === 0)('a key file owned by another user turns the cache off', async () => {
    const keyFile = join(TRUSTED(), 'key');
    const key = readFileSync(keyFile);
    chownSync(keyFile, 65534, 65534);
    try {
      const [name, entry] = currentEntry(EVIL(), 'model', modelKey(EVIL()), { model: await forgedModel(), dependencies: [] }, key);
      writeFileSync(join(TRUSTED(), name), entry);
      const r = await start(ways['hooks'] ?? []);
      expectRefused(r, 'hooks');
      expect(r.stderr).toContain('is not owned by the current user');
    } finally {
      chownSync(keyFile, 0, 0);
      rmSync(join(TRUSTED(), 'model', `${sha256(`model\u0000${EVIL()}`)}.json`), { force: true });
    }
  });

  it('is created owner-only: folder 0700, key 0600', () => {
    if (process.platform === 'win32') return;
    expect(statSync(TRUSTED()).mode & 0o777).toBe(0o700);
    expect(statSync(join(TRUSTED(), 'key')).mode & 0o777).toBe(0o600);
  });
});

describe.sequential('every input of a cached verdict is tracked', () => {
  const loadVersioned = () => start(['-e', "import('importspy').then(({ load }) => load('./versioned/index.mjs', { contract: './versioned.yml' })).then(() => console.log('admitted'), (e) => console.log('rejected', e.violations?.map((v) => v.code).join()))"]);

  it('a package.json "version" going from 2.0.0 to 1.0.0 is seen by the next process', async () => {
    write('versioned.yml', 'version: ">=2"\nfunctions:\n  - name: activate\n');
    write('versioned/package.json', '{ "name": "versioned", "version": "2.0.0", "type": "module" }\n');
    write('versioned/index.mjs', 'export function activate() {}\n');
    expect((await loadVersioned()).stdout).toContain('admitted');
    expect((await loadVersioned()).stdout).toContain('admitted');
    write('versioned/package.json', '{ "name": "versioned", "version": "1.0.0", "type": "module" }\n');
    expect((await loadVersioned()).stdout).toContain('rejected mismatch.version');
  });

  it('a package.json that appears nearer than the one used is seen by the next process', async () => {
    write('versioned/package.json', '{ "name": "versioned", "version": "2.0.0", "type": "module" }\n');
    write('versioned/sub/index.mjs', 'export function activate() {}\n');
    const loadSub = () => start(['-e', "import('importspy').then(({ load }) => load('./versioned/sub/index.mjs', { contract: './versioned.yml' })).then(() => console.log('admitted'), (e) => console.log('rejected', e.violations?.map((v) => v.code).join()))"]);
    expect((await loadSub()).stdout).toContain('admitted');
    write('versioned/sub/package.json', '{ "version": "1.5.0" }\n');
    expect((await loadSub()).stdout).toContain('rejected mismatch.version');
  });

  it('a changed "main" of a required folder, or "exports" of a package, is seen by the next process', async () => {
    write('resolved/folder.cjs', "module.exports = require('./impl');\n");
    write('resolved/impl/package.json', '{ "main": "a.js" }\n');
    write('resolved/impl/a.js', 'exports.activate = function activate() {};\n');
    write('resolved/impl/b.js', 'exports.other = 1;\n');
    write('resolved/package.mjs', "export { activate } from 'dep';\n");
    write('resolved/node_modules/dep/package.json', '{ "name": "dep", "type": "module", "exports": "./a.js" }\n');
    write('resolved/node_modules/dep/a.js', 'export function activate() {}\n');
    write('resolved/node_modules/dep/b.js', 'export const other = 1;\n');
    const loadIt = (file: string) => start(['-e', `import('importspy').then(({ load }) => load('./resolved/${file}', { contract: './plugin.yml' })).then(() => console.log('admitted'), (e) => console.log('rejected', e.violations?.map((v) => v.code).join()))`]);
    for (const file of ['folder.cjs', 'package.mjs']) {
      expect((await loadIt(file)).stdout, file).toContain('admitted');
      expect((await loadIt(file)).stdout, file).toContain('admitted');
    }
    write('resolved/impl/package.json', '{ "main": "b.js" }\n');
    write('resolved/node_modules/dep/package.json', '{ "name": "dep", "type": "module", "exports": "./b.js" }\n');
    for (const file of ['folder.cjs', 'package.mjs']) expect((await loadIt(file)).stdout, file).toContain('rejected');
  });

  // What a TypeScript source re-exports, as a fresh process (cache on) sees it.
  const functionsOf = async (file: string): Promise<string> => {
    const r = await start(['-e', `import('importspy').then(({ inspectModule }) => inspectModule('${file}')).then((m) => console.log('functions:' + m.functions.map((f) => f.name).join()))`]);
    expect(r.stderr).toBe('');
    return r.stdout.trim();
  };
  const slots = () => (existsSync(join(TRUSTED(), 'model')) ? readdirSync(join(TRUSTED(), 'model')).length : 0);

  it('a changed tsconfig "paths" target, reached through "extends", is seen by the next process', async () => {
    write('paths/tsconfig.json', '{\n  // the shared settings\n  "extends": "./config/base.json",\n}\n');
    write('paths/config/base.json', '{ "compilerOptions": { "paths": { "@impl/*": ["../impl-a/*"] } } }\n');
    write('paths/impl-a/mod.ts', 'export function activate(): void {}\n');
    write('paths/impl-b/mod.ts', 'export function deactivate(): void {}\n');
    write('paths/src/index.ts', "export * from '@impl/mod';\n");
    const before = slots();
    expect(await functionsOf('./paths/src/index.ts')).toBe('functions:activate');
    expect(slots()).toBe(before + 1);
    expect(await functionsOf('./paths/src/index.ts')).toBe('functions:activate');
    write('paths/config/base.json', '{ "compilerOptions": { "paths": { "@impl/*": ["../impl-b/*"] } } }\n');
    expect(await functionsOf('./paths/src/index.ts')).toBe('functions:deactivate');
    // A nearer tsconfig.json that appears takes over (here: no paths, the alias no longer resolves).
    write('paths/src/tsconfig.json', '{ "compilerOptions": {} }\n');
    expect(await functionsOf('./paths/src/index.ts')).toBe('functions:');
  });

  it('a newly appearing earlier candidate (paths target, source beside .js, file beside a folder) is seen by the next process', async () => {
    write('earlier/tsconfig.json', '{ "compilerOptions": { "paths": { "@impl/*": ["./first/*", "./second/*"] } } }\n');
    write('earlier/second/mod.ts', 'export function activate(): void {}\n');
    write('earlier/alias.ts', "export * from '@impl/mod';\n");
    write('earlier/lib/x.js', 'export function activate() {}\n');
    write('earlier/relative.ts', "export * from './lib/x.js';\n");
    write('earlier/dir/index.js', 'exports.activate = function activate() {};\n');
    write('earlier/folder.cjs', "module.exports = require('./dir');\n");
    for (const file of ['alias.ts', 'relative.ts']) {
      expect(await functionsOf(`./earlier/${file}`), file).toBe('functions:activate');
      expect(await functionsOf(`./earlier/${file}`), file).toBe('functions:activate');
    }
    const folder = async () => (await start(['-e', "import('importspy').then(({ inspectModule }) => inspectModule('./earlier/folder.cjs')).then((m) => console.log('exports:' + m.exports.join()))"])).stdout.trim();
    expect(await folder()).toBe('exports:activate,default');
    expect(await folder()).toBe('exports:activate,default');
    write('earlier/first/mod.ts', 'export function deactivate(): void {}\n');
    write('earlier/lib/x.ts', 'export function deactivate(): void {}\n');
    write('earlier/dir.js', 'exports.deactivate = function deactivate() {};\n');
    expect(await functionsOf('./earlier/alias.ts')).toBe('functions:deactivate');
    expect(await functionsOf('./earlier/relative.ts')).toBe('functions:deactivate');
    expect(await folder()).toBe('exports:deactivate,default');
  });

  it('ten edits of a module leave one entry for it; the sweep removes stale and foreign files', async () => {
    const models = join(TRUSTED(), 'model');
    const before = new Set(readdirSync(models));
    write('edited/index.mjs', 'export function activate() {}\n');
    const loadEdited = () => start(['-e', "import('importspy').then(({ load }) => load('./edited/index.mjs', { contract: './plugin.yml' })).then(() => console.log('admitted'), () => console.log('rejected'))"]);
    for (let edit = 0; edit < 10; edit++) {
      write('edited/index.mjs', `export function activate() {}\nexport const edit = ${edit};\n`);
      expect((await loadEdited()).stdout).toContain('admitted');
    }
    const added = readdirSync(models).filter((name) => !before.has(name));
    expect(added).toHaveLength(1);

    // The sweep (once a day per folder): entries unused for 60 days, files of another format and
    // abandoned temporary files go; live entries stay.
    const old = new Date(Date.now() - 60 * 24 * 3600 * 1000);
    const stale = join(models, `${'a'.repeat(64)}.json`);
    const legacy = join(models, `${'b'.repeat(40)}.json`);
    const temporary = join(models, `${'c'.repeat(64)}.json.123.tmp`);
    for (const file of [stale, legacy, temporary]) writeFileSync(file, '{}');
    utimesSync(stale, old, old);
    utimesSync(temporary, old, old);
    utimesSync(join(TRUSTED(), 'swept'), old, old);
    write('edited/index.mjs', 'export function activate() {}\nexport const edit = "last";\n');
    expect((await loadEdited()).stdout).toContain('admitted');
    const left = readdirSync(models);
    expect(left).not.toContain(`${'a'.repeat(64)}.json`);
    expect(left).not.toContain(`${'b'.repeat(40)}.json`);
    expect(left).not.toContain(`${'c'.repeat(64)}.json.123.tmp`);
    expect(left).toContain(added[0]);
  });
});

describe('a UTF-8 byte-order mark', () => {
  const BOM = '\uFEFF';

  it('does not hide a protected package under the hooks (package.json and contract with a BOM)', async () => {
    write('bom/node_modules/bom-pkg/package.json', `${BOM}{ "name": "bom-pkg", "type": "module", "main": "index.js", "importspy": { "contract": "./spymodel.yml" } }\n`);
    write('bom/node_modules/bom-pkg/spymodel.yml', `${BOM}functions:\n  - name: activate\n`);
    write('bom/node_modules/bom-pkg/index.js', 'export const ok = true;\n');
    write('bom/bad.mjs', "import 'bom-pkg';\nconsole.log('ran: bad');\n");
    write('bom/good.mjs', "import 'bom-pkg';\nexport function activate() {}\nconsole.log('ran: good');\n");
    const bad = await runNode(['--import', REGISTER, 'bad.mjs'], { cwd: at('bom') });
    expect(bad.stdout).not.toContain('ran: bad');
    expect(bad.stderr).toContain('missing.function');
    const good = await runNode(['--import', REGISTER, 'good.mjs'], { cwd: at('bom') });
    expect(good.stdout, good.stderr).toContain('ran: good');
  });

  it('does not hide a project configuration (JSON with a BOM) from the hooks', async () => {
    write('bom-config/importspy.config.json', `${BOM}{ "contracts": [{ "modules": "lib/*.mjs", "contract": "./spymodel.json" }] }\n`);
    write('bom-config/spymodel.json', `${BOM}{ "functions": [{ "name": "activate" }] }\n`);
    write('bom-config/lib/db.mjs', 'export const db = 1;\n');
    write('bom-config/bad.mjs', "import './lib/db.mjs';\nconsole.log('ran: bad');\n");
    const bad = await runNode(['--import', REGISTER, 'bad.mjs'], { cwd: at('bom-config') });
    expect(bad.stdout).not.toContain('ran: bad');
    expect(bad.stderr).toContain('missing.function');
  });

  it('in an installed package\'s package.json does not hide its version from `packages:` checks', async () => {
    write('bom-packages/node_modules/bom-dep/package.json', `${BOM}{ "name": "bom-dep", "version": "1.4.0" }\n`);
    write('bom-packages/spymodel.yml', 'deployments:\n  - systems:\n      - runtimes:\n          - name: node\n            packages:\n              - name: bom-dep\n                version: ^1.2\n');
    write('bom-packages/mod.mjs', 'export const x = 1;\n');
    const r = await run(['check', 'mod.mjs', '-c', 'spymodel.yml', '--format', 'json'], { cwd: at('bom-packages') });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    write('bom-packages/node_modules/bom-dep/package.json', `${BOM}{ "name": "bom-dep", "version": "1.0.0" }\n`);
    const old = await run(['check', 'mod.mjs', '-c', 'spymodel.yml', '--format', 'json'], { cwd: at('bom-packages') });
    expect(old.status).toBe(1);
    expect(old.stdout).toContain('mismatch.package-version');
  });

  it('in a plugin package.json does not change which file `load` picks', async () => {
    write('bom-plugin/p/package.json', `${BOM}{ "name": "p", "type": "module", "main": "main.mjs" }\n`);
    write('bom-plugin/p/main.mjs', 'export function activate() {}\n');
    write('bom-plugin/p/index.mjs', 'export const wrong = 1;\n');
    write('bom-plugin/spymodel.yml', CONTRACT);
    const r = await runNode(['-e', "import('importspy').then(({ load }) => load('./p', { contract: './spymodel.yml' })).then((ns) => console.log('admitted', Object.keys(ns)), (e) => console.log('rejected', e.message))"], { cwd: at('bom-plugin') });
    expect(r.stdout, r.stderr).toContain("admitted [ 'activate' ]");
  });
});
