// Bundles the runtime entry points over tsc's output, so that a guarded process loads a handful
// of files instead of fifty (module loading is most of ImportSpy's start-up cost). Shared code
// goes to dist/chunks, so every entry sees the same classes (one ContractViolationError).
// Dependencies stay external; tsc's per-file output and .d.ts files stay for types and tools.
import { build } from 'esbuild';

// Node's builtins are taken with process.getBuiltinModule (Node 20.16+), not imported: an ES
// module import of a builtin builds its ES module facade, which reads every export — node:fs's
// `promises` and `ReadStream` load fs/promises, readline and the streams, node:crypto's
// `webcrypto` loads Web Crypto — about 3–5 ms of a start-up in which ImportSpy uses none of them.
// esbuild turns the named imports into property reads at the point of use.
const builtinsByGetter = {
  name: 'builtins-by-getter',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({ contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

const result = await build({
  entryPoints: ['index', 'loader/register', 'loader/hooks/async', 'loader/deferred-code', 'cli/index', 'cli/worker', 'contract/schema'].map((e) => `dist/${e}.js`),
  outdir: 'dist',
  outbase: 'dist',
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['yaml', 'zod', 'semver', 'semver/*', 'oxc-parser', 'oxc-resolver', 'cjs-module-lexer', 'tinyglobby', 'importspy', 'importspy/*'],
  plugins: [builtinsByGetter],
  logLevel: 'warning',
  metafile: process.env.IMPORTSPY_BUNDLE_META !== undefined,
});
// IMPORTSPY_BUNDLE_META=file: writes esbuild's metafile (inputs and outputs of every bundle) there.
if (result.metafile) (await import('node:fs')).writeFileSync(process.env.IMPORTSPY_BUNDLE_META, JSON.stringify(result.metafile));
