/**
 * ImportSpy for TypeScript: import contracts for Node.js modules.
 *
 * A module declares what the environment importing it must be (OS, CPU, runtime, variables,
 * secrets, packages) and what the importing module must look like (exports, functions, classes,
 * annotations). ImportSpy checks it statically in CI, and blocks a non-compliant import before
 * the importer's code runs.
 *
 * @module importspy
 */

export { configJsonSchema, contractJsonSchema, defineContract, loadContract, parseContract, clearContractCache, type Contract, type LoadContractOptions, type ParseContractOptions } from './contract/load.js';
export type {
  ContractInput,
  ContractValue,
  VariableEntry,
  ArgumentEntry,
  FunctionEntry,
  MethodEntry,
  AttributeEntry,
  ClassEntry,
  ImportKind,
  ImportRuleEntry,
  ImportsEntry,
  ModuleExpectation,
  EnvVariableEntry,
  SecretEntry,
  PackageEntry,
  PermissionsEntry,
  RuntimeEntry,
  SystemEntry,
  DeploymentEntry,
  ProjectConfigInput,
} from './contract/types.generated.js';
export type { ContractSource } from './contract/positions.js';
export { ContractError, type ContractProblem, type Location, type ContractPosition } from './contract/errors.js';
export { captureContext, type Context, type CaptureContextOptions, type InstalledPackage, type Permissions } from './context/capture.js';
export { inspectModule, inspectModuleSync, clearAnalysisCache, type InspectOptions } from './analysis/inspect.js';
export { ModuleAnalysisError } from './analysis/errors.js';
export type * from './analysis/model.js';
export { validate, type ValidateOptions, type ValidationResult } from './validate/pipeline.js';
export { checkModule, checkModules, type CheckOptions } from './check.js';
export { ContractViolationError, type Report, type ModuleReport, type ModuleError, type ImporterVia, type BaselineEntry } from './violations/report.js';
export type { Violation, Severity } from './violations/violation.js';
export {
  VIOLATION_CODES,
  CONTRACT_PROBLEM_CODES,
  MODULE_ERROR_CODES,
  CODES,
  type Code,
  type ViolationCode,
  type ViolationCodeInfo,
  type ContractProblemCode,
  type ModuleAnalysisErrorCode,
  type ModuleErrorCode,
  type Category,
  type ViolationContext,
} from './violations/codes.js';
export { formatReport, REPORT_FORMATS, type ReportFormat } from './report/index.js';
export type { FormatOptions } from './report/options.js';
export { VERSION } from './version.js';
export { guard, findImporter, type GuardOptions, type ModuleMeta, type CommonJsModule } from './loader/guard.js';
export { load, loadAll, resolvePlugin, type LoadOptions, type LoadAllResult } from './loader/load.js';
export { resolveMode, type Mode, type ModeSources } from './mode.js';
export type { ContractLike, EnforceOptions } from './loader/enforce.js';
export { createLogger, type Logger, type LogLevel } from './loader/log.js';
export { defineConfig, loadProjectConfig, findProjectConfig, type ProjectConfig, type ProtectedModules } from './contract/project-config.js';

// The public API holds all of the enforcement's deferred code (loader/deferred.ts) already.
import * as deferredCode from './loader/deferred-code.js';
import { provideDeferredCode } from './loader/deferred.js';
provideDeferredCode(deferredCode);
