/**
 * What a module must be: filename, version, variables, functions, classes and imports, checked
 * against the module model, one concern per file. A contract is a minimum: anything the module
 * has beyond it is allowed.
 */
import type { ModuleExpectation } from '../contract/types.generated.js';
import type { ModuleModel } from '../analysis/model.js';
import type { Finding } from '../violations/violation.js';
import { checkClass } from './classes.js';
import { checkFunction } from './functions.js';
import { checkFilename, checkVersion, filenameMatches } from './identity.js';
import { checkImports, type ImportsCheckOptions } from './imports.js';
import { displayPath, ModuleChecker, Scope, type ContractPath } from './scope.js';
import { checkVariable } from './variables.js';

export interface ModuleCheckOptions extends ImportsCheckOptions {
  /** For `runtimes[].modules`: an entry with a `filename` applies only to a module of that name. */
  onlyForFilename?: boolean;
  /** Where the expectation is written in the contract: empty for the contract itself. */
  at?: ContractPath;
}

/** Checks a module model against one module expectation (the contract itself or a runtime's `modules` entry). */
export function validateModule(expectation: ModuleExpectation, model: ModuleModel, options: ModuleCheckOptions = {}): Finding[] {
  if (options.onlyForFilename && expectation.filename && !filenameMatches(expectation.filename, model.filename)) return [];
  const at = options.at ?? [];
  const c = new ModuleChecker(model, at.length ? `${displayPath(at)}.` : '');
  const scope = new Scope('', at);

  if (expectation.filename && !options.onlyForFilename) checkFilename(c, expectation.filename, model, scope);
  if (expectation.version) checkVersion(c, expectation.version, scope);
  expectation.variables?.forEach((v, i) => checkVariable(c, v, scope.item('variables', i, v.name)));
  expectation.functions?.forEach((f, i) => checkFunction(c, f, scope.item('functions', i, f.name)));
  expectation.classes?.forEach((k, i) => checkClass(c, k, scope.item('classes', i, k.name)));
  if (expectation.imports) checkImports(c, expectation.imports, scope, options);
  return c.out;
}
