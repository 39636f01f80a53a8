/**
 * Where a validator stands while it checks: one object from which both the display path of a
 * violation (`classes.Plugin.methods.run`) and its contract path (`['classes', 0, 'methods', 2]`)
 * are derived, and the shared state of one module check.
 */
import type { Location } from '../contract/errors.js';
import type { ModuleModel, SourceLocation } from '../analysis/model.js';
import { finding, type Finding, type FindingInit } from '../violations/violation.js';

/** A field path in a contract. */
export type ContractPath = readonly PropertyKey[];

/** A contract entry, for its `severity` and `hint`. */
export type Entry = { severity?: 'error' | 'warn' | undefined; hint?: string | undefined };

/** Formats a contract path for display: `deployments[0].systems[1].os`. */
export function displayPath(path: ContractPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/**
 * How a scope was derived from its parent: a field, or an item of a list. A compliant module is
 * checked through hundreds of scopes that never make a violation, so a derived scope keeps only
 * this step and spells out its paths when a violation first reads them.
 */
type Step = { parent: Scope; list: string | undefined; key: string | number; name: string };
const NO_PATH: ContractPath = Object.freeze([]);

/** An entry under check: its display path and where the contract writes it. */
export class Scope {
  private shownPath: string | undefined;
  private writtenPath: ContractPath | undefined;
  private step: Step | undefined;

  /**
   * @param path The display path, relative to the module expectation (`functions.load`).
   * @param at The contract path of the entry.
   */
  constructor(path: string, at: ContractPath) {
    this.shownPath = path;
    this.writtenPath = at;
    this.step = undefined;
  }

  /** A scope whose paths are its parent's and one more step, spelled out when first read. */
  private static derived(step: Step): Scope {
    const scope = new Scope('', NO_PATH);
    scope.shownPath = undefined;
    scope.writtenPath = undefined;
    scope.step = step;
    return scope;
  }

  /** The display path, relative to the module expectation (`functions.load`). */
  get path(): string {
    if (this.shownPath === undefined) {
      const { parent, list, name } = this.step as Step;
      const own = list === undefined ? name : `${list}.${name}`;
      this.shownPath = parent.path ? `${parent.path}.${own}` : own;
    }
    return this.shownPath;
  }

  /** The contract path of the entry. */
  get at(): ContractPath {
    if (this.writtenPath === undefined) {
      const { parent, list, key } = this.step as Step;
      this.writtenPath = list === undefined ? [...parent.at, key] : [...parent.at, list, key];
    }
    return this.writtenPath;
  }

  /** A field of the entry, named alike in the display path and the contract. */
  field(name: string): Scope {
    return Scope.derived({ parent: this, list: undefined, key: name, name });
  }

  /** An entry of one of this entry's lists: shown by its name, written at its index. */
  item(list: string, index: number, name: string): Scope {
    return Scope.derived({ parent: this, list, key: index, name });
  }

  /** The same contract entry shown under another display path. */
  shown(path: string): Scope {
    return new Scope(path, this.at);
  }

  /** The same display path pointing at another contract field. */
  writtenAt(at: ContractPath): Scope {
    return new Scope(this.path, at);
  }
}

/** What a validator says of a finding besides where it is: its code, data, entry, expected and actual. */
export type ModuleFinding = FindingInit extends infer F ? (F extends FindingInit ? Omit<F, 'path' | 'contractPath' | 'location'> : never) : never;

/** Shared state of one module check: the model, the display prefix, and the findings so far. */
export class ModuleChecker {
  readonly out: Finding[] = [];
  constructor(
    readonly model: ModuleModel,
    /** The display path of the module expectation (`deployments[0]...modules[0].`), or empty. */
    readonly prefix: string,
  ) {}

  /** A checker for a trial (an overload): same model and prefix, its own findings. */
  trial(): ModuleChecker {
    return new ModuleChecker(this.model, this.prefix);
  }

  at(loc: SourceLocation | undefined): Location {
    return loc ? { file: loc.file, line: loc.line, column: loc.column } : { file: this.model.file, line: 1, column: 1 };
  }

  /** Whether running the module could decide what the static analysis cannot. */
  get runtime(): boolean {
    return this.model.mode === 'static';
  }

  add(scope: Scope, loc: SourceLocation | undefined, f: ModuleFinding): void {
    this.out.push(finding({ ...f, path: this.prefix + scope.path, location: this.at(loc), contractPath: scope.at } as FindingInit));
  }
}
