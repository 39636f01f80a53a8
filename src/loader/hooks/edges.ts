/**
 * The decision the loader hooks make on every import edge (importer → resolved module):
 *
 * 1. before resolution, the importer's own `imports.deny`/`allow` rules are applied to the
 *    specifier, computed ones included. An importer is bound to those rules from its first edge:
 *    on that edge its literal imports are resolved, and every contract protecting one of their
 *    targets binds it — so the order in which it imports things does not matter;
 * 2. after resolution, when the target is protected, the importer is validated against each
 *    contract protecting it, and the verdict is enforced (throw) or reported (warn). An edge with
 *    no identifiable importer (no parent that is a module file) is refused, except the process's
 *    entry point and the `--import` preloads, which are checked for the environment only.
 *
 * The same enforcer runs in-thread (`module.registerHooks`, the CommonJS patch) and in the
 * off-thread hooks of `module.register`; everything it needs arrives as plain `HookSettings`.
 */
import { existsSync, realpathSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProjectConfig } from '../../contract/project-config.js';
import type { Contract } from '../../contract/load.js';
import { locate } from '../../contract/positions.js';
import type { Context } from '../../context/capture.js';
import { inspectLoadedImports, inspectShared } from '../../analysis/inspect.js';
import type { ImportKind } from '../../contract/types.generated.js';
import { isUrlModule, unknownBindingAtRunTime } from '../../validate/imports.js';
import { buildReport, isBlocking, type ModuleReport, type Report } from '../../violations/report.js';
import { finding, located, type Violation } from '../../violations/violation.js';
import { locateFindings } from '../../violations/locate.js';
import { checkCached, contractFor, decide, importerReport, processLogger, unreadableContractReport } from '../enforce.js';
import { processContext } from '../../context/capture.js';
import type { Mode } from '../../mode.js';
import type { Logger } from '../log.js';
import { edgeKinds, forbidden, hasRules, importKindsBySpecifier, type EdgeVia } from './edge-rules.js';
import { takeLoadedSource } from './loaded-sources.js';
import { resolveAsNodeImports, resolveAsNodeRequires } from './node-resolution.js';
import { insideScope, ProtectionIndex, type Protection } from './protection.js';

/** What the hooks are configured with; structured-cloneable, so it can cross to the hooks thread. */
export interface HookSettings {
  mode: Mode;
  /** The project configuration, already read and validated, or null. */
  config: ProjectConfig | null;
  /**
   * The process's entry point (`process.argv[1]` as given), whose own resolution has no
   * importer; null when there is none (`node -e`, a worker: then the first edge without an
   * importer is taken as the entry point).
   */
  entry?: string | null;
  /** The working directory, whose URL is the parent Node gives `--import` preloads. */
  cwd?: string;
}

/**
 * Resolves another specifier of the importer whose edge is being decided, as Node does in that
 * very edge — the synchronous hooks hand their `nextResolve` with the edge's own context, so the
 * hooks registered before ImportSpy take part — for imports of the same kind as the edge
 * (`require` for a `require()` edge, `import` for an ES one): the file, or null when it leads to
 * no file (a builtin, nothing).
 */
export interface ImportResolver {
  kind: 'require' | 'import';
  resolve: (specifier: string) => string | null;
}

/** One import edge. */
export interface Edge {
  /** The importing module's URL; undefined for the entry point. */
  parentURL: string | undefined;
  /** The specifier as written (or computed) by the importer. */
  specifier: string;
  /** The resolved URL (`file:`, `node:`, `data:`...). */
  url: string;
}

export interface EnforcerOptions {
  logger?: Logger;
  context?: Context;
  /** Called when an importer has been validated against a contract that has `imports` rules. */
  onRules?: (importerFile: string, contractFile: string) => void;
  /** Called for each edge an importer makes (Node 20: the other thread's loader records it too). */
  onEdge?: (importerFile: string, specifier: string, via: EdgeVia) => void;
}

interface Rules {
  contract: Contract;
  /** How the importer's source imports each literal specifier; undefined when it could not be read. */
  staticKinds: ReadonlyMap<string, ReadonlySet<ImportKind>> | undefined;
  /** Violation paths the static check already reported, not to be reported twice in warn mode. */
  reported: ReadonlySet<string>;
}

/** The real path of a file, or the path itself when it cannot be resolved. */
function real(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}

const NONE: readonly Protection[] = [];

/** The importer's own imports, from the model its check just built (cached); undefined if unreadable. */
function staticKindsOf(importer: string): Map<string, Set<ImportKind>> | undefined {
  try {
    return importKindsBySpecifier(inspectShared(importer).imports);
  } catch {
    return undefined;
  }
}

/** `file:` URL → its path; every edge names its importer's URL, so each is converted once. */
const paths = new Map<string, string | null>();

/** Path of a `file:` URL without its query or fragment; null for any other scheme. */
export function fileOf(url: string | undefined): string | null {
  if (url === undefined || !url.startsWith('file:')) return null;
  let file = paths.get(url);
  if (file === undefined) {
    try {
      file = fileURLToPath(url.replace(/[?#].*$/s, ''));
    } catch {
      file = null;
    }
    paths.set(url, file);
  }
  return file;
}

export class EdgeEnforcer {
  readonly mode: Mode;
  readonly #logger: Logger;
  readonly #context: Context | undefined;
  readonly #protections: ProtectionIndex;
  readonly #byUrl = new Map<string, readonly Protection[]>();
  readonly #rules = new Map<string, Rules[]>();
  readonly #onRules: ((importerFile: string, contractFile: string) => void) | undefined;
  readonly #onEdge: ((importerFile: string, specifier: string, via: EdgeVia) => void) | undefined;
  /** Importers whose literal imports have been followed (on their first edge). */
  readonly #examined = new Set<string>();
  /** The contracts each importer was bound to before its first edge. */
  readonly #boundAhead = new Map<string, Set<Contract>>();
  /**
   * Every edge each importer made (specifier → how), and the unknown bindings it asked for: an
   * importer bound late, at its edge into a protected module, answers for the edges it made
   * before, which static analysis may not see (a direct `eval`, an alias of `require`).
   */
  readonly #made = new Map<string, Map<string, Set<EdgeVia>>>();
  readonly #unknownBindings = new Map<string, Set<string>>();
  /** Above 0 while ImportSpy itself resolves or analyses: its own lookups are not edges. */
  #busy = 0;
  readonly #entry: string | null;
  #entrySeen = false;
  readonly #preloadParent: string | null;

  constructor(settings: HookSettings, options: EnforcerOptions = {}) {
    this.mode = settings.mode;
    this.#logger = options.logger ?? processLogger();
    this.#context = options.context;
    this.#protections = new ProtectionIndex(settings.config);
    this.#onRules = options.onRules;
    this.#onEdge = options.onEdge;
    this.#entry = settings.entry ? real(settings.entry) : null;
    // Node gives `--import` preloads the working directory's URL, with a trailing slash, as parent.
    this.#preloadParent = settings.cwd ? pathToFileURL(`${settings.cwd}/`).href : null;
  }

  /**
   * Applies the importer's `imports` rules to a specifier, before it is resolved. `via`: whether
   * the edge is a `require()`, a `process.getBuiltinModule()`/`process.binding()` call (both
   * `value` imports) or an ESM import (static or `import()`, told apart by `edgeKinds`).
   */
  beforeResolve(parentURL: string | undefined, specifier: string, via: EdgeVia = 'import', resolveImport?: ImportResolver): void {
    if (this.#busy > 0) return;
    const importer = fileOf(parentURL);
    if (importer === null) return;
    this.#examine(importer, parentURL, resolveImport);
    this.#remember(importer, specifier, via);
    this.#onEdge?.(importer, specifier, via);
    const rules = this.#rules.get(importer);
    if (!rules) return;
    for (const r of rules) {
      const found = forbidden(r.contract, specifier, edgeKinds(r.staticKinds, specifier, via));
      // In enforce mode every edge is refused, even one the static check already reported (a
      // requirer may catch the first refusal and try again); warn mode says it once.
      if (!found || (this.mode === 'warn' && r.reported.has(found.path))) continue;
      // The whole verdict, not this edge alone, when the importer has not had it yet: bound ahead
      // of its edge to the protected module, it has not been validated against the contract.
      const file = r.contract.source.file;
      let result: ModuleReport = { module: importer, ok: !isBlocking(found), importer: { file: importer, via: 'hooks' }, violations: [found] };
      if (this.boundAhead(importer, r.contract)) {
        const full = this.internally(() => checkCached(r.contract, importer, this.#context ?? processContext(), true));
        const violations = full.violations.some((v) => v.path === found.path) ? full.violations : [...full.violations, found];
        result = { ...full, ok: full.ok && !isBlocking(found), importer: { file: importer, via: 'hooks' }, violations };
      }
      this.#logger.info(`${importer} imports ${specifier}: ${found.code} by ${file ?? 'the contract'} → ${this.#verdict(result.ok)}`);
      decide(buildReport(file, [result]), this.mode, this.#logger);
    }
  }

  /**
   * Validates the importer when the resolved module is protected. `main`: the edge is the
   * CommonJS entry point (Node says so where it loads it); `unidentified`: the caller knows the
   * edge has no importer (an ES module evaluated in a worker).
   */
  afterResolve(edge: Edge, main = false, unidentified = false): void {
    if (this.#busy > 0) return;
    const parentless = edge.parentURL === undefined || (edge.parentURL === this.#preloadParent && !this.#entrySeen);
    const entry = parentless && !unidentified && this.#isEntry(edge, main);
    const protections = this.#protectionsOf(edge.url);
    if (protections.length === 0) return;
    const target = fileOf(edge.url) ?? edge.url;
    if (parentless) {
      for (const p of protections) this.internally(() => this.#checkWithoutImporter(edge, target, p, !unidentified && (entry || edge.parentURL !== undefined)));
      return;
    }
    const importer = fileOf(edge.parentURL);
    for (const p of protections) {
      if (importer !== null && (importer === target || (p.scope !== null && insideScope(importer, p.scope)))) {
        if (this.#logger.level === 'debug') this.#logger.debug(`${importer} imports ${edge.specifier}: same package as ${p.contract} protects, not checked`);
        continue;
      }
      this.internally(() => this.#checkImporter(edge, importer, target, p));
    }
  }

  /** Runs ImportSpy's own work (analysis, resolution): the edges it resolves are not the program's. */
  internally<T>(work: () => T): T {
    this.#busy++;
    try {
      return work();
    } finally {
      this.#busy--;
    }
  }

  /** The contracts protecting a resolved URL. The hot path: one map read once the URL has been seen. */
  #protectionsOf(url: string): readonly Protection[] {
    let protections = this.#byUrl.get(url);
    if (protections === undefined) {
      const file = fileOf(url);
      protections = file === null ? NONE : this.#protections.of(file);
      this.#byUrl.set(url, protections);
    }
    return protections;
  }

  /** Whether a parentless edge is the process's entry point (taken once). */
  #isEntry(edge: Edge, main: boolean): boolean {
    if (this.#entrySeen || edge.parentURL !== undefined) return false;
    const file = fileOf(edge.url);
    if (file === null) return false;
    let isEntry = main;
    if (!isEntry && this.#entry === null) isEntry = true;
    if (!isEntry && this.#entry !== null) {
      const found = real(file);
      // `node app` runs app.js: the entry may be named without its extension.
      isEntry = found === this.#entry || (extname(this.#entry) === '' && found.slice(0, found.length - extname(found).length) === this.#entry);
    }
    if (isEntry) this.#entrySeen = true;
    return isEntry;
  }

  /**
   * Binds an importer, on its first edge, to the `imports` rules of every contract protecting a
   * module its literal imports reach. A file that cannot be read or parsed binds nothing here:
   * its edge to the protected module fails closed when it is checked.
   */
  #bindAhead(importer: string, url: string | undefined, resolveImport: ImportResolver | undefined): void {
    let imports;
    try {
      // Its own import specifiers only, from the authenticated on-disk cache when these bytes
      // were analysed before: a process started again parses nothing here. The bytes are those
      // Node loaded, when the load hook kept them: the file is not read a second time.
      imports = inspectLoadedImports(importer, takeLoadedSource(url)).imports;
    } catch {
      return;
    }
    for (const imp of imports) {
      if (imp.typeOnly || imp.specifier === null || imp.kind === 'binding' || imp.kind === 'builtin') continue;
      if (imp.specifier.startsWith('node:') || isUrlModule(imp.specifier)) continue;
      let target: string | undefined;
      try {
        // As Node will resolve it (a require() finds a file without its extension, or a folder),
        // with the hook chain of this very edge where it is of the same kind.
        const chain = resolveImport?.kind === (imp.kind === 'require' ? 'require' : 'import') ? resolveImport.resolve : undefined;
        target = imp.kind === 'require' ? resolveAsNodeRequires(importer, imp.specifier, chain) : resolveAsNodeImports(importer, imp.specifier, chain);
      } catch {
        target = undefined;
      }
      if (target === undefined) continue;
      for (const p of this.#protections.of(target)) {
        if (p.problem !== undefined || importer === target || (p.scope !== null && insideScope(importer, p.scope))) continue;
        const loaded = contractFor(p.contract, undefined);
        if (!('contract' in loaded) || !hasRules(loaded.contract)) continue;
        const bound = this.#boundAhead.get(importer) ?? new Set<Contract>();
        bound.add(loaded.contract);
        this.#boundAhead.set(importer, bound);
        if (this.#addRules(importer, loaded.contract, new Set())) {
          this.#onRules?.(importer, p.contract);
          if (this.#logger.level === 'debug') this.#logger.debug(`${importer} imports ${imp.specifier}, protected by ${p.contract}: its imports rules apply from its first import`);
        }
      }
    }
  }

  /** An edge into a protected module with no importer to validate: the entry point, a preload, or refused. */
  #checkWithoutImporter(edge: Edge, target: string, p: Protection, environmentOnly: boolean): void {
    let report: Report;
    let cause: unknown;
    const loaded = p.problem === undefined ? contractFor(p.contract, undefined) : undefined;
    if (loaded === undefined || 'error' in loaded) {
      if (loaded !== undefined && 'error' in loaded) {
        report = unreadableContractReport(loaded.error, null, null);
        cause = loaded.error;
      } else {
        report = buildReport(null, [{ module: null, ok: false, importer: null, violations: [], error: { code: 'contract.invalid', message: p.problem ?? '', location: null } }]);
      }
    } else if (environmentOnly) {
      const how = edge.parentURL === undefined ? 'runs as the entry point' : 'is preloaded with --import';
      report = importerReport(loaded.contract, checkCached(loaded.contract, null, this.#context ?? processContext()), null, `${target} ${how}: only the environment was checked`);
    } else {
      const found = located(finding({ code: 'unverifiable.importer', data: { target, parent: edge.parentURL, seen: 'edge' }, path: 'importer' }), null);
      report = buildReport(loaded.contract.source.file, [{ module: null, ok: false, importer: null, violations: [found] }]);
    }
    this.#logger.info(`${edge.specifier} (${target}), protected by ${p.contract}, ${environmentOnly ? 'loaded without an importer: environment checked' : 'imported by no identifiable module'} → ${this.#verdict(report.ok)}`);
    decide(report, this.mode, this.#logger, cause);
  }

  /** Records an edge another thread saw an importer make (see `#made`). */
  adoptEdge(importerFile: string, specifier: string, via: EdgeVia): void {
    this.#remember(importerFile, specifier, via);
  }

  /** Adopts rules learnt by another thread (the hooks thread tells the main thread). */
  adoptRules(importerFile: string, contractFile: string): void {
    const loaded = contractFor(contractFile, undefined);
    if ('contract' in loaded) this.#addRules(importerFile, loaded.contract, new Set());
  }

  /** Binds an importer to its `imports` rules ahead of its edges, once, on its first edge. */
  #examine(importer: string, url: string | undefined, resolveImport?: ImportResolver): void {
    if (this.#examined.has(importer)) return;
    this.#examined.add(importer);
    this.internally(() => this.#bindAhead(importer, url, resolveImport));
  }

  /** `process.binding(name)` of no known builtin: refused to a module held to `imports` rules. */
  refuseUnknownBinding(parentURL: string, name: string): void {
    if (this.#busy > 0) return;
    const importer = fileOf(parentURL);
    if (importer === null) return;
    this.#examine(importer, parentURL);
    const asked = this.#unknownBindings.get(importer) ?? new Set<string>();
    asked.add(name);
    this.#unknownBindings.set(importer, asked);
    for (const r of this.#rules.get(importer) ?? []) {
      const found = locateFindings([unknownBindingAtRunTime(name)], r.contract);
      const result: ModuleReport = { module: importer, ok: false, importer: { file: importer, via: 'hooks' }, violations: found };
      this.#logger.info(`${importer} calls process.binding('${name}'): unverifiable.import by ${r.contract.source.file ?? 'the contract'} → ${this.#verdict(false)}`);
      decide(buildReport(r.contract.source.file, [result]), this.mode, this.#logger);
    }
  }

  /** Refuses (enforce) or reports (warn) an edge ImportSpy cannot check, saying why. */
  refuseUncheckable(importer: string, specifier: string, why: string): void {
    const report = buildReport(null, [{ module: importer, ok: false, importer: { file: importer, via: 'hooks' }, violations: [], error: { code: 'module.unreadable', message: `${importer} imports ${specifier}: ${why}`, location: null } }]);
    this.#logger.info(`${importer} imports ${specifier}: cannot be checked → ${this.#verdict(false)}`);
    decide(report, this.mode, this.#logger);
  }

  /** True while ImportSpy itself resolves or analyses: those resolutions are not edges, not to be recorded. */
  get resolvingAhead(): boolean {
    return this.#busy > 0;
  }

  /** Whether an importer was bound to a contract's rules before its first edge (see `#bindAhead`). */
  boundAhead(importerFile: string, contract: Contract): boolean {
    return this.#boundAhead.get(importerFile)?.has(contract) === true;
  }

  #checkImporter(edge: Edge, importer: string | null, target: string, p: Protection): void {
    const who = { file: importer ?? edge.parentURL ?? '', via: 'hooks' as const };
    let report: Report;
    let cause: unknown;
    if (p.problem !== undefined) {
      report = buildReport(null, [{ module: importer, ok: false, importer: who, violations: [], error: { code: 'contract.invalid', message: p.problem, location: null } }]);
    } else {
      const loaded = contractFor(p.contract, undefined);
      if ('error' in loaded) {
        report = unreadableContractReport(loaded.error, importer, who);
        cause = loaded.error;
      } else if (importer === null || !existsSync(importer)) {
        const found = located(finding({ code: 'unverifiable.importer', data: { target, parent: edge.parentURL, seen: 'bound' }, path: 'importer' }), null);
        report = buildReport(loaded.contract.source.file, [{ module: null, ok: false, importer: null, violations: [found] }]);
      } else {
        const { contract } = loaded;
        // Bound before its first edge: its computed imports are checked when they happen.
        // Bound only now, some of its edges may have gone unchecked: computed ones are unverifiable.
        const ahead = this.boundAhead(importer, contract);
        let result = checkCached(contract, importer, this.#context ?? processContext(), ahead);
        // Bound only now: the edges it already made are judged by the rules too.
        const earlier = ahead || !hasRules(contract) || this.#rules.get(importer)?.some((r) => r.contract === contract) ? [] : this.#earlierEdges(importer, contract);
        const missed = earlier.filter((v) => !result.violations.some((seen) => seen.path === v.path));
        if (missed.length > 0) result = { ...result, ok: result.ok && !missed.some(isBlocking), violations: [...result.violations, ...missed] };
        report = importerReport(contract, result, { file: importer, via: 'hooks' });
        if (hasRules(contract)) {
          const reported = new Set(result.violations.filter((v) => v.code === 'forbidden.import').map((v) => v.path));
          if (this.#addRules(importer, contract, reported)) this.#onRules?.(importer, p.contract);
        }
      }
    }
    if (this.#logger.level === 'info' || this.#logger.level === 'debug') {
      const count = report.results.reduce((n, r) => n + r.violations.length, 0);
      const failed = report.results.find((r) => r.error)?.error;
      const found = failed ? `could not decide (${failed.code})` : count ? `${count} violation(s)` : 'compliant';
      this.#logger.info(`${who.file} imports ${edge.specifier} (${target}), protected by ${p.contract} (${p.declaredIn}): ${found} → ${this.#verdict(report.ok)}`);
    }
    decide(report, this.mode, this.#logger, cause);
  }

  /** Notes an edge an importer made (see `#made`). */
  #remember(importer: string, specifier: string, via: EdgeVia): void {
    let made = this.#made.get(importer);
    if (made === undefined) {
      made = new Map();
      this.#made.set(importer, made);
    }
    const how = made.get(specifier);
    if (how === undefined) made.set(specifier, new Set([via]));
    else how.add(via);
  }

  /** What a contract's `imports` rules refuse among the edges an importer made before it was bound to them. */
  #earlierEdges(importer: string, contract: Contract): Violation[] {
    const found: Violation[] = [];
    const staticKinds = staticKindsOf(importer);
    for (const [specifier, vias] of this.#made.get(importer) ?? []) {
      for (const via of vias) {
        const v = forbidden(contract, specifier, edgeKinds(staticKinds, specifier, via));
        if (v && !found.some((f) => f.path === v.path)) found.push(v);
      }
    }
    for (const name of this.#unknownBindings.get(importer) ?? []) found.push(...locateFindings([unknownBindingAtRunTime(name)], contract));
    return found;
  }

  /** Binds an importer to a contract's rules; false when it already was. */
  #addRules(importer: string, contract: Contract, reported: ReadonlySet<string>): boolean {
    const list = this.#rules.get(importer) ?? [];
    if (list.some((r) => r.contract === contract)) return false;
    list.push({ contract, reported, staticKinds: staticKindsOf(importer) });
    this.#rules.set(importer, list);
    return true;
  }

  #verdict(ok: boolean): string {
    return ok ? 'admitted' : this.mode === 'enforce' ? 'blocked' : 'admitted (warn mode)';
  }
}
