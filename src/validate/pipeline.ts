/**
 * The validator pipeline: pure functions from (contract, module model, context) to violations,
 * one per concern, every violation collected.
 */
import { dirname } from 'node:path';
import type { Contract } from '../contract/load.js';
import type { ModuleModel } from '../analysis/model.js';
import { processContext, type Context } from '../context/capture.js';
import { validateDeployments } from './deployment.js';
import { validateModule } from './module.js';
import { compareViolations, type Violation } from '../violations/violation.js';
import { locateFindings } from '../violations/locate.js';
import { secretValues } from '../context/secrets.js';
import { rememberSecrets, secretRedactor } from '../violations/redact.js';

/** Options of `validate`. */
export interface ValidateOptions {
  /** The machine to check against; defaults to this one. */
  context?: Context;
  /** The module to check; without one only the environment side is validated. */
  module?: ModuleModel | null;
  /** Directory installed packages are resolved from (default: the module's directory, else cwd). */
  packageDir?: string;
  /** Whether computed imports are checked when they happen (see `ImportsCheckOptions`); default false. */
  runtimeChecked?: boolean;
}

/** What `validate` returns. */
export interface ValidationResult {
  /** False when a violation of severity `error` exists. */
  ok: boolean;
  /** Every violation, in a deterministic order. */
  violations: Violation[];
}

/**
 * Test seam, read once at startup: `IMPORTSPY_INTERNAL_FAULT=validator` makes every validation
 * throw, so tests can show that a validator failing inside ImportSpy fails closed (the guard,
 * `load` and the hooks block; `check` exits 2) — no contract or module makes a validator throw.
 * Not a feature: never set it outside ImportSpy's own tests.
 */
const INTERNAL_FAULT = process.env['IMPORTSPY_INTERNAL_FAULT'] === 'validator';

/**
 * Validates a machine, and optionally a module, against a contract. Reads nothing global; the
 * values of the contract's secrets in `context` are remembered, so that neither this result nor
 * anything the thread prints later can carry them (see `violations/redact.ts`).
 */
export function validate(contract: Contract, options: ValidateOptions = {}): ValidationResult {
  if (INTERNAL_FAULT) throw new Error('injected validator fault (IMPORTSPY_INTERNAL_FAULT=validator)');
  const context = options.context ?? processContext();
  const model = options.module ?? null;
  const packageDir = options.packageDir ?? (model ? dirname(model.file) : context.cwd);
  rememberSecrets(secretValues(contract, context.env));

  const deployment = validateDeployments(contract.deployments, context, packageDir);
  const findings = [...deployment.violations];
  if (model) {
    findings.push(...validateModule(contract, model, { runtimeChecked: options.runtimeChecked === true }));
    for (const { expectation, path } of deployment.modules) {
      findings.push(...validateModule(expectation, model, { at: path, onlyForFilename: true, runtimeChecked: options.runtimeChecked === true }));
    }
  }
  // Positions in the contract are resolved once, here, from the paths the validators name.
  const violations = locateFindings(findings, contract).sort(compareViolations);
  return { ok: violations.every((v) => v.severity !== 'error'), violations: secretRedactor().record(violations) };
}
