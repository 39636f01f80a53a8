/**
 * Fixture module + contract pairs and every violation each must produce, in report order. Shared
 * by the API tests and the CLI tests, which must agree to the column.
 */
import type { Seen } from './helpers.js';

type Row = [code: string, path: string, expected: unknown, actual: unknown, at: string | null, contractAt: string | null];

export interface Case {
  name: string;
  module: string;
  contract: string;
  mode?: 'static' | 'runtime';
  violations: Seen[];
}

const rows = (list: Row[]): Seen[] => list.map(([code, path, expected, actual, at, contractAt]) => ({ code, path, expected, actual, at, contractAt }));

export const PASSING: Array<Omit<Case, 'violations'>> = [
  { name: 'the ImportSpy extension example', module: '../modules/extension/extension.ts', contract: 'extension/spymodel.yml' },
  { name: 'TypeScript: every rule', module: 'ts/plugin.ts', contract: 'ts/pass.yml' },
  { name: 'ES module with JSDoc: every rule', module: 'esm/plugin.mjs', contract: 'esm/pass.yml' },
  { name: 'CommonJS: every rule', module: 'cjs/plugin.cjs', contract: 'cjs/pass.yml' },
  { name: 'version from package.json', module: 'version/pkg/index.mjs', contract: 'version/range.yml' },
  { name: 'exported VERSION, exact prerelease', module: 'version/exported.cjs', contract: 'version/exact.yml' },
  { name: 'type-only imports are ignored', module: 'imports/types.ts', contract: 'imports/types.yml' },
  { name: 'imports: plain strings leave type-only imports alone', module: 'imports/kinds.ts', contract: 'imports/kinds-plain.yml' },
  { name: 'runtime: live values decide', module: 'runtime/live.mjs', contract: 'runtime/pass.yml', mode: 'runtime' },
  { name: 'per-runtime modules: the entry for alpha.mjs and the shared one', module: 'per-runtime/alpha.mjs', contract: 'per-runtime/spymodel.yml' },
];

export const FAILING: Case[] = [
  {
    name: 'TypeScript: one broken expectation per rule',
    module: 'ts/plugin.ts',
    contract: 'ts/fail.yml',
    violations: rows([
      ['mismatch.filename', 'filename', 'plugin.js', 'plugin.ts', 'plugin.ts:1:1', '2:11'],
      ['missing.variable', 'variables.MISSING', 'MISSING', null, 'plugin.ts:1:1', '14:5'],
      ['missing.class', 'classes.Missing', 'Missing', null, 'plugin.ts:1:1', '54:5'],
      ['forbidden.import', 'imports.fs', 'not fs', 'fs', 'plugin.ts:3:1', '56:10'],
      ['mismatch.annotation', 'variables.MODE.annotation', 'number', 'string', 'plugin.ts:6:14', '6:17'],
      ['mismatch.value', 'variables.MODE.value', 'development', 'production', 'plugin.ts:6:14', '7:12'],
      ['mismatch.value', 'variables.RETRIES.value', 3, -3, 'plugin.ts:7:14', '9:12'],
      ['mismatch.annotation', 'variables.TAGS.annotation', 'number[]', 'string[]', 'plugin.ts:9:14', '13:17'],
      ['unverifiable.value', 'variables.STARTED.value', 0, null, 'plugin.ts:13:14', '11:12'],
      ['mismatch.version', 'version', '^2', '1.4.0', 'plugin.ts:14:14', '3:10'],
      // describe() is inherited from base.ts: the location is there.
      ['mismatch.optional', 'classes.Plugin.methods.describe.arguments.verbose.optional', false, true, 'base.ts:15:12', '48:48'],
      ['mismatch.async', 'functions.initialize.async', false, true, 'plugin.ts:16:8', '17:12'],
      ['mismatch.return-annotation', 'functions.initialize.return_annotation', 'Promise<string>', 'Promise<void>', 'plugin.ts:16:8', '24:24'],
      ['mismatch.annotation', 'functions.initialize.arguments.config.annotation', 'Map<string, unknown>', 'Record<string, unknown>', 'plugin.ts:16:46', '20:21'],
      // `this: void` is not positional: argument 2 is retries.
      ['mismatch.argument', 'functions.initialize.arguments.extra', 'extra', 'retries', 'plugin.ts:16:79', '21:9'],
      ['mismatch.optional', 'functions.initialize.arguments.{ a, b }.optional', false, true, 'plugin.ts:16:92', '23:19'],
      ['missing.argument', 'functions.stat.arguments.options', 'options', null, 'plugin.ts:20:8', '28:9'],
      ['mismatch.kind', 'functions.Plugin', 'function', 'class', 'plugin.ts:25:8', '29:5'],
      ['missing.attribute', 'classes.Plugin.attributes.missing', 'missing', null, 'plugin.ts:25:8', '37:9'],
      ['missing.method', 'classes.Plugin.methods.stop', 'stop', null, 'plugin.ts:25:8', '46:9'],
      ['missing.superclass', 'classes.Plugin.superclasses.EventEmitter', 'EventEmitter', ['BasePlugin', 'Component'], 'plugin.ts:25:8', '50:9'],
      ['missing.method', 'classes.Plugin.superclasses.Component.methods.mount', 'mount', null, 'plugin.ts:25:8', '52:19'],
      ['missing.implements', 'classes.Plugin.implements.Disposable', 'Disposable', ['PluginApi'], 'plugin.ts:25:8', '53:18'],
      ['mismatch.attribute-type', 'classes.Plugin.attributes.kind.type', 'instance', 'class', 'plugin.ts:26:3', '34:15'],
      ['mismatch.annotation', 'classes.Plugin.attributes.settings.annotation', 'Set<number>', 'Map<string, number>', 'plugin.ts:27:3', '36:21'],
      ['mismatch.static', 'classes.Plugin.methods.create.static', false, true, 'plugin.ts:33:3', '41:17'],
      ['mismatch.annotation', 'classes.Plugin.methods.run.arguments.input.annotation', 'number', 'string', 'plugin.ts:37:13', '45:25'],
    ]),
  },
  {
    name: 'ES module: one broken expectation per rule',
    module: 'esm/plugin.mjs',
    contract: 'esm/fail.yml',
    violations: rows([
      ['mismatch.filename', 'filename', 'plugin.cjs', 'plugin.mjs', 'plugin.mjs:1:1', '2:11'],
      // `export default function main` is exported as `default`, not `main`.
      ['missing.function', 'functions.main', 'main', null, 'plugin.mjs:1:1', '17:5'],
      ['forbidden.import', 'imports.fs', 'not node:fs', 'fs', 'plugin.mjs:2:1', '30:10'],
      ['forbidden.import', 'imports.node:path', ['./*.mjs'], 'node:path', 'plugin.mjs:3:1', '31:10'],
      ['mismatch.annotation', 'variables.MODE.annotation', 'number', 'string', 'plugin.mjs:7:14', '5:17'],
      ['mismatch.value', 'variables.LIMITS.value', { max: 10, min: 1 }, { max: 10, min: -1 }, 'plugin.mjs:9:14', '7:12'],
      ['unverifiable.value', 'variables.STARTED.value', 0, null, 'plugin.mjs:11:14', '9:12'],
      ['mismatch.return-annotation', 'functions.initialize.return_annotation', 'Promise<number>', 'Promise<void>', 'plugin.mjs:18:8', '16:24'],
      ['mismatch.argument', 'functions.initialize.arguments.retries', 'retries', 'config', 'plugin.mjs:18:34', '15:9'],
      ['missing.superclass', 'classes.Plugin.superclasses.Component', 'Component', ['BasePlugin'], 'plugin.mjs:22:8', '28:20'],
      ['mismatch.attribute-type', 'classes.Plugin.attributes.settings.type', 'class', 'instance', 'plugin.mjs:28:5', '22:15'],
      ['mismatch.annotation', 'classes.Plugin.methods.run.arguments.input.annotation', 'number', 'string', 'plugin.mjs:32:13', '25:48'],
      ['mismatch.static', 'classes.Plugin.methods.create.static', false, true, 'plugin.mjs:36:3', '27:17'],
    ]),
  },
  {
    name: 'CommonJS: one broken expectation per rule',
    module: 'cjs/plugin.cjs',
    contract: 'cjs/fail.yml',
    violations: rows([
      ['mismatch.filename', 'filename', 'plugin.mjs', 'plugin.cjs', 'plugin.cjs:1:1', '2:11'],
      ['forbidden.import', 'imports.fs', 'not fs', 'fs', 'plugin.cjs:2:12', '28:10'],
      ['mismatch.static', 'classes.Plugin.methods.describe.static', true, false, 'base.cjs:3:3', '26:17'],
      ['mismatch.attribute-type', 'classes.Plugin.attributes.kind.type', 'instance', 'class', 'plugin.cjs:6:3', '17:15'],
      ['mismatch.annotation', 'classes.Plugin.methods.run.arguments.input.annotation', 'number', 'string', 'plugin.cjs:14:7', '22:25'],
      ['unverifiable.annotation', 'classes.Plugin.methods.run.arguments.options.annotation', 'object', null, 'plugin.cjs:14:14', '24:25'],
      ['mismatch.argument', 'functions.initialize.arguments.retries', 'retries', 'config', 'plugin.cjs:20:21', '11:9'],
      ['mismatch.argument', 'functions.initialize.arguments.config', 'config', 'retries', 'plugin.cjs:20:29', '12:9'],
      ['mismatch.value', 'variables.MODE.value', 'development', 'production', 'plugin.cjs:25:9', '5:12'],
      ['mismatch.value', 'variables.TAGS.value', ['a'], ['a', 'b'], 'plugin.cjs:26:9', '7:12'],
    ]),
  },
  {
    name: 'imports deny: fs ≡ node:fs, child_process ≡ node:child_process, ./lib/deep/** (re-exports count)',
    module: 'imports/imports.mjs',
    contract: 'imports/deny.yml',
    violations: rows([
      ['forbidden.import', 'imports.fs', 'not node:fs', 'fs', 'imports.mjs:3:1', '3:10'],
      ['forbidden.import', 'imports../lib/deep/deep.mjs', 'not ./lib/deep/**', './lib/deep/deep.mjs', 'imports.mjs:7:1', '3:49'],
      ['forbidden.import', 'imports.node:child_process', 'not child_process', 'node:child_process', 'imports.mjs:13:23', '3:21'],
      // Nothing checks a computed specifier later outside the loader hooks: it fails closed.
      ['unverifiable.import', 'imports.<computed dynamic>', null, null, 'imports.mjs:14:26', '3:9'],
      ['unverifiable.import', 'imports.<computed require>', null, null, 'imports.mjs:15:20', '3:9'],
    ]),
  },
  {
    name: 'imports deny limited to kinds: type-only, require() as value, import() as dynamic',
    module: 'imports/kinds.ts',
    contract: 'imports/kinds-deny.yml',
    violations: rows([
      ['forbidden.import', 'imports.zod', 'not zod (type)', 'zod', 'kinds.ts:2:1', '4:7'],
      ['forbidden.import', 'imports.semver', 'not semver (value)', 'semver', 'kinds.ts:9:27', '7:7'],
      ['forbidden.import', 'imports.yaml', 'not yaml (dynamic)', 'yaml', 'kinds.ts:11:32', '6:7'],
    ]),
  },
  {
    name: 'process.getBuiltinModule() and process.binding() are value imports under kinds',
    module: 'imports/builtin-calls.cjs',
    contract: 'imports/builtin-kinds.yml',
    violations: rows([
      ['forbidden.import', 'imports.node:child_process', 'not child_process (value)', 'node:child_process', 'builtin-calls.cjs:2:12', '6:7'],
      ['forbidden.import', 'imports.node:child_process', 'not child_process (value)', 'node:child_process', 'builtin-calls.cjs:3:15', '6:7'],
    ]),
  },
  {
    name: 'imports allow limited to kinds: a value-only entry does not admit import()',
    module: 'imports/kinds.ts',
    contract: 'imports/kinds-allow.yml',
    violations: rows([
      ['forbidden.import', 'imports.typescript', ['yaml', 'node:module', 'semver', 'typescript (value)', 'zod (type)'], 'typescript', 'kinds.ts:10:35', '4:5'],
    ]),
  },
  {
    name: 'imports allow: `*` stops at `/`, computed specifiers are unverifiable',
    module: 'imports/imports.mjs',
    contract: 'imports/allow.yml',
    violations: rows([
      ['forbidden.import', 'imports../lib/helper.mjs', ['node:path', 'module', './*.mjs', 'fs'], './lib/helper.mjs', 'imports.mjs:6:1', '3:10'],
      ['forbidden.import', 'imports../lib/deep/deep.mjs', ['node:path', 'module', './*.mjs', 'fs'], './lib/deep/deep.mjs', 'imports.mjs:7:1', '3:10'],
      ['forbidden.import', 'imports.node:child_process', ['node:path', 'module', './*.mjs', 'fs'], 'node:child_process', 'imports.mjs:13:23', '3:10'],
      ['unverifiable.import', 'imports.<computed dynamic>', null, null, 'imports.mjs:14:26', '3:10'],
      ['unverifiable.import', 'imports.<computed require>', null, null, 'imports.mjs:15:20', '3:10'],
    ]),
  },
  {
    name: 'imports allow `./**`: only the computed specifiers remain',
    module: 'imports/imports.mjs',
    contract: 'imports/allow-all.yml',
    violations: rows([
      ['unverifiable.import', 'imports.<computed dynamic>', null, null, 'imports.mjs:14:26', '3:10'],
      ['unverifiable.import', 'imports.<computed require>', null, null, 'imports.mjs:15:20', '3:10'],
    ]),
  },
  {
    name: 'imports in CommonJS: require() literal and computed',
    module: 'imports/require.cjs',
    contract: 'imports/allow.yml',
    violations: rows([
      ['forbidden.import', 'imports../lib/helper.cjs', ['node:path', 'module', './*.mjs', 'fs'], './lib/helper.cjs', 'require.cjs:3:16', '3:10'],
      ['unverifiable.import', 'imports.<computed require>', null, null, 'require.cjs:5:16', '3:10'],
    ]),
  },
  {
    name: 'a computed require is unverifiable under a deny list too, outside the loader hooks',
    module: 'imports/require.cjs',
    contract: 'imports/deny.yml',
    violations: rows([
      ['forbidden.import', 'imports.fs', 'not node:fs', 'fs', 'require.cjs:2:12', '3:10'],
      ['unverifiable.import', 'imports.<computed require>', null, null, 'require.cjs:5:16', '3:9'],
    ]),
  },
  {
    name: 'what cannot be followed statically is unverifiable, not missing',
    module: 'classes/unresolved.mjs',
    contract: 'classes/unresolved.yml',
    violations: rows([
      ['unverifiable.export', 'classes.shared', 'class', null, 'unresolved.mjs:1:1', '4:5'],
      ['unverifiable.superclass', 'classes.Child.superclasses.Grand', 'Grand', ['Base'], 'unresolved.mjs:5:8', '3:26'],
      ['unverifiable.export', 'functions.alias', 'function', null, 'unresolved.mjs:9:14', '6:5'],
    ]),
  },
  {
    name: 'version: an exported VERSION outside the range',
    module: 'version/exported.cjs',
    contract: 'version/range.yml',
    violations: rows([['mismatch.version', 'version', '>=2 <3', '1.0.0-beta.2', 'exported.cjs:2:19', '1:10']]),
  },
  {
    name: 'static mode: values only the running module knows are unverifiable',
    module: 'runtime/live.mjs',
    contract: 'runtime/pass.yml',
    violations: rows([
      ['unverifiable.value', 'variables.LABEL.value', 'live-value', null, 'live.mjs:2:14', '4:12'],
      ['unverifiable.value', 'variables.LEVELS.value', [2, 4, 6], null, 'live.mjs:3:14', '6:12'],
      // A template string with an expression is not a literal.
      ['unverifiable.value', 'variables.GREETING.value', 'hello fixed', null, 'live.mjs:8:14', '10:12'],
    ]),
  },
  {
    name: 'runtime mode: live values that differ are mismatches',
    module: 'runtime/live.mjs',
    contract: 'runtime/fail.yml',
    mode: 'runtime',
    violations: rows([
      ['mismatch.value', 'variables.LABEL.value', 'dead-value', 'live-value', 'live.mjs:2:14', '4:12'],
      ['mismatch.value', 'variables.LEVELS.value', [1, 2, 3], [2, 4, 6], 'live.mjs:3:14', '6:12'],
    ]),
  },
];
