import { fileURLToPath } from 'node:url';
import type { ClassModel, FunctionModel, ModuleModel, VariableModel } from '../../src/analysis/model.js';

/** Absolute path of a file under test/fixtures/modules. */
export function fixture(relative: string): string {
  return fileURLToPath(new URL(`../fixtures/modules/${relative}`, import.meta.url));
}

function find<T extends { name: string }>(items: T[], name: string, kind: string): T {
  const item = items.find((candidate) => candidate.name === name);
  if (item === undefined) throw new Error(`no ${kind} named ${name} in [${items.map((i) => i.name).join(', ')}]`);
  return item;
}

export const variable = (model: ModuleModel, name: string): VariableModel => find(model.variables, name, 'variable');
export const fn = (model: ModuleModel, name: string): FunctionModel => find(model.functions, name, 'function');
export const cls = (model: ModuleModel, name: string): ClassModel => find(model.classes, name, 'class');
