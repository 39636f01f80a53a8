// Bundles the runtime entry points over tsc's output, so that a guarded process loads a handful
// of files instead of fifty (module loading is most of ImportSpy's start-up cost). Shared code
// goes to dist/chunks, so every entry sees the same classes (one ContractViolationError).
// Dependencies stay external; tsc's per-file output and .d.ts files stay for types and tools.
import { build } from 'esbuild';

await build({
  entryPoints: ['index', 'loader/register', 'loader/hooks/async', 'cli/index', 'cli/worker', 'contract/schema'].map((e) => `dist/${e}.js`),
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
  logLevel: 'warning',
});
