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

const result = await build({
  entryPoints: [
    ...['index', 'loader/register', 'loader/hooks/async', 'cli/index', 'cli/worker', 'contract/schema'].map((e) => `dist/${e}.js`),
    // Loaded on first use by a relative require from the chunk that needs them (src/util/own-code.ts).
    { in: 'dist/loader/deferred-code.js', out: 'chunks/deferred-code' },
    { in: 'dist/analysis/builders.js', out: 'chunks/builders' },
    { in: 'dist/contract/yaml.js', out: 'chunks/yaml' },
  ],
  outdir: 'dist',
  outbase: 'dist',
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  chunkNames: 'chunks/[name]-[hash]',
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
});
// A bundled dependency's licence travels with its code: appended to each output holding some of it.
for (const [output, { inputs }] of Object.entries(result.metafile.outputs)) {
  const packages = new Set(Object.keys(inputs).map((input) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]).filter((name) => name !== undefined));
  for (const name of [...packages].sort()) {
    const licence = readFileSync(join('node_modules', name, 'LICENSE'), 'utf8').replaceAll('*/', '* /');
    writeFileSync(output, `${readFileSync(output, 'utf8')}\n/*! Bundled from ${name}, under its licence:\n\n${licence}*/\n`);
  }
}
// IMPORTSPY_BUNDLE_META=file: writes esbuild's metafile (inputs and outputs of every bundle) there.
if (result.warnings.length > 0) throw new Error('the bundle has warnings (above)');
// The deferred loaders require their entry relative to themselves: they must sit in dist/chunks.
for (const loader of ['dist/loader/deferred.js', 'dist/analysis/deferred.js', 'dist/contract/lazy.js']) {
  const outputs = Object.entries(result.metafile.outputs).filter(([, o]) => loader in o.inputs).map(([name]) => name);
  if (outputs.length === 0 || outputs.some((name) => !name.startsWith('dist/chunks/'))) throw new Error(`${loader} was bundled into ${outputs.join(', ') || 'nothing'}, not a chunk beside the entry it loads`);
}
if (process.env.IMPORTSPY_BUNDLE_META) (await import('node:fs')).writeFileSync(process.env.IMPORTSPY_BUNDLE_META, JSON.stringify(result.metafile));
