/**
 * What a module may import: the one checker of a contract's `imports` rules. The static check
 * applies it to every import the analysis found; the loader hooks apply it to every specifier
 * when it is imported (`checkRunTimeImport`). Both report the same violations.
 */
import type { ImportKind, ImportRuleEntry, ModuleExpectation } from '../contract/types.generated.js';
import type { ImportModel } from '../analysis/model.js';
import { specifierMatches } from '../util/glob.js';
import { finding, type Finding } from '../violations/violation.js';
import { Scope, type ModuleChecker, type ModuleFinding } from './scope.js';

type ImportRules = NonNullable<ModuleExpectation['imports']>;

/** The kinds a rule written as a plain string applies to: everything that exists at run time. */
const RUNTIME_KINDS: readonly ImportKind[] = ['value', 'dynamic'];

/** The pattern of an `imports` rule. */
export function rulePattern(rule: ImportRuleEntry): string {
  return typeof rule === 'string' ? rule : rule.pattern;
}

/** The kinds of import an `imports` rule applies to. */
export function ruleKinds(rule: ImportRuleEntry): readonly ImportKind[] {
  if (typeof rule === 'string' || rule.kind === undefined) return RUNTIME_KINDS;
  return typeof rule.kind === 'string' ? [rule.kind] : rule.kind;
}

/** A rule as the contract wrote it, for messages: `zod`, or `zod (type)`. */
export function showRule(rule: ImportRuleEntry): string {
  return typeof rule === 'string' || rule.kind === undefined ? rulePattern(rule) : `${rule.pattern} (${ruleKinds(rule).join(', ')})`;
}

/** Whether a rule covers an import of `specifier` made in one of `kinds`. */
export function ruleMatches(rule: ImportRuleEntry, specifier: string, kinds: readonly ImportKind[]): boolean {
  const own = ruleKinds(rule);
  return kinds.some((kind) => own.includes(kind)) && specifierMatches(rulePattern(rule), specifier);
}

/** The kinds an allow list restricts: those its entries name (plain strings: value and dynamic). */
export function restrictedKinds(allow: readonly ImportRuleEntry[]): Set<ImportKind> {
  return new Set(allow.flatMap((rule) => ruleKinds(rule)));
}

/** How an import reaches its module, in the terms of `imports` rules. */
export function importKind(imp: Pick<ImportModel, 'kind' | 'typeOnly'>): ImportKind {
  if (imp.typeOnly) return 'type';
  return imp.kind === 'dynamic' ? 'dynamic' : 'value';
}

/**
 * The builtin an internal binding belongs to (`process.binding('spawn_sync')` is child_process
 * without importing it); undefined for a binding ImportSpy does not know, which then cannot be
 * checked against the rules.
 */
const BINDING_BUILTINS: Readonly<Record<string, string>> = {
  spawn_sync: 'child_process',
  process_wrap: 'child_process',
  pipe_wrap: 'net',
  tcp_wrap: 'net',
  stream_wrap: 'net',
  udp_wrap: 'dgram',
  cares_wrap: 'dns',
  fs: 'fs',
  fs_dir: 'fs',
  fs_event_wrap: 'fs',
  contextify: 'vm',
  worker: 'worker_threads',
  messaging: 'worker_threads',
  crypto: 'crypto',
  tls_wrap: 'tls',
  http_parser: 'http',
  http2: 'http2',
  zlib: 'zlib',
  os: 'os',
  tty_wrap: 'tty',
  inspector: 'inspector',
  module_wrap: 'module',
  v8: 'v8',
};

/** The builtin module that `process.binding(name)` reaches into, as a `node:` specifier. */
export function bindingBuiltin(name: string): string | undefined {
  const builtin = Object.hasOwn(BINDING_BUILTINS, name) ? BINDING_BUILTINS[name] : undefined;
  return builtin === undefined ? undefined : `node:${builtin}`;
}

/** A `data:` or `blob:` URL: a module with no file, whose own imports are no longer this module's. */
export function isUrlModule(specifier: string): boolean {
  const scheme = specifier.slice(0, 5).toLowerCase();
  return scheme === 'data:' || scheme === 'blob:';
}

/** How `checkImports` treats specifiers computed at run time. */
export interface ImportsCheckOptions {
  /**
   * True when the caller checks every specifier the module imports when it happens, from the
   * module's first import on (the loader hooks, for an importer bound before its first edge):
   * a computed specifier under `deny` rules is then left to that check. Otherwise it cannot be
   * checked at all, and is unverifiable.
   */
  runtimeChecked?: boolean;
}

/** How an import was seen: by the analysis (with the call that made it), or when it happened. */
type Seen = { call: ImportModel['kind']; kind: ImportKind } | { call: 'run-time' };

/** What the rules say of one literal specifier. */
interface Verdict {
  scope: Scope;
  found: ModuleFinding;
}

/**
 * The rules' verdict on an import of `specifier` made in one of `kinds`, or null when they admit it.
 * `rulesAt`: the `imports` entry of the contract.
 */
function judge(rules: ImportRules, specifier: string, kinds: readonly ImportKind[], seen: Seen, rulesAt: Scope): Verdict | null {
  const shown = `${rulesAt.path}.${specifier}`;
  const deny = rules.deny ?? [];
  const denied = deny.findIndex((rule) => ruleMatches(rule, specifier, kinds));
  const rule = deny[denied];
  if (rule !== undefined) {
    const found: ModuleFinding = { code: 'forbidden.import', data: { specifier, seen, rule: showRule(rule) }, expected: `not ${showRule(rule)}`, actual: specifier };
    return { scope: new Scope(shown, [...rulesAt.at, 'deny', denied]), found };
  }
  const allow = rules.allow;
  if (!allow) {
    if (!kinds.some((kind) => kind !== 'type') || !isUrlModule(specifier)) return null;
    // Allowed by name, but what it imports in turn is out of the deny list's reach.
    const scheme = specifier.slice(0, specifier.indexOf(':'));
    const found: ModuleFinding = { code: 'unverifiable.import', data: { reason: 'url', scheme, runtime: seen.call === 'run-time' } };
    return { scope: new Scope(`${rulesAt.path}.<${scheme} URL>`, [...rulesAt.at, 'deny']), found };
  }
  const restricted = restrictedKinds(allow);
  const checked = kinds.filter((kind) => restricted.has(kind));
  if (checked.length > 0 && !allow.some((entry) => ruleMatches(entry, specifier, checked))) {
    const found: ModuleFinding = { code: 'forbidden.import', data: { specifier, seen, allowList: true }, expected: allow.map(showRule), actual: specifier };
    return { scope: new Scope(shown, [...rulesAt.at, 'allow']), found };
  }
  return null;
}

/** The static check: every import the analysis found. `scope`: the module expectation. */
export function checkImports(c: ModuleChecker, rules: ImportRules, scope: Scope, options: ImportsCheckOptions): void {
  const deny = rules.deny ?? [];
  const allow = rules.allow;
  if (deny.length === 0 && !allow) return;
  const rulesAt = scope.field('imports');
  const restricted = allow ? restrictedKinds(allow) : new Set<ImportKind>();
  for (const imp of c.model.imports) {
    const kind = importKind(imp);
    // A binding is checked as the builtin it belongs to; one ImportSpy does not know cannot be.
    const specifier = imp.kind === 'binding' && imp.specifier !== null ? (bindingBuiltin(imp.specifier) ?? null) : imp.specifier;
    if (specifier === null) {
      // The loader hooks see every kind of call when it happens (they wrap the process's own).
      const seenLater = options.runtimeChecked === true && imp.kind !== 'static' && imp.kind !== 'reexport';
      const byAllow = restricted.has(kind);
      const byDeny = !seenLater && deny.some((rule) => ruleKinds(rule).includes(kind));
      if (byAllow || byDeny) {
        const list: 'allow' | 'deny' = byAllow ? 'allow' : 'deny';
        const data = imp.specifier === null ? { reason: 'computed' as const, call: imp.kind, list } : { reason: 'unknown-binding' as const, binding: imp.specifier, list };
        c.add(new Scope(`${rulesAt.path}.<computed ${imp.kind}>`, [...rulesAt.at, list]), imp.location, { code: 'unverifiable.import', data });
      }
      continue;
    }
    const verdict = judge(rules, specifier, [kind], { call: imp.kind, kind }, rulesAt);
    if (verdict) c.add(verdict.scope, imp.location, verdict.found);
  }
}

/**
 * The run-time check, made by the loader hooks when a module imports `specifier`: the violation
 * of the contract's top-level `imports` rules, if any. `kinds`: how the import may have been made,
 * as far as the hooks can tell; a rule applies when it covers any of them.
 */
export function checkRunTimeImport(rules: ImportRules | undefined, specifier: string, kinds: readonly ImportKind[]): Finding | null {
  if (!rules) return null;
  const verdict = judge(rules, specifier, kinds, { call: 'run-time' }, new Scope('imports', ['imports']));
  return verdict && finding({ ...verdict.found, path: verdict.scope.path, contractPath: verdict.scope.at } as Parameters<typeof finding>[0]);
}

/** `process.binding(name)` of a binding no builtin is known for, seen at run time under `imports` rules. */
export function unknownBindingAtRunTime(name: string): Finding {
  return finding({ code: 'unverifiable.import', data: { reason: 'run-time-binding', binding: name }, path: `imports.<binding ${name}>`, contractPath: ['imports'] });
}
