/**
 * A compile-time proof that the generated plain types (types.generated.ts, what users see) are
 * exactly the types the zod schema infers: `npm run typecheck` fails on any difference.
 */
import type * as Generated from './types.generated.js';
import type * as Schema from './schema.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

/** @internal */
export type GeneratedTypesMatchTheSchema = [
  Assert<Same<Generated.ContractValue, Schema.ContractValue>>,
  Assert<Same<Generated.ContractInput, Schema.ContractInput>>,
  Assert<Same<Generated.ContractData, Schema.ContractData>>,
  Assert<Same<Generated.VariableEntry, Schema.VariableEntry>>,
  Assert<Same<Generated.ArgumentEntry, Schema.ArgumentEntry>>,
  Assert<Same<Generated.FunctionEntry, Schema.FunctionEntry>>,
  Assert<Same<Generated.MethodEntry, Schema.MethodEntry>>,
  Assert<Same<Generated.AttributeEntry, Schema.AttributeEntry>>,
  Assert<Same<Generated.ClassEntry, Schema.ClassEntry>>,
  Assert<Same<Generated.ImportKind, Schema.ImportKind>>,
  Assert<Same<Generated.ImportRuleEntry, Schema.ImportRuleEntry>>,
  Assert<Same<Generated.ImportsEntry, Schema.ImportsEntry>>,
  Assert<Same<Generated.ModuleExpectation, Schema.ModuleExpectation>>,
  Assert<Same<Generated.EnvVariableEntry, Schema.EnvVariableEntry>>,
  Assert<Same<Generated.SecretEntry, Schema.SecretEntry>>,
  Assert<Same<Generated.PackageEntry, Schema.PackageEntry>>,
  Assert<Same<Generated.PermissionsEntry, Schema.PermissionsEntry>>,
  Assert<Same<Generated.RuntimeEntry, Schema.RuntimeEntry>>,
  Assert<Same<Generated.SystemEntry, Schema.SystemEntry>>,
  Assert<Same<Generated.DeploymentEntry, Schema.DeploymentEntry>>,
  Assert<Same<Generated.ProjectConfigInput, Schema.ProjectConfigInput>>,
];
