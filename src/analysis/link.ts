/**
 * Following a module's exports as Node would: through `export *`, `export { a as b } from`,
 * imports re-exported, CommonJS `module.exports`/`exports.x`, and a class's `extends` chain
 * across files and packages. Every walk keeps the path it is on, so a cycle ends with a note.
 */
import path from 'node:path';
import type { Class, Expression } from 'oxc-parser';
import { formatByExtension, isModuleExtension } from '../util/extensions.js';
import { realPathOf } from '../util/files.js';
import { memberName, unwrap } from './ast.js';
import { loadImports, loadSummary } from './cache.js';
import { buildClassBody, FileContext } from './declarations.js';
import { ModuleAnalysisError } from './errors.js';
import type { SuperclassModel } from './model.js';
import { nearestPackage, resolveSpecifier } from './resolve.js';
import type { Binding, ExportTarget, FileSummary, FunctionNodeLike, PrototypeMembers, StarExport } from './bindings.js';
import { buildPrototypeClass } from './prototype.js';
import type { ImportsSummary } from './summary.js';
import type { RawFile } from './source.js';

/** What an export name turned out to be. */
export type Resolution =
  | { kind: 'binding'; summary: FileSummary; binding: Exclude<Binding, { kind: 'import' }> }
  /** A module namespace object or a whole `module.exports` object. */
  | { kind: 'namespace'; summary: FileSummary; at: number }
  /** Declared somewhere ImportSpy does not read (a built-in module, a missing file, JSON, an addon). */
  | { kind: 'external'; specifier: string; imported: string };


/**
 * The members of a base class, by its node: a base shared by many modules (a plugin framework's
 * class) is described once while its file's parse is kept. A node belongs to one parse of one
 * file's bytes, so a changed file has new nodes. The entries are only read (validators, copies).
 */
const baseBodies = new WeakMap<Class, ReturnType<typeof buildClassBody>>();

/** One analysis run: the files it read, the notes it made. */
export class Linker {
  readonly notes: string[] = [];
  /** Every file read, with its content hash ('' when it could not be read), for the model cache. */
  readonly dependencies = new Map<string, string>();
  /** Records a package.json a lookup consulted (its hash, '' when absent) as a dependency. */
  readonly record = (file: string, hash: string): void => {
    if (!this.dependencies.has(file)) this.dependencies.set(file, hash);
  };
  private readonly contexts = new Map<FileSummary, FileContext>();
  /**
   * One summary per real path for the whole run, even without the cache: cycle detection compares
   * summaries, and a file is parsed once per run.
   */
  private readonly loaded = new Map<string, FileSummary>();

  constructor(private readonly useCache: boolean) {}

  note(message: string): void {
    if (!this.notes.includes(message)) this.notes.push(message);
  }

  /** The analysed file itself: any failure is an error, not a note. */
  loadRoot(file: string): FileSummary {
    const real = realRoot(file);
    const summary = loadSummary(real, this.useCache);
    this.dependencies.set(real, summary.parsed.hash);
    this.loaded.set(real, summary);
    return summary;
  }

  /** The analysed file, for a contract about imports alone: its own imports, not its exports. */
  loadRootImports(file: string, loaded?: RawFile): ImportsSummary {
    const real = realRoot(file);
    // The light form's format assumed no CommonJS exports; when assuming them would change it, read them.
    const needsExports = (light: ImportsSummary): boolean => this.format(light) !== this.format({ ...light, usesCommonJsExports: true });
    const summary = loadImports(real, needsExports, loaded === undefined ? undefined : { ...loaded, file: real });
    this.dependencies.set(real, summary.parsed.hash);
    return summary;
  }

  /** A file reached from the analysed one: a failure becomes a note and the names stay unresolved. */
  load(file: string): FileSummary | undefined {
    let real: string;
    try {
      real = realPathOf(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.note(code === 'ELOOP' ? `symbolic link loop at ${file}` : `cannot read ${file}`);
      this.dependencies.set(file, '');
      return undefined;
    }
    const known = this.loaded.get(real);
    if (known !== undefined) return known;
    try {
      const summary = loadSummary(real, this.useCache);
      this.dependencies.set(real, summary.parsed.hash);
      this.loaded.set(real, summary);
      return summary;
    } catch (error) {
      this.dependencies.set(real, '');
      this.note(error instanceof ModuleAnalysisError ? error.message : `cannot analyse ${real}`);
      return undefined;
    }
  }

  context(summary: FileSummary): FileContext {
    let context = this.contexts.get(summary);
    if (context === undefined) {
      context = new FileContext(summary.parsed);
      this.contexts.set(summary, context);
    }
    return context;
  }

  /** `.mjs`/`.mts` ESM, `.cjs`/`.cts` CJS, else the nearest package.json `type`, as Node decides. */
  format(summary: Pick<ImportsSummary, 'parsed' | 'usesCommonJsExports'>): 'esm' | 'cjs' {
    const { file, hasModuleSyntax, declarationOnly } = summary.parsed;
    const byName = formatByExtension(file);
    if (byName === 'esm' || declarationOnly) return 'esm';
    if (byName === 'cjs') return 'cjs';
    if (summary.usesCommonJsExports && !hasModuleSyntax) return 'cjs';
    const type = nearestPackage(file, this.record)?.type;
    if (type === 'module') return 'esm';
    if (type === 'commonjs') return 'cjs';
    // No "type": Node runs a file with module syntax as ESM (syntax detection).
    return hasModuleSyntax ? 'esm' : 'cjs';
  }

  private table(summary: FileSummary): { exports: Map<string, ExportTarget>; stars: StarExport[] } {
    if (this.format(summary) === 'esm') return { exports: summary.esmExports, stars: summary.esmStars };
    // TypeScript compiled to CommonJS keeps its `export` declarations as `exports.x`.
    return {
      exports: new Map([...summary.esmExports, ...summary.cjsExports]),
      stars: [...summary.esmStars, ...summary.cjsStars],
    };
  }

  private target(from: FileSummary, specifier: string): FileSummary | undefined {
    const mode = this.format(from) === 'esm' ? 'import' : 'require';
    const file = resolveSpecifier(from.parsed.file, specifier, from.parsed.declarationOnly, mode, this.record);
    if (file === undefined || !isModuleExtension(path.extname(file))) return undefined;
    return this.load(file);
  }

  /**
   * Every name a module exports, in declaration order, `export *` names after its own. `open`
   * collects the `export *` specifiers that could not be followed (a tsconfig alias that does not
   * resolve, a package that is not installed): past them, any name may be exported. `opened`
   * collects why a CommonJS exports object on the way may have members beyond the names listed.
   */
  exportNames(summary: FileSummary, path: FileSummary[] = [], open?: string[], opened?: string[]): string[] {
    if (path.includes(summary)) {
      this.note(`circular re-export: ${[...path, summary].map((s) => s.parsed.file).join(' -> ')}`);
      return [];
    }
    const { exports, stars } = this.table(summary);
    const names = [...exports.keys()];
    if (opened !== undefined) for (const how of summary.openExports) if (!opened.includes(how)) opened.push(how);
    for (const star of stars) {
      const target = this.target(summary, star.specifier);
      if (target === undefined) {
        this.note(`cannot follow export * from '${star.specifier}' in ${summary.parsed.file}`);
        if (open !== undefined && !open.includes(star.specifier)) open.push(star.specifier);
        continue;
      }
      for (const name of this.exportNames(target, [...path, summary], open, opened)) {
        if (name === 'default' && !star.includeDefault) continue;
        if (!names.includes(name)) names.push(name);
      }
    }
    // Node gives every CommonJS module a default export: `module.exports` itself.
    if (this.format(summary) === 'cjs' && !summary.parsed.declarationOnly && !names.includes('default')) names.push('default');
    return names;
  }

  /** What `name`, exported by `summary`, is. `trail` holds the exports being resolved (cycles). */
  resolveExport(summary: FileSummary, name: string, trail: string[] = []): Resolution | undefined {
    const key = `${summary.parsed.file}#${name}`;
    if (trail.includes(key)) {
      this.note(`circular re-export of '${name}': ${[...trail, key].join(' -> ')}`);
      return undefined;
    }
    const next = [...trail, key];
    const { exports, stars } = this.table(summary);
    const target = exports.get(name);
    if (target !== undefined) return this.resolveTarget(summary, target, next);
    for (const star of stars) {
      if (name === 'default' && !star.includeDefault) continue;
      const module = this.target(summary, star.specifier);
      if (module === undefined) continue;
      if (!this.exportNames(module).includes(name)) continue;
      return this.resolveExport(module, name, next);
    }
    // `import x from './file.cjs'`: a CommonJS module's default export is `module.exports` itself.
    if (name === 'default' && this.format(summary) === 'cjs') return { kind: 'namespace', summary, at: 0 };
    return undefined;
  }

  private resolveTarget(summary: FileSummary, target: ExportTarget, trail: string[]): Resolution | undefined {
    switch (target.kind) {
      case 'local':
        return this.resolveLocal(summary, target.local, trail);
      case 'binding':
        return this.resolveBinding(summary, target.binding, trail);
      case 'reexport':
        return this.resolveImport(summary, target.specifier, target.imported, target.at, trail);
    }
  }

  resolveLocal(summary: FileSummary, name: string, trail: string[] = []): Resolution | undefined {
    const binding = summary.locals.get(name);
    return binding === undefined ? undefined : this.resolveBinding(summary, binding, trail);
  }

  private resolveBinding(summary: FileSummary, binding: Binding, trail: string[]): Resolution | undefined {
    if (binding.kind !== 'import') return { kind: 'binding', summary, binding };
    return this.resolveImport(summary, binding.specifier, binding.imported, binding.at, trail);
  }

  /** `imported` is an export name, `*` for the namespace, `=` for `require()`'s whole value. */
  resolveImport(
    summary: FileSummary,
    specifier: string,
    imported: string,
    at: number,
    trail: string[] = [],
  ): Resolution | undefined {
    const module = this.target(summary, specifier);
    if (module === undefined) return { kind: 'external', specifier, imported };
    if (imported === '*') return { kind: 'namespace', summary: module, at };
    if (imported === '=') {
      const whole = this.format(module) === 'cjs' && module.cjsExports.has('default') && module.cjsStars.length === 0;
      return whole ? this.resolveExport(module, 'default', trail) : { kind: 'namespace', summary: module, at };
    }
    return this.resolveExport(module, imported, trail);
  }

  /**
   * The `extends` chain of a class, nearest base first, each with its own members. Stops with a
   * `resolved: false` entry at a base it cannot find, and with a note at a cycle.
   */
  superclasses(summary: FileSummary, node: Class): SuperclassModel[] {
    return this.baseChain(summary, node.superClass, node, className(node, 'a class'));
  }

  /**
   * The chain of bases from `reference` (a class's `extends`, or the base an ES5 constructor's
   * prototype is set to), nearest first: `class` declarations and constructor functions with
   * prototype members alike. It ends at the first base that cannot be resolved (then unresolved).
   */
  baseChain(summary: FileSummary, reference: Expression | null | undefined, from: object, owner: string): SuperclassModel[] {
    const chain: SuperclassModel[] = [];
    const seen = new Set<object>([from]);
    let current: { summary: FileSummary; reference: Expression | null | undefined; owner: string } = { summary, reference, owner };
    for (;;) {
      const written = unwrap(current.reference);
      if (written === null || written === undefined) return chain;
      const text = this.context(current.summary).slice(written.start, written.end);
      const base = this.resolveClassReference(current.summary, written);
      if (base === undefined) {
        chain.push({ name: text, resolved: false, attributes: [], methods: [], implements: [] });
        this.note(`base class ${text} of ${current.owner} could not be resolved`);
        return chain;
      }
      if (seen.has(base.node)) {
        this.note(`cycle in the extends chain of ${owner} at ${text}`);
        return chain;
      }
      seen.add(base.node);
      const context = this.context(base.summary);
      if ('members' in base) {
        const model = buildPrototypeClass(context, base.name, base.node, base.node.start, base.members);
        chain.push({ name: base.name, file: base.summary.parsed.file, resolved: true, attributes: model.attributes, methods: model.methods, implements: [] });
        current = { summary: base.summary, reference: base.members.baseNode, owner: base.name };
        continue;
      }
      let body = baseBodies.get(base.node);
      if (body === undefined) {
        body = buildClassBody(context, base.node);
        baseBodies.set(base.node, body);
      }
      const name = className(base.node, text);
      chain.push({ name, file: base.summary.parsed.file, resolved: true, ...body });
      current = { summary: base.summary, reference: base.node.superClass, owner: name };
    }
  }

  private resolveClassReference(
    summary: FileSummary,
    reference: Expression,
  ): { summary: FileSummary; node: Class } | { summary: FileSummary; node: FunctionNodeLike; members: PrototypeMembers; name: string } | undefined {
    let resolution: Resolution | undefined;
    if (reference.type === 'Identifier') {
      resolution = this.resolveLocal(summary, reference.name);
    } else if (reference.type === 'MemberExpression' && reference.object.type === 'Identifier') {
      // `ns.Base` where `ns` is a namespace import or a required module.
      const namespace = this.resolveLocal(summary, reference.object.name);
      const property = memberName(reference);
      if (namespace?.kind === 'namespace' && property !== undefined) {
        resolution = this.resolveExport(namespace.summary, property);
      }
    } else if (reference.type === 'ClassExpression') {
      return { summary, node: reference };
    }
    if (resolution?.kind !== 'binding') return undefined;
    if (resolution.binding.kind === 'function') {
      // A constructor function with prototype members: a class written in ES5.
      const members = resolution.summary.prototypes.get(resolution.binding.node);
      const name = resolution.binding.node.type === 'ArrowFunctionExpression' ? undefined : resolution.binding.node.id?.name;
      if (members === undefined) return undefined;
      return { summary: resolution.summary, node: resolution.binding.node, members, name: name ?? this.context(summary).slice(reference.start, reference.end) };
    }
    if (resolution.binding.kind !== 'class') return undefined;
    return { summary: resolution.summary, node: resolution.binding.node };
  }
}

function className(node: Class, fallback: string): string {
  return node.id?.name ?? fallback;
}

/** The analysed file's real path; a missing file or a symlink loop throws its own error code (readRawFile's). */
function realRoot(file: string): string {
  try {
    return realPathOf(file);
  } catch (error) {
    loadSummary(file, false);
    throw error;
  }
}
