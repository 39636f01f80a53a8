/**
 * The entry points of module analysis: a file in, a `ModuleModel` out. Static by default (the
 * module's code never runs); `mode: 'runtime'` loads it and describes its live exports.
 */
import path from 'node:path';
import { adoptModel, cachedModel, contentHash, releaseTree, storeModel } from './models.js';
import { preloadParser, type RawFile } from './source.js';
import { cacheKey, diskCacheEnabled, readDiskCache, readGroupedCache, writeDiskCacheLater, writeGroupedCacheLater } from '../util/disk-cache.js';
import { sha1Hex } from '../util/hash.js';
import { buildClassBody, buildFunction, buildPrototypeClass, buildVariable, exportAssignedMembers, inspectRuntime, inspectRuntimeSync, newLinker } from './deferred.js';
import type { Linker, Resolution } from './link.js';
import { mergeDeclarations } from './merge.js';
import type { ClassModel, ModuleModel, VariableModel } from './model.js';
import { declarationsFor, nearestPackage, preloadResolvers } from './resolve.js';
import type { FileSummary } from './bindings.js';
import type { Class } from 'oxc-parser';
import type { ImportsSummary } from './summary.js';
import { evaluate, inferAnnotation } from './values.js';

export { ModuleAnalysisError } from './errors.js';
export { clearAnalysisCache, forgetModule } from './models.js';

/** Options of `inspectModule` and `inspectModuleSync`. */
export interface InspectOptions {
  /** `static` (default): read the source only. `runtime`: load the module and inspect its exports. */
  mode?: 'static' | 'runtime';
  /** Reuse models of unchanged files (default true). */
  cache?: boolean;
}

/** Loads the parser and sets the resolvers up ahead of the first module (a `check` worker). @internal */
export function preloadAnalysis(): void {
  preloadParser();
  preloadResolvers();
}

/** Build the model of a module file. Throws `ModuleAnalysisError` when it cannot be analysed. */
export async function inspectModule(file: string, options: InspectOptions = {}): Promise<ModuleModel> {
  if (options.mode === 'runtime') return inspectRuntime(path.resolve(file), inspectStatic);
  return inspectStatic(path.resolve(file), options.cache ?? true);
}

/**
 * For ImportSpy's own validators, which only read the model: the cached object itself, with no
 * defensive copy (a copy of a full model costs more than validating it).
 * @internal
 */
export function inspectShared(file: string): ModuleModel {
  return inspectStatic(path.resolve(file), true, false);
}

/** The synchronous variant, for callers that cannot wait (the guard, at import time). */
export function inspectModuleSync(file: string, options: InspectOptions = {}): ModuleModel {
  if (options.mode === 'runtime') return inspectRuntimeSync(path.resolve(file), inspectStatic);
  return inspectStatic(path.resolve(file), options.cache ?? true);
}

function inspectStatic(file: string, useCache: boolean, copy = true): ModuleModel {
  const out = (m: ModuleModel): ModuleModel => (copy ? structuredClone(m) : m);
  const cached = useCache ? cachedModel(file) : undefined;
  if (cached !== undefined) return out(cached);
  // A model an earlier process built from the same bytes (and the same files it depends on).
  const key = useCache && diskCacheEnabled() ? diskKey(file) : undefined;
  if (key !== undefined) {
    const stored = readDiskCache<{ model: ModuleModel; dependencies: Array<[string, string]> }>(file, 'model', key);
    if (stored?.model?.file === file && Array.isArray(stored.dependencies) && adoptModel(file, stored.model, stored.dependencies)) {
      return out(stored.model);
    }
  }
  const linker = newLinker(useCache);
  const root = linker.loadRoot(file);
  const model = buildModel(linker, root);
  const declarations = root.parsed.language === 'js' ? declarationsFor(root.parsed.file, linker.record) : undefined;
  if (declarations !== undefined) {
    const summary = linker.load(declarations);
    if (summary !== undefined) mergeDeclarations(model, buildModel(linker, summary));
  }
  model.notes = linker.notes;
  // The model kept (and written to disk) is ImportSpy's own; a caller of inspectModule gets a copy
  // (the model shares the members of base classes with other modules' models).
  if (useCache) {
    storeModel(file, model, linker.dependencies);
    releaseTree(root.parsed.file);
  }
  // Keyed by the bytes analysed (the key looked up was taken from a read just before). What is
  // written is the model as built: the object kept in memory, which ImportSpy only reads
  // (callers of `inspectModule` get copies).
  if (key !== undefined) writeDiskCacheLater(file, 'model', cacheKey('model', file, root.parsed.hash), { model, dependencies: [...linker.dependencies] });
  return out(model);
}

/**
 * The part of a module's model that a contract asking only about imports reads: the module's
 * own import specifiers, its name and format — without following its exports into the files
 * it re-exports from. For ImportSpy's own validators, like `inspectShared`.
 * @internal
 */
export function inspectImports(file: string): ModuleModel {
  const resolved = path.resolve(file);
  const full = cachedModel(resolved);
  if (full !== undefined) return full;
  const key = diskCacheEnabled() ? diskKey(resolved, 'imports') : undefined;
  if (key !== undefined) {
    const stored = readDiskCache<ModuleModel>(resolved, 'imports', key);
    if (stored?.file === resolved && Array.isArray(stored.imports)) return stored;
  }
  const linker = newLinker(true);
  const root = linker.loadRootImports(resolved);
  const model = emptyModel(linker, root, linker.notes);
  if (key !== undefined) writeDiskCacheLater(resolved, 'imports', cacheKey('imports', resolved, root.parsed.hash), structuredClone(model));
  return model;
}

/** The kind of the on-disk entries of `inspectLoadedImports`, one file per folder. */
const IMPORTS_BY_FOLDER = 'imports-by-folder';

/**
 * `inspectImports` for the loader hooks, of a module Node has loaded: `loaded` is the bytes Node
 * loaded when the hooks kept them (loader/hooks/loaded-sources.ts): those bytes, the code Node
 * runs, are what is hashed and, on a miss, parsed — the file is not read again, and a file
 * changed on disk since Node read it changes nothing. Without them the file is read. The on-disk
 * entries are grouped by package (see `groupFolder`): a process starting reads one entry file per
 * package, not one per module.
 * @internal
 */
export function inspectLoadedImports(file: string, loaded: Buffer | undefined): ModuleModel {
  const resolved = path.resolve(file);
  const full = cachedModel(resolved);
  if (full !== undefined) return full;
  const folder = groupFolder(resolved);
  const raw: RawFile | undefined = loaded === undefined ? undefined : { file: resolved, bytes: loaded, hash: sha1Hex(loaded), stamp: '' };
  let hash: string | undefined;
  if (diskCacheEnabled()) {
    try {
      hash = raw !== undefined ? raw.hash : contentHash(resolved);
    } catch {
      hash = undefined;
    }
  }
  if (hash !== undefined) {
    const stored = readGroupedCache<ModuleModel>(IMPORTS_BY_FOLDER, folder, resolved, cacheKey('imports', resolved, hash));
    if (stored?.file === resolved && Array.isArray(stored.imports)) return stored;
  }
  const linker = newLinker(true);
  const root = linker.loadRootImports(resolved, raw);
  const model = emptyModel(linker, root, linker.notes);
  if (hash !== undefined) writeGroupedCacheLater(IMPORTS_BY_FOLDER, folder, resolved, cacheKey('imports', resolved, root.parsed.hash), model);
  return model;
}

/**
 * The folder whose modules share an entry file: an installed package's own folder
 * (`node_modules/name` or `node_modules/@scope/name`, the last one in the path), else the
 * module's folder. A start-up reads one file per package, not one per folder of it.
 */
function groupFolder(file: string): string {
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return path.dirname(file);
  const rest = file.slice(at + marker.length).split(path.sep);
  const name = rest[0]?.startsWith('@') && rest.length > 2 ? `${rest[0]}${path.sep}${rest[1]}` : rest[0];
  return rest.length > 1 && name !== undefined ? file.slice(0, at + marker.length) + name : path.dirname(file);
}

/** The on-disk cache key of a module: its path and the hash of its bytes (undefined if unreadable). */
function diskKey(file: string, kind = 'model'): string | undefined {
  try {
    return cacheKey(kind, file, contentHash(file));
  } catch {
    return undefined;
  }
}

/** A file's model before its exports are classified: identity, format and its own imports. */
function emptyModel(linker: Linker, root: ImportsSummary, notes: ModuleModel['notes']): ModuleModel {
  return {
    file: root.parsed.file,
    filename: path.basename(root.parsed.file),
    format: linker.format(root),
    language: root.parsed.language,
    mode: 'static',
    variables: [],
    functions: [],
    classes: [],
    imports: root.imports,
    exports: [],
    unresolvedExports: [],
    notes,
  };
}

/** The model of one summarised file: every export name classified, following re-exports. */
function buildModel(linker: Linker, root: FileSummary): ModuleModel {
  const file = root.parsed.file;
  const model = emptyModel(linker, root, []);
  const open: string[] = [];
  const opened: string[] = [];
  model.exports = linker.exportNames(root, [], open, opened);
  if (open.length > 0) model.unresolvedReexports = open;
  if (opened.length > 0) model.openExports = opened;
  for (const name of model.exports) {
    addExport(linker, model, name, linker.resolveExport(root, name));
  }
  if (root.parsed.declarationOnly) addAssignedMembers(linker, model, root);
  setVersion(model, file, linker);
  return model;
}

/** A declaration file's `export = x` of a `declare const x: T`: the members of T are its CommonJS names. */
function addAssignedMembers(linker: Linker, model: ModuleModel, root: FileSummary): void {
  const context = linker.context(root);
  const classModel = (name: string, node: Class): ClassModel => ({
    name,
    ...buildClassBody(context, node),
    superclasses: linker.superclasses(root, node),
    location: context.locate(node.start),
  });
  const members = exportAssignedMembers(context, root.parsed.program, classModel);
  if (members === undefined) return;
  const fresh = <T extends { name: string }>(entries: T[]): T[] => entries.filter((entry) => !model.exports.includes(entry.name));
  const functions = fresh(members.functions);
  const classes = fresh(members.classes);
  const variables = fresh(members.variables);
  model.functions.push(...functions);
  model.classes.push(...classes);
  model.variables.push(...variables);
  for (const entry of [...functions, ...classes, ...variables]) model.exports.push(entry.name);
}

function addExport(linker: Linker, model: ModuleModel, name: string, resolution: Resolution | undefined): void {
  if (resolution === undefined || resolution.kind === 'external') {
    model.unresolvedExports.push(name);
    return;
  }
  const context = linker.context(resolution.summary);
  if (resolution.kind === 'namespace') {
    model.variables.push(unknownVariable(name, context.locate(resolution.at)));
    return;
  }
  const binding = resolution.binding;
  switch (binding.kind) {
    case 'function': {
      // A constructor function with prototype methods is a class written in ES5.
      const prototype = resolution.summary.prototypes.get(binding.node);
      if (prototype !== undefined) {
        const es5 = buildPrototypeClass(context, name, binding.node, binding.at, prototype);
        if (prototype.baseNode !== undefined) es5.superclasses = linker.baseChain(resolution.summary, prototype.baseNode, binding.node, name);
        model.classes.push(es5);
        return;
      }
      model.functions.push(buildFunction(context, name, binding.node, binding.at, binding.anchor));
      return;
    }
    case 'class': {
      const body = buildClassBody(context, binding.node);
      const classModel: ClassModel = {
        name,
        ...body,
        superclasses: linker.superclasses(resolution.summary, binding.node),
        location: context.locate(binding.at),
      };
      model.classes.push(classModel);
      return;
    }
    case 'variable': {
      const variable = buildVariable(context, name, binding.declarator, binding.at, binding.anchor, binding.constant === true);
      // Assigned again later: the initializer says nothing of the value the importer sees.
      if (resolution.summary.reassigned.has(binding.name)) {
        variable.value = { known: false };
        if (!variable.annotationDeclared) delete variable.annotation;
      }
      model.variables.push(variable);
      return;
    }
    case 'value': {
      const value = evaluate(binding.expression);
      const variable = unknownVariable(name, context.locate(binding.at));
      variable.value = value;
      // `exports.x = 'a'` is a constant for TypeScript (it gives x the type "a"), as `export default 'a'`
      // is; a property of `module.exports = { x: 'a' }` is widened (string).
      const annotation = value.value === undefined ? undefined : inferAnnotation(value.value, false, binding.widened !== true);
      if (annotation !== undefined) variable.annotation = annotation;
      model.variables.push(variable);
      return;
    }
    case 'opaque':
      if (binding.declared) model.variables.push(unknownVariable(name, context.locate(binding.at)));
      else model.unresolvedExports.push(name);
      return;
  }
}

function unknownVariable(name: string, location: VariableModel['location']): VariableModel {
  return { name, annotationDeclared: false, value: { known: false }, constAssertion: false, location };
}

/** An exported `version`/`VERSION` string, else the nearest package.json `version`. */
function setVersion(model: ModuleModel, file: string, linker: Linker): void {
  const exported = model.variables.find(
    (variable) => (variable.name === 'version' || variable.name === 'VERSION') && typeof variable.value?.value === 'string',
  );
  if (exported !== undefined && typeof exported.value?.value === 'string') {
    model.version = { value: exported.value.value, source: 'export', location: exported.location };
    return;
  }
  const version = nearestPackage(file, linker.record)?.version;
  if (version !== undefined) model.version = { value: version, source: 'package.json' };
}
