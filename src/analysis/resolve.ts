/**
 * Finding files the way Node and TypeScript do, through oxc-resolver (the resolver of the oxc
 * toolchain, a native addon shipped as prebuilt optional packages): `exports`/`imports` maps with
 * conditions and subpath patterns, `main` fallbacks, symlinked workspaces (followed to their real
 * path), and for TypeScript sources the nearest tsconfig.json's `paths`, `baseUrl`, `rootDirs` and
 * `extends`. Also the nearest package.json (for the module format and the version) and the
 * declarations a package ships for a JavaScript file.
 *
 * The addon is loaded on first use, never at import time: a guard that finds its model in the
 * cache never pays for it (about 10 ms on Node 20).
 *
 * oxc-resolver does not say which files it looked at, so every lookup also works out, from the
 * same options, the files its answer depends on — the package.json files above the importer and
 * above the file found, the node_modules/<name>/package.json looked through for a bare specifier,
 * the candidates that would win if they appeared, the tsconfig.json in force with its `extends`
 * chain and the candidates its `paths`/`baseUrl` name — and tells a `Recorder` of them: a cached
 * model is reused only while none of them has changed.
 */
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import type { NapiResolveOptions, ResolverFactory } from 'oxc-resolver';
import { DECLARATION_FOR_JAVASCRIPT, DECLARATION_RESOLVE_EXTENSIONS, isTypeScriptExtension, NODE_REQUIRE_EXTENSIONS, TYPESCRIPT_RESOLVE_EXTENSIONS } from '../util/extensions.js';
import { readJsonFile, withoutBom } from '../util/files.js';
import { PackageJsonWalk, type PackageJson } from '../util/package-json.js';

/**
 * Told of every file a lookup consults besides the modules themselves — package.json and
 * tsconfig.json files, and candidate paths that did not exist — with its bytes' hash ('' when
 * absent): the caller records them as dependencies of what it builds, so that a changed `version`,
 * `type`, `main`, `exports` or `paths`, a package.json that appears nearer, or a file that would
 * now be resolved instead, invalidates a cached model.
 */
export type Recorder = (file: string, hash: string) => void;

/** How the importing file reaches the specifier: Node picks `exports` conditions by it. */
export type ImportMode = 'import' | 'require';

/** A TypeScript declaration file (`.d.ts`, `.d.mts`, `.d.cts`). */
export function isDeclarationFile(file: string): boolean {
  const base = path.basename(file);
  return base.endsWith('.d.ts') || base.endsWith('.d.mts') || base.endsWith('.d.cts');
}

/** Sources a compiler or a bundler reads (never Node itself): resolved as TypeScript would. */
const isTsSource = (ext: string): boolean => ext === '.jsx' || isTypeScriptExtension(ext);

/** What TypeScript looks for when a source imports a `.js` path: the source first, then the file. */
const TS_EXTENSION_ALIAS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts', '.js'],
  '.jsx': ['.tsx', '.d.ts', '.jsx'],
  '.mjs': ['.mts', '.d.mts', '.mjs'],
  '.cjs': ['.cts', '.d.cts', '.cjs'],
};

/** One resolver and the options it was built with (the candidates it tries follow from them). */
type View = {
  resolver: ResolverFactory;
  extensions: readonly string[];
  alias: Record<string, string[]> | undefined;
  /** Whether the nearest tsconfig.json (and its `extends`) steers this resolver. */
  tsconfig: boolean;
};

type Resolvers = {
  /** Node's own view, by import mode: CommonJS probes extensions, ESM wants full paths. */
  node: Record<ImportMode, View>;
  /** A TypeScript source, with its tsconfig, by import mode (what the compiled output would do). */
  typescript: Record<ImportMode, View>;
  /** TypeScript's view of declarations: the `types` condition, `types`/`typings`, `.d.ts` first. */
  declarations: View;
};

const NODE_EXTENSIONS = [...NODE_REQUIRE_EXTENSIONS];
const TS_EXTENSIONS = [...TYPESCRIPT_RESOLVE_EXTENSIONS];
// TypeScript's order: a source before its declarations, declarations before JavaScript.
const DECLARATION_EXTENSIONS = [...DECLARATION_RESOLVE_EXTENSIONS];

let resolvers: Resolvers | undefined;

/**
 * Conditions the process was started with (`--conditions=x`, `--conditions x`, `-C x`, also in
 * NODE_OPTIONS): Node honours them for `require` and `import` alike, so the file judged is the
 * file Node loads.
 */
function userConditions(): string[] {
  const args = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(' ').filter((arg) => arg !== '')];
  const found: string[] = [];
  args.forEach((arg, i) => {
    for (const flag of ['--conditions', '-C']) {
      if (arg.startsWith(`${flag}=`)) found.push(arg.slice(flag.length + 1));
      else if (arg === flag && args[i + 1] !== undefined) found.push(args[i + 1] ?? '');
    }
  });
  return found.filter((name) => name !== '');
}

/** Sets the resolvers up now (a `check` worker does, while the contract is still being read). */
export function preloadResolvers(): void {
  load();
}

function load(): Resolvers {
  if (resolvers !== undefined) return resolvers;
  const { ResolverFactory: Factory } = createRequire(import.meta.url)('oxc-resolver') as typeof import('oxc-resolver');
  const common: NapiResolveOptions = { builtinModules: true, symlinks: true };
  const extra = userConditions();
  const nodeRequire = new Factory({
    ...common,
    conditionNames: ['node', 'require', ...extra],
    extensions: NODE_EXTENSIONS,
    mainFields: ['main'],
  });
  const nodeImport = nodeRequire.cloneWithOptions({
    ...common,
    conditionNames: ['node', 'import', ...extra],
    extensions: NODE_EXTENSIONS,
    mainFields: ['main'],
    fullySpecified: true,
  });
  const typescript: NapiResolveOptions = {
    ...common,
    extensions: TS_EXTENSIONS,
    extensionAlias: TS_EXTENSION_ALIAS,
    mainFields: ['main'],
    tsconfig: 'auto',
  };
  const view = (resolver: ResolverFactory, extensions: readonly string[], alias?: Record<string, string[]>): View => ({
    resolver,
    extensions,
    alias,
    tsconfig: alias !== undefined,
  });
  resolvers = {
    node: { require: view(nodeRequire, NODE_EXTENSIONS), import: view(nodeImport, NODE_EXTENSIONS) },
    typescript: {
      require: view(nodeRequire.cloneWithOptions({ ...typescript, conditionNames: ['node', 'require'] }), TS_EXTENSIONS, TS_EXTENSION_ALIAS),
      import: view(nodeRequire.cloneWithOptions({ ...typescript, conditionNames: ['node', 'import'] }), TS_EXTENSIONS, TS_EXTENSION_ALIAS),
    },
    declarations: view(
      nodeRequire.cloneWithOptions({
        ...common,
        conditionNames: ['types', 'node', 'import', 'require'],
        extensions: DECLARATION_EXTENSIONS,
        extensionAlias: TS_EXTENSION_ALIAS,
        mainFields: ['types', 'typings', 'main'],
        tsconfig: 'auto',
      }),
      DECLARATION_EXTENSIONS,
      TS_EXTENSION_ALIAS,
    ),
  };
  return resolvers;
}

/**
 * The file a specifier names, seen from `fromFile`, or undefined for a built-in module or one that
 * cannot be found. `declarations`: resolving inside a declaration file (TypeScript's view, `.d.ts`
 * first). A TypeScript source resolves through its tsconfig as TypeScript does: to the
 * declarations a package ships when it ships them, else to what the compiled code would load, else
 * (a workspace package not built yet) to what TypeScript finds through the `types` condition.
 * `record` is told of every file the answer depends on (see `Recorder`).
 */
export function resolveSpecifier(
  fromFile: string,
  specifier: string,
  declarations = false,
  mode: ImportMode = 'import',
  record?: Recorder,
): string | undefined {
  if (specifier.startsWith('node:') || (isBuiltin(specifier) && !specifier.startsWith('.'))) return undefined;
  // A relative specifier found once is found again from the same folder: the resolvers keep what
  // they saw of the file system until clearPackageCache anyway, so this only skips asking them.
  const relative = specifier.startsWith('./') || specifier.startsWith('../');
  const key = relative ? `${path.dirname(fromFile)}\u0000${specifier}\u0000${declarations ? 'd' : ''}${mode}\u0000${path.extname(fromFile)}` : undefined;
  const known = key === undefined ? undefined : foundRelative.get(key);
  if (known !== undefined) {
    if (record !== undefined) new Lookup(fromFile, specifier, known.lookup).replay(record);
    return known.file;
  }
  const all = load();
  const lookup = new Lookup(fromFile, specifier);
  let resolved: string | undefined;
  if (declarations) resolved = lookup.find(all.declarations);
  else if (isTsSource(path.extname(fromFile))) {
    // A package's declarations are what TypeScript reads for it; elsewhere the two views agree.
    const declared = lookup.find(all.declarations);
    resolved = declared !== undefined && isDeclarationFile(declared) ? declared : (lookup.find(all.typescript[mode]) ?? declared);
  } else resolved = lookup.find(all.node[mode]) ?? loopingLink(fromFile, specifier);
  if (key !== undefined && resolved !== undefined) foundRelative.set(key, { file: resolved, lookup: lookup.asked() });
  if (record !== undefined) lookup.replay(record);
  return resolved;
}

/** Relative specifiers resolved, by importer folder, specifier, view and importer extension. */
const foundRelative = new Map<string, { file: string; lookup: LookupAnswers }>();

/** The views a lookup asked and their answers. */
interface LookupAnswers {
  views: View[];
  answers: Array<{ path: string | undefined; packageJson: string | undefined }>;
}

/** One specifier looked up through one or more views, with what the answers depend on. */
class Lookup {
  private readonly views: View[];
  private readonly answers: Array<{ path: string | undefined; packageJson: string | undefined }>;

  constructor(
    private readonly fromFile: string,
    private readonly specifier: string,
    earlier?: LookupAnswers,
  ) {
    this.views = earlier?.views ?? [];
    this.answers = earlier?.answers ?? [];
  }

  /** What was asked so far, to replay it for another importer in the same folder. */
  asked(): LookupAnswers {
    return { views: this.views, answers: this.answers };
  }

  find(view: View): string | undefined {
    const result = view.resolver.resolveFileSync(this.fromFile, this.specifier);
    const file = result.path !== undefined && path.isAbsolute(result.path) ? result.path : undefined;
    this.views.push(view);
    this.answers.push({ path: file, packageJson: result.packageJsonPath });
    return file;
  }

  /** Tells `record` of the inputs, worked out once per importer directory, specifier and views. */
  replay(record: Recorder): void {
    const key = [path.dirname(this.fromFile), this.specifier, ...this.views.map((view) => viewIds.get(view) ?? viewId(view))].join('\u0000');
    let inputs = lookupInputs.get(key);
    if (inputs === undefined) {
      const list: Array<[string, string]> = [];
      const seen = new Set<string>();
      this.inputs((file, hash) => {
        if (seen.has(file)) return;
        seen.add(file);
        list.push([file, hash]);
      });
      inputs = list;
      lookupInputs.set(key, inputs);
    }
    for (const [file, hash] of inputs) record(file, hash);
  }

  private inputs(record: Recorder): void {
    // The importer's package.json chain: its `imports` map, its name (self-reference), its type.
    nearestPackage(this.fromFile, record);
    for (const answer of this.answers) {
      if (answer.path !== undefined) nearestPackage(answer.path, record);
      if (answer.packageJson !== undefined) readJson(answer.packageJson, record);
    }
    const extensions = [...new Set(this.views.flatMap((view) => view.extensions))];
    const alias = this.views.find((view) => view.alias !== undefined)?.alias;
    const found = this.answers.some((answer) => answer.path !== undefined);
    const candidates = (base: string): void => recordCandidates(base, extensions, alias, found, record);
    const specifier = this.specifier;
    if (this.views.some((view) => view.tsconfig)) {
      const config = tsconfigFor(path.dirname(this.fromFile), record);
      if (config !== undefined && !specifier.startsWith('.') && !path.isAbsolute(specifier)) {
        for (const target of pathTargets(config, specifier)) candidates(target);
        if (config.baseUrl !== undefined) candidates(path.resolve(config.baseUrl, specifier));
      }
    }
    if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
      candidates(path.resolve(path.dirname(this.fromFile), specifier));
      return;
    }
    if (specifier.startsWith('#')) return;
    // Node looks for the package in every node_modules from the importer up: the package.json
    // files looked through (absent ones too: a package installed nearer wins) are inputs.
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    const name = parts.slice(0, nameLength).join('/');
    const subpath = parts.slice(nameLength).join('/');
    for (let directory = path.dirname(this.fromFile); ; directory = path.dirname(directory)) {
      const root = path.join(directory, 'node_modules', name);
      if (readJson(path.join(root, 'package.json'), record) !== undefined || isDirectory(root)) {
        if (subpath !== '') candidates(path.join(root, subpath));
        break;
      }
      if (path.dirname(directory) === directory) break;
    }
  }
}

const viewIds = new Map<View, string>();
function viewId(view: View): string {
  const id = String(viewIds.size);
  viewIds.set(view, id);
  return id;
}

/** The inputs of each lookup, until the caches are cleared (oxc-resolver caches its answers too). */
const lookupInputs = new Map<string, Array<[string, string]>>();

/**
 * The candidates a resolver tries for a path, recorded as absent when they do not exist: one that
 * appears would be found instead (or at all). The file found is a dependency of its own.
 */
function recordCandidates(
  base: string,
  extensions: readonly string[],
  alias: Record<string, string[]> | undefined,
  found: boolean,
  record: Recorder,
  depth = 0,
): void {
  const ext = path.extname(base);
  const files = [base];
  for (const replacement of alias?.[ext] ?? []) files.push(base.slice(0, -ext.length) + replacement);
  for (const extension of extensions) files.push(base + extension);
  for (const file of files) if (!isFile(file)) record(file, '');
  // A directory is tried after the files: through its package.json `main`, then its index.
  const directory = isDirectory(base);
  if (!directory && found) return;
  const manifest = readJson(path.join(base, 'package.json'), record);
  const main = manifest?.['main'];
  if (typeof main === 'string' && depth < 2) recordCandidates(path.resolve(base, main), extensions, alias, found, record, depth + 1);
  for (const extension of extensions) {
    const index = path.join(base, `index${extension}`);
    if (!isFile(index)) record(index, '');
  }
}

interface Tsconfig {
  /** Every `paths` pattern in force, with the directory its targets are relative to. */
  paths: Array<{ pattern: string; targets: string[]; base: string }>;
  baseUrl: string | undefined;
}

/**
 * The tsconfig.json oxc-resolver uses for files in `directory` (the nearest one), its `extends`
 * chain followed: the files looked for on the way are recorded, present or absent.
 */
function tsconfigFor(directory: string, record: Recorder): Tsconfig | undefined {
  for (let current = directory; ; current = path.dirname(current)) {
    const file = path.join(current, 'tsconfig.json');
    const data = readConfig(file, record);
    if (data !== undefined) {
      const chain: Array<{ file: string; data: Record<string, unknown> }> = [];
      followExtends(file, data, record, chain, new Set());
      return effectiveOptions(chain);
    }
    if (path.dirname(current) === current) return undefined;
  }
}

function followExtends(
  file: string,
  data: Record<string, unknown>,
  record: Recorder,
  chain: Array<{ file: string; data: Record<string, unknown> }>,
  visited: Set<string>,
): void {
  if (visited.has(file) || visited.size > 32) return;
  visited.add(file);
  chain.push({ file, data });
  const extended = data['extends'];
  const names = typeof extended === 'string' ? [extended] : Array.isArray(extended) ? extended.filter((item): item is string => typeof item === 'string') : [];
  for (const name of names) {
    const parent = extendedConfig(path.dirname(file), name, record);
    if (parent !== undefined) followExtends(parent.file, parent.data, record, chain, visited);
  }
}

/** The configuration an `extends` entry names: a path (`.json` optional) or a package's file. */
function extendedConfig(directory: string, name: string, record: Recorder): { file: string; data: Record<string, unknown> } | undefined {
  const tryFiles = (files: string[]): { file: string; data: Record<string, unknown> } | undefined => {
    for (const file of files) {
      const data = readConfig(file, record);
      if (data !== undefined) return { file, data };
    }
    return undefined;
  };
  const withJson = (file: string): string[] => (file.endsWith('.json') ? [file] : [file, `${file}.json`]);
  if (name.startsWith('.') || path.isAbsolute(name)) return tryFiles(withJson(path.resolve(directory, name)));
  const parts = name.split('/');
  const nameLength = name.startsWith('@') ? 2 : 1;
  const packageName = parts.slice(0, nameLength).join('/');
  const subpath = parts.slice(nameLength).join('/');
  for (let current = directory; ; current = path.dirname(current)) {
    const root = path.join(current, 'node_modules', packageName);
    const manifest = readJson(path.join(root, 'package.json'), record);
    if (manifest !== undefined || isDirectory(root)) {
      const own = typeof manifest?.['tsconfig'] === 'string' ? [path.resolve(root, manifest['tsconfig'])] : [];
      const files = subpath === '' ? [...own, path.join(root, 'tsconfig.json')] : withJson(path.join(root, subpath));
      const config = tryFiles(files);
      if (config !== undefined) return config;
    }
    if (path.dirname(current) === current) return undefined;
  }
}

/** `paths` and `baseUrl` as TypeScript merges them: the nearest configuration that sets one wins. */
function effectiveOptions(chain: Array<{ file: string; data: Record<string, unknown> }>): Tsconfig {
  const config: Tsconfig = { paths: [], baseUrl: undefined };
  let pathsBase: string | undefined;
  let paths: Record<string, unknown> | undefined;
  for (const { file, data } of chain) {
    const options = data['compilerOptions'];
    if (typeof options !== 'object' || options === null || Array.isArray(options)) continue;
    const compilerOptions = options as Record<string, unknown>;
    if (config.baseUrl === undefined && typeof compilerOptions['baseUrl'] === 'string') {
      config.baseUrl = path.resolve(path.dirname(file), compilerOptions['baseUrl']);
    }
    const own = compilerOptions['paths'];
    if (paths === undefined && typeof own === 'object' && own !== null && !Array.isArray(own)) {
      paths = own as Record<string, unknown>;
      pathsBase = path.dirname(file);
    }
  }
  if (paths !== undefined && pathsBase !== undefined) {
    const base = config.baseUrl ?? pathsBase;
    for (const [pattern, targets] of Object.entries(paths)) {
      if (!Array.isArray(targets)) continue;
      config.paths.push({ pattern, targets: targets.filter((item): item is string => typeof item === 'string'), base });
    }
  }
  return config;
}

/** The paths a specifier maps to through `paths` (every matching pattern: a superset is safe). */
function pathTargets(config: Tsconfig, specifier: string): string[] {
  const out: string[] = [];
  for (const { pattern, targets, base } of config.paths) {
    const star = pattern.indexOf('*');
    let matched: string | undefined;
    if (star < 0) matched = pattern === specifier ? '' : undefined;
    else {
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      const fits = specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix);
      matched = fits ? specifier.slice(prefix.length, specifier.length - suffix.length) : undefined;
    }
    if (matched === undefined) continue;
    for (const target of targets) out.push(path.resolve(base, target.split('*').join(matched)));
  }
  return out;
}

/**
 * A tsconfig.json (JSON with comments and trailing commas, which TypeScript accepts) as an
 * object, recorded with its hash; undefined when absent or not an object.
 */
function readConfig(file: string, record: Recorder): Record<string, unknown> | undefined {
  const json = readJsonFile(file);
  record(file, json.exists ? json.hash : '');
  if (!json.exists) return undefined;
  if (json.data !== null) return json.data;
  let text: string;
  try {
    text = withoutBom(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const { parseSync } = createRequire(import.meta.url)('oxc-parser') as typeof import('oxc-parser');
  const parsed = parseSync(`${file}.js`, `(${text}\n)`, { lang: 'js' });
  const statement = parsed.program.body[0];
  if (parsed.errors.length > 0 || statement?.type !== 'ExpressionStatement') return undefined;
  const value = literal(statement.expression);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A JSON-like literal from the AST of a configuration file; undefined for anything else. */
function literal(node: unknown): unknown {
  const n = node as { type?: string; value?: unknown; expression?: unknown; elements?: unknown[]; properties?: unknown[] };
  switch (n.type) {
    case 'ParenthesizedExpression':
      return literal(n.expression);
    case 'Literal':
      return n.value;
    case 'ArrayExpression':
      return (n.elements ?? []).map((element) => literal(element));
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const property of n.properties ?? []) {
        const p = property as { type?: string; key?: { type?: string; name?: string; value?: unknown }; value?: unknown; computed?: boolean };
        if (p.type !== 'Property' || p.computed === true || p.key === undefined) continue;
        const key = p.key.type === 'Identifier' ? p.key.name : typeof p.key.value === 'string' ? p.key.value : undefined;
        if (key !== undefined) out[key] = literal(p.value);
      }
      return out;
    }
    default:
      return undefined;
  }
}

/**
 * A relative specifier that names a symbolic link in a loop: returned as is, so that the linker
 * notes the loop instead of treating the file as simply absent.
 */
function loopingLink(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const candidate = path.resolve(path.dirname(fromFile), specifier);
  try {
    // Most specifiers that reach here name nothing at all: no error is built for those.
    if (lstatSync(candidate, { throwIfNoEntry: false })?.isSymbolicLink() !== true) return undefined;
    statSync(candidate);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ELOOP' ? candidate : undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** A `.d.ts` beside a JavaScript file (same basename), which supplies its annotations. */
export function companionDeclaration(file: string, record?: Recorder): string | undefined {
  const ext = path.extname(file);
  const declaration = DECLARATION_FOR_JAVASCRIPT[ext] ?? (ext === '.jsx' ? '.d.ts' : undefined);
  if (declaration === undefined) return undefined;
  const candidate = file.slice(0, -ext.length) + declaration;
  if (isFile(candidate)) return candidate;
  record?.(candidate, '');
  return undefined;
}

/**
 * The declarations TypeScript reads for a JavaScript file: a `.d.ts`/`.d.mts`/`.d.cts` beside it,
 * else, when the file is an entry point of its package (its `main`, or the target of an `exports`
 * subpath), what TypeScript resolves the same entry to (`types`/`typings`, the `types` condition),
 * and when the package ships none, the `@types` package TypeScript falls back to
 * (`node_modules/@types/<name>`, `@types/scope__name` for `@scope/name`, found walking up).
 * `record` is told of the package.json files and candidates consulted.
 */
export function declarationsFor(file: string, record?: Recorder): string | undefined {
  const beside = companionDeclaration(file, record);
  if (beside !== undefined) return beside;
  const manifest = nearestPackage(file, record);
  if (manifest === undefined) return undefined;
  const data = readJson(manifest.file);
  const name = typeof data?.['name'] === 'string' ? data['name'] : undefined;
  if (data === undefined || name === undefined) return undefined;
  const root = path.dirname(manifest.file);
  const all = load();
  const untyped: string[] = [];
  for (const subpath of entrySubpaths(data)) {
    const request = subpath === '.' ? name : `${name}/${subpath.slice(2)}`;
    const runtime = [all.node.import, all.node.require].map((view) => {
      const lookup = new Lookup(manifest.file, request);
      const target = lookup.find(view);
      if (record !== undefined) lookup.replay(record);
      return target;
    });
    if (!runtime.some((target) => target !== undefined && samePath(target, file))) continue;
    const lookup = new Lookup(manifest.file, request);
    const declared = lookup.find(all.declarations);
    if (record !== undefined) lookup.replay(record);
    if (declared !== undefined && isDeclarationFile(declared) && declared.startsWith(root + path.sep)) return declared;
    untyped.push(subpath);
  }
  const typesName = `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
  for (const subpath of untyped) {
    const lookup = new Lookup(manifest.file, subpath === '.' ? typesName : `${typesName}/${subpath.slice(2)}`);
    const declared = lookup.find(all.declarations);
    if (record !== undefined) lookup.replay(record);
    const inTypes = declared !== undefined && declared.split(path.sep).join('/').includes(`/node_modules/${typesName}/`);
    if (declared !== undefined && inTypes && isDeclarationFile(declared)) return declared;
  }
  return undefined;
}

/** The entry subpaths a package.json names: `.` and every `exports` key without a pattern. */
function entrySubpaths(data: Record<string, unknown>): string[] {
  const exports = data['exports'];
  if (typeof exports === 'object' && exports !== null && !Array.isArray(exports)) {
    const keys = Object.keys(exports).filter((key) => key.startsWith('.'));
    if (keys.length > 0) return keys.filter((key) => !key.includes('*') && !key.endsWith('/'));
  }
  return ['.'];
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

export interface PackageManifest {
  file: string;
  type?: string;
  version?: string;
}

/** The nearest package.json whose content is a JSON object; a broken one is walked past. */
const packages = new PackageJsonWalk();
const manifests = new WeakMap<PackageJson, PackageManifest>();

/**
 * The nearest package.json above a file (cached per directory until the cache is cleared).
 * `record` is told of every package.json consulted, the absent ones nearer than it included.
 */
export function nearestPackage(file: string, record?: Recorder): PackageManifest | undefined {
  const json = packages.from(path.dirname(file), record);
  if (json === null) return undefined;
  let found = manifests.get(json);
  if (found === undefined) {
    found = { file: json.file };
    if (typeof json.data?.['type'] === 'string') found.type = json.data['type'];
    if (typeof json.data?.['version'] === 'string') found.version = json.data['version'];
    manifests.set(json, found);
  }
  return found;
}

export function clearPackageCache(): void {
  packages.clear();
  lookupInputs.clear();
  foundRelative.clear();
  if (resolvers === undefined) return;
  // The clones share one cache; clearing it once clears every resolver.
  resolvers.node.require.resolver.clearCache();
}

function readJson(file: string, record?: Recorder): Record<string, unknown> | undefined {
  const json = readJsonFile(file);
  record?.(file, json.exists ? json.hash : '');
  return json.exists ? (json.data ?? undefined) : undefined;
}
