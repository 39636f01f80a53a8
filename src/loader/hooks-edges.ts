/**
 * The decision the loader hooks make on every import edge (importer → resolved module):
 *
 * 1. before resolution, the importer's own `imports.deny`/`allow` rules (known once it has been
 *    validated against a contract) are applied to the specifier, computed ones included;
 * 2. after resolution, when the target is protected, the importer is validated against each
 *    contract protecting it, and the verdict is enforced (throw) or reported (warn).
 *
 * The same enforcer runs in-thread (`module.registerHooks`, the CommonJS patch) and in the
 * off-thread hooks of `module.register`; everything it needs arrives as plain `HookSettings`.
 */
import { fileURLToPath } from 'node:url';
import type { ProjectConfig } from '../config/project.js';
import { locate, type Contract } from '../contract/load.js';
import type { Context } from '../context/capture.js';
import type { ImportModel } from '../analysis/model.js';
import { inspectShared } from '../analysis/inspect.js';
import type { ImportKind } from '../contract/types.generated.js';
import { importKind, restrictedKinds, ruleMatches, showRule } from '../validate/module.js';
import { buildReport, isBlocking, type ModuleReport, type Report } from '../violations/report.js';
import { violation, type Violation } from '../violations/violation.js';
import { checkCached, contractFor, decide, importerReport, processContext, processLogger, unreadableContractReport, type Mode } from './enforce.js';
import type { Logger } from './log.js';
import { insideScope, ProtectionIndex, type Protection } from './hooks-protection.js';

/** What the hooks are configured with; structured-cloneable, so it can cross to the hooks thread. */
export interface HookSettings {
  mode: Mode;
  /** The project configuration, already read and validated, or null. */
  config: ProjectConfig | null;
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
}

interface Rules {
  contract: Contract;
  /** How the importer's source imports each literal specifier; undefined when it could not be read. */
  staticKinds: ReadonlyMap<string, ReadonlySet<ImportKind>> | undefined;
  /** Violation paths the static check already reported, not to be reported twice. */
  reported: ReadonlySet<string>;
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

/** Path of a `file:` URL without its query or fragment; null for any other scheme. */
export function fileOf(url: string | undefined): string | null {
  if (url === undefined || !url.startsWith('file:')) return null;
  try {
    return fileURLToPath(url.replace(/[?#].*$/s, ''));
  } catch {
    return null;
  }
}

export class EdgeEnforcer {
  readonly mode: Mode;
  readonly #logger: Logger;
  readonly #context: Context | undefined;
  readonly #protections: ProtectionIndex;
  readonly #byUrl = new Map<string, readonly Protection[]>();
  readonly #rules = new Map<string, Rules[]>();
  readonly #onRules: ((importerFile: string, contractFile: string) => void) | undefined;

  constructor(settings: HookSettings, options: EnforcerOptions = {}) {
    this.mode = settings.mode;
    this.#logger = options.logger ?? processLogger();
    this.#context = options.context;
    this.#protections = new ProtectionIndex(settings.config);
    this.#onRules = options.onRules;
  }

  /**
   * Applies the importer's `imports` rules to a specifier, before it is resolved. `via`: whether
   * the edge is a `require()` or an ESM import (static or `import()`, told apart by `edgeKinds`).
   */
  beforeResolve(parentURL: string | undefined, specifier: string, via: 'import' | 'require' = 'import'): void {
    if (this.#rules.size === 0) return;
    const importer = fileOf(parentURL);
    const rules = importer === null ? undefined : this.#rules.get(importer);
    if (!rules || importer === null) return;
    for (const r of rules) {
      const found = forbidden(r.contract, specifier, edgeKinds(r.staticKinds, specifier, via));
      if (!found || r.reported.has(found.path)) continue;
      const result: ModuleReport = { module: importer, ok: !isBlocking(found), importer: { file: importer, via: 'hooks' }, violations: [found] };
      this.#logger.info(`${importer} imports ${specifier}: ${found.code} by ${r.contract.source.file ?? 'the contract'} → ${this.#verdict(result.ok)}`);
      decide(buildReport(r.contract.source.file, [result]), this.mode, this.#logger);
    }
  }

  /** Validates the importer when the resolved module is protected. */
  afterResolve(edge: Edge): void {
    if (edge.parentURL === undefined) return;
    // The hot path: one map read per edge once the resolved URL has been seen.
    let protections = this.#byUrl.get(edge.url);
    if (protections === undefined) {
      const file = fileOf(edge.url);
      protections = file === null ? NONE : this.#protections.of(file);
      this.#byUrl.set(edge.url, protections);
    }
    if (protections.length === 0) return;
    const target = fileOf(edge.url) ?? edge.url;
    const importer = fileOf(edge.parentURL);
    for (const p of protections) {
      if (importer !== null && (importer === target || (p.scope !== null && insideScope(importer, p.scope)))) {
        if (this.#logger.level === 'debug') this.#logger.debug(`${importer} imports ${edge.specifier}: same package as ${p.contract} protects, not checked`);
        continue;
      }
      this.#checkImporter(edge, importer, target, p);
    }
  }

  /** Adopts rules learnt by another thread (the hooks thread tells the main thread). */
  adoptRules(importerFile: string, contractFile: string): void {
    const loaded = contractFor(contractFile, undefined);
    if ('contract' in loaded) this.#addRules(importerFile, loaded.contract, new Set());
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
      } else if (importer === null) {
        const message = `the importer ${edge.parentURL ?? '(unknown)'} is not a file, so it cannot be analysed`;
        report = buildReport(loaded.contract.source.file, [{ module: null, ok: false, importer: who, violations: [], error: { code: 'module.unreadable', message, location: null } }]);
      } else {
        const { contract } = loaded;
        const result = checkCached(contract, importer, this.#context ?? processContext());
        report = importerReport(contract, result, { file: importer, via: 'hooks' });
        if (contract.imports && (contract.imports.deny?.length || contract.imports.allow)) {
          const reported = new Set(result.violations.filter((v) => v.code === 'forbidden.import').map((v) => v.path));
          this.#addRules(importer, contract, reported);
          this.#onRules?.(importer, p.contract);
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

  #addRules(importer: string, contract: Contract, reported: ReadonlySet<string>): void {
    const list = this.#rules.get(importer) ?? [];
    if (list.some((r) => r.contract === contract)) return;
    list.push({ contract, reported, staticKinds: staticKindsOf(importer) });
    this.#rules.set(importer, list);
  }

  #verdict(ok: boolean): string {
    return ok ? 'admitted' : this.mode === 'enforce' ? 'blocked' : 'admitted (warn mode)';
  }
}

/**
 * The `forbidden.import` violation for a specifier the contract's `imports` rules refuse, if any.
 * `kinds`: how the import may have been made, as far as the hooks can tell (see `edgeKinds`); a
 * rule applies when it covers any of them.
 */
export function forbidden(contract: Contract, specifier: string, kinds: readonly ImportKind[] = ['value', 'dynamic']): Violation | null {
  const rules = contract.imports;
  if (!rules) return null;
  const deny = rules.deny ?? [];
  const denied = deny.findIndex((rule) => ruleMatches(rule, specifier, kinds));
  const rule = deny[denied];
  if (rule !== undefined) {
    return violation({
      code: 'forbidden.import',
      path: `imports.${specifier}`,
      message: `the module imports ${specifier} at run time, which the contract denies (${showRule(rule)})`,
      solution: `remove the import of ${specifier}`,
      expected: `not ${showRule(rule)}`,
      actual: specifier,
      contractLocation: locate(contract, ['imports', 'deny', denied]),
    });
  }
  const allow = rules.allow;
  if (!allow) return null;
  const restricted = restrictedKinds(allow);
  const checked = kinds.filter((kind) => restricted.has(kind));
  if (checked.length > 0 && !allow.some((entry) => ruleMatches(entry, specifier, checked))) {
    return violation({
      code: 'forbidden.import',
      path: `imports.${specifier}`,
      message: `the module imports ${specifier} at run time, which is not in the contract's allow list`,
      solution: `remove the import of ${specifier}, or allow it in the contract`,
      expected: allow.map(showRule),
      actual: specifier,
      contractLocation: locate(contract, ['imports', 'allow']),
    });
  }
  return null;
}

/**
 * How an edge was made, as far as the hooks can see: a `require()` is a `value` import; an ESM
 * edge is `value` when the importer's source has a static import of that specifier (a static
 * specifier is always literal, so the source names it), `dynamic` when its source has only an
 * `import()` of it or no literal import of it at all (a computed `import(x)`), both when it has both.
 */
export function edgeKinds(staticKinds: ReadonlyMap<string, ReadonlySet<ImportKind>> | undefined, specifier: string, via: 'import' | 'require'): ImportKind[] {
  if (via === 'require') return ['value'];
  const known = staticKinds?.get(specifier);
  if (known === undefined || known.size === 0) return staticKinds === undefined ? ['value', 'dynamic'] : ['dynamic'];
  return [...known];
}

/** The kinds under which a module's source imports each literal specifier (ESM imports only). */
export function importKindsBySpecifier(imports: readonly ImportModel[]): Map<string, Set<ImportKind>> {
  const table = new Map<string, Set<ImportKind>>();
  for (const imp of imports) {
    if (imp.specifier === null || imp.typeOnly || imp.kind === 'require') continue;
    const kinds = table.get(imp.specifier) ?? new Set<ImportKind>();
    kinds.add(importKind(imp));
    table.set(imp.specifier, kinds);
  }
  return table;
}
