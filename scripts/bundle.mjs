// Bundles the runtime entry points over tsc's output, so that a guarded process loads a handful
// of files instead of fifty (module loading is most of ImportSpy's start-up cost). Shared code
// goes to dist/chunks, so every entry sees the same classes (one ContractViolationError).
// Dependencies stay external; tsc's per-file output and .d.ts files stay for types and tools.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { parseSync } from 'oxc-parser';

// Node's builtins are taken with process.getBuiltinModule (Node 20.16+), not imported: an ES
// module import of a builtin builds its ES module facade, which reads every export — node:fs's
// `promises` and `ReadStream` load fs/promises, readline and the streams, node:crypto's
// `webcrypto` loads Web Crypto — about 3–5 ms of a start-up in which ImportSpy uses none of them.
// Each builtin becomes a small module exporting, read once when the bundle loads, the names the
// code imports from it (found with oxc in tsc's output) and, as default, the module itself; a
// builtin imported as a namespace (`import * as m`) is the module object itself, its properties
// read where they are used. A name imported that Node does not have fails the build.
const imported = new Map();
const namespaces = new Set();
for (const entry of readdirSync('dist', { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
  const file = join(entry.parentPath ?? entry.path, entry.name);
  const { module } = parseSync(file, readFileSync(file, 'utf8'), { sourceType: 'module' });
  const entries = [...module.staticImports.flatMap((i) => i.entries.map((e) => [i.moduleRequest.value, e.importName])), ...module.staticExports.flatMap((x) => x.entries.filter((e) => e.moduleRequest).map((e) => [e.moduleRequest.value, e.importName]))];
  for (const [specifier, name] of entries) {
    if (!specifier.startsWith('node:')) continue;
    if (name.kind === 'NamespaceObject' || name.kind === 'All' || name.kind === 'AllButDefault') namespaces.add(specifier);
    else if (name.kind === 'Name' && name.name !== 'default') imported.set(specifier, new Set([...(imported.get(specifier) ?? []), name.name]));
  }
}
// A bundled dependency's CommonJS `require('process')` (yaml's) is bundled the same way: as the
// module object itself, what `require` of a builtin returns.
const builtinNames = new Set(builtinModules);
const builtinsByGetter = {
  name: 'builtins-by-getter',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
    b.onResolve({ filter: /^[a-z_]+$/ }, (args) =>
      builtinNames.has(args.path) && args.kind === 'require-call' && args.importer.includes('/node_modules/') ? { path: `node:${args.path}`, namespace: 'node-builtin-required' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'node-builtin-required' }, (args) => ({ contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`, loader: 'js' }));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => {
      const get = `process.getBuiltinModule(${JSON.stringify(args.path)})`;
      // A namespace's properties are read where used (Node's own, whichever version runs the bundle).
      if (namespaces.has(args.path)) return { contents: `module.exports = ${get};`, loader: 'js' };
      const builtin = process.getBuiltinModule(args.path);
      const lines = [`const builtin = ${get};`, 'export default builtin;'];
      for (const name of [...(imported.get(args.path) ?? [])].sort()) {
        if (!(name in builtin)) throw new Error(`${args.path} has no export ${name}`);
        lines.push(`export const ${name} = builtin.${name};`);
      }
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

// The package's version and repository, written into the bundle: reading package.json through the
// package's own name costs every process about 2 ms (a self-reference resolution and a parse).
// tsc's per-file output (dist/version.js, not published) still reads it at run time.
const ownPackage = JSON.parse(readFileSync('package.json', 'utf8'));
const repository = typeof ownPackage.repository === 'string' ? ownPackage.repository : (ownPackage.repository?.url ?? '');
const versionInline = {
  name: 'version-inline',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]version\.js$/ }, () => ({
      contents: `export const VERSION = ${JSON.stringify(ownPackage.version)};\nexport const REPOSITORY = ${JSON.stringify(repository)};\n`,
      loader: 'js',
    }));
  },
};

// Two builds, each with its shared chunks in a folder of its own:
// - the library, what a program's own process loads: the package's entry, `importspy/register`
//   and the schema (required by the package's name on a contract's first parse);
// - the programs, which run in processes or threads of their own: the CLI, its worker thread
//   and the off-thread hooks of `module.register()`.
// Every entry point of a split build cuts the code its entries share into more chunks, and each
// chunk is one more file for Node to resolve, load and link when a process starts: with the
// programs in the same build, `importspy/register` loaded 10 files; on its own, far fewer
// (docs/performance.md). The programs hold their own copy of the library's code, so within
// one thread every class exists once, as before; the CLI never hands its objects to a copy of
// the library a checked module may load, nor takes them from it. Each build carries its
// deferred entries beside its chunks, where the relative `require` of its loaders finds them.
const common = {
  outdir: 'dist',
  outbase: 'dist',
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // yaml is bundled into its own deferred entry (src/contract/yaml.ts), for the same reason as zod;
  // the CLI's YAML output still requires it from node_modules (src/cli/io.ts).
  // zod is bundled into the schema entry (the only code that imports it), as one file with the
  // parts of zod it uses: loaded from node_modules, zod's index brings every one of its ~50
  // locales, about 95 files whose loading cost 100 ms of each contract parse on a 2-core machine
  // (the schema entry loaded in ~150 ms, bundled ~50 ms). It stays a dependency: the published
  // types refer to it.
  external: ['semver', 'semver/*', 'oxc-parser', 'oxc-resolver', 'cjs-module-lexer', 'tinyglobby', 'importspy', 'importspy/*'],
  plugins: [builtinsByGetter, versionInline],
  logLevel: 'warning',
  metafile: true,
};
// Loaded on first use by a relative require from the chunk that needs them (src/util/own-code.ts).
const deferredEntries = (folder) => [
  { in: 'dist/loader/deferred-code.js', out: `${folder}/deferred-code` },
  { in: 'dist/analysis/builders.js', out: `${folder}/builders` },
  { in: 'dist/contract/yaml.js', out: `${folder}/yaml` },
];
const builds = [];
// The programs first: the library's build overwrites dist/index.js, which the CLI imports.
for (const [entries, folder] of [
  [['cli/index', 'cli/worker', 'loader/hooks/async'], 'chunks-programs'],
  [['index', 'loader/register'], 'chunks'],
]) {
  const result = await build({ ...common, entryPoints: [...entries.map((e) => `dist/${e}.js`), ...deferredEntries(folder)], chunkNames: `${folder}/[name]-[hash]` });
  if (result.warnings.length > 0) throw new Error('the bundle has warnings (above)');
  // The deferred loaders require their entry relative to themselves: they must sit in the build's chunk folder.
  for (const loader of ['dist/loader/deferred.js', 'dist/analysis/deferred.js', 'dist/contract/lazy.js']) {
    const outputs = Object.entries(result.metafile.outputs).filter(([, o]) => loader in o.inputs).map(([name]) => name);
    if (outputs.length === 0 || outputs.some((name) => !name.startsWith(`dist/${folder}/`))) throw new Error(`${loader} was bundled into ${outputs.join(', ') || 'nothing'}, not a chunk beside the entry it loads`);
  }
  builds.push(result);
}
// The schema (with zod), required by the package's name on a contract's first parse, whichever
// build asks: one file of its own, holding its own copy of the few small modules it imports
// (names, field texts, the semver wrapper), none of which keeps state it shares.
const schema = await build({ ...common, splitting: false, entryPoints: ['dist/contract/schema.js'] });
if (schema.warnings.length > 0) throw new Error('the bundle has warnings (above)');
builds.push(schema);
// A bundled dependency's licence travels with its code: appended to each output holding some of it.
for (const result of builds) {
  for (const [output, { inputs }] of Object.entries(result.metafile.outputs)) {
    const packages = new Set(Object.keys(inputs).map((input) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]).filter((name) => name !== undefined));
    for (const name of [...packages].sort()) {
      const licence = readFileSync(join('node_modules', name, 'LICENSE'), 'utf8').replaceAll('*/', '* /');
      writeFileSync(output, `${readFileSync(output, 'utf8')}\n/*! Bundled from ${name}, under its licence:\n\n${licence}*/\n`);
    }
  }
}
// IMPORTSPY_BUNDLE_META=file: writes esbuild's metafiles (inputs and outputs of every bundle) there.
if (process.env.IMPORTSPY_BUNDLE_META) writeFileSync(process.env.IMPORTSPY_BUNDLE_META, JSON.stringify({ inputs: Object.assign({}, ...builds.map((b) => b.metafile.inputs)), outputs: Object.assign({}, ...builds.map((b) => b.metafile.outputs)) }));
