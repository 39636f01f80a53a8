/**
 * The `imports` rules of a contract applied to one edge the hooks see: which rule refuses a
 * specifier, and under which import kinds the edge may have been made.
 */
import type { Contract } from '../../contract/load.js';
import type { ImportKind } from '../../contract/types.generated.js';
import type { ImportModel } from '../../analysis/model.js';
import { checkRunTimeImport, importKind } from '../../validate/imports.js';
import type { Violation } from '../../violations/violation.js';
import { locateFindings } from '../../violations/locate.js';

/** How the hooks saw an edge being made: an ESM import, a `require()`, a builtin-loading call of `process`. */
export type EdgeVia = 'import' | 'require' | 'builtin';

/** Whether a contract restricts what its importers import. */
export function hasRules(contract: Contract): boolean {
  return contract.imports !== undefined && ((contract.imports.deny?.length ?? 0) > 0 || contract.imports.allow !== undefined);
}

/**
 * The `forbidden.import` violation for a specifier the contract's `imports` rules refuse, if any.
 * `kinds`: how the import may have been made, as far as the hooks can tell (see `edgeKinds`); a
 * rule applies when it covers any of them.
 */
export function forbidden(contract: Contract, specifier: string, kinds: readonly ImportKind[] = ['value', 'dynamic']): Violation | null {
  const found = checkRunTimeImport(contract.imports, specifier, kinds);
  return found && (locateFindings([found], contract)[0] ?? null);
}

/**
 * How an edge was made, as far as the hooks can see: a `require()` and a builtin reached through
 * `process.getBuiltinModule()`/`process.binding()` are `value` imports (synchronous, at run time); an ESM
 * edge is `value` when the importer's source has a static import of that specifier (a static
 * specifier is always literal, so the source names it), `dynamic` when its source has only an
 * `import()` of it or no literal import of it at all (a computed `import(x)`), both when it has both.
 */
export function edgeKinds(staticKinds: ReadonlyMap<string, ReadonlySet<ImportKind>> | undefined, specifier: string, via: EdgeVia): ImportKind[] {
  if (via !== 'import') return ['value'];
  const known = staticKinds?.get(specifier);
  if (known === undefined || known.size === 0) return staticKinds === undefined ? ['value', 'dynamic'] : ['dynamic'];
  return [...known];
}

/** The kinds under which a module's source imports each literal specifier (ESM imports only). */
export function importKindsBySpecifier(imports: readonly ImportModel[]): Map<string, Set<ImportKind>> {
  const table = new Map<string, Set<ImportKind>>();
  for (const imp of imports) {
    if (imp.specifier === null || imp.typeOnly || imp.kind === 'require' || imp.kind === 'builtin' || imp.kind === 'binding') continue;
    const kinds = table.get(imp.specifier) ?? new Set<ImportKind>();
    kinds.add(importKind(imp));
    table.set(imp.specifier, kinds);
  }
  return table;
}
