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

/** An entry under check: its display path and where the contract writes it. */
export class Scope {
  constructor(
    /** The display path, relative to the module expectation (`functions.load`). */
    readonly path: string,
    /** The contract path of the entry. */
    readonly at: ContractPath,
  ) {}

  /** A field of the entry, named alike in the display path and the contract. */
  field(name: string): Scope {
    return new Scope(this.path ? `${this.path}.${name}` : name, [...this.at, name]);
  }

  /** An entry of one of this entry's lists: shown by its name, written at its index. */
  item(list: string, index: number, name: string): Scope {
    return new Scope(this.path ? `${this.path}.${list}.${name}` : `${list}.${name}`, [...this.at, list, index]);
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
