/**
 * Filling annotations from a second description of the same module: a `.d.ts` beside a `.js`
 * file, or (in runtime mode) the static model of the loaded file. The first model decides what
 * exists; the second only supplies annotations the first lacks.
 */
import type {
  AttributeModel,
  ClassModel,
  FunctionModel,
  MethodModel,
  ModuleModel,
  VariableModel,
} from './model.js';

export function mergeDeclarations(model: ModuleModel, declarations: ModuleModel): void {
  adoptOpenShapes(model, declarations);
  for (const variable of model.variables) {
    const declared = declarations.variables.find((candidate) => candidate.name === variable.name);
    if (declared !== undefined) mergeVariable(variable, declared);
  }
  for (const fn of model.functions) {
    const declared = declarations.functions.find((candidate) => candidate.name === fn.name);
    if (declared !== undefined) mergeFunction(fn, declared);
  }
  for (const cls of model.classes) {
    const declared = declarations.classes.find((candidate) => candidate.name === cls.name);
    if (declared !== undefined) mergeClass(cls, declared);
  }
}

/**
 * Where the JavaScript leaves an export open — a name whose kind could not be told, a variable
 * of unknown value and type, or names behind an `export *` that could not be followed — the
 * declarations' shape of it is taken (what TypeScript's users are shown).
 */
function adoptOpenShapes(model: ModuleModel, declarations: ModuleModel): void {
  const open = new Set(model.unresolvedExports);
  for (const variable of model.variables) {
    if (variable.value?.known === false && variable.annotation === undefined) open.add(variable.name);
  }
  const beyond = (model.unresolvedReexports?.length ?? 0) > 0 || (model.openExports?.length ?? 0) > 0;
  const adopt = (name: string): boolean => open.has(name) || (beyond && !model.exports.includes(name));
  const release = (name: string): void => {
    model.variables = model.variables.filter((variable) => variable.name !== name);
    model.functions = model.functions.filter((fn) => fn.name !== name);
    model.classes = model.classes.filter((cls) => cls.name !== name);
    model.unresolvedExports = model.unresolvedExports.filter((other) => other !== name);
    if (!model.exports.includes(name)) model.exports.push(name);
  };
  for (const fn of declarations.functions.filter((candidate) => adopt(candidate.name))) {
    release(fn.name);
    model.functions.push(structuredClone(fn));
  }
  for (const cls of declarations.classes.filter((candidate) => adopt(candidate.name))) {
    release(cls.name);
    model.classes.push(structuredClone(cls));
  }
  for (const variable of declarations.variables.filter((candidate) => candidate.annotation !== undefined && adopt(candidate.name) && !model.variables.some((v) => v.name === candidate.name))) {
    release(variable.name);
    model.variables.push(structuredClone(variable));
  }
}

function mergeVariable(variable: VariableModel, declared: VariableModel): void {
  if (variable.annotationDeclared || declared.annotation === undefined || !declared.annotationDeclared) return;
  variable.annotation = declared.annotation;
  variable.annotationDeclared = true;
}

export function mergeFunction(fn: FunctionModel, declared: FunctionModel): void {
  for (const parameter of fn.parameters) {
    const other = declared.parameters[parameter.position];
    if (other === undefined) continue;
    if (parameter.annotation === undefined && other.annotation !== undefined) parameter.annotation = other.annotation;
    if (other.optional) parameter.optional = true;
  }
  if (fn.returnAnnotation === undefined && declared.returnAnnotation !== undefined) {
    fn.returnAnnotation = declared.returnAnnotation;
  }
  // Overloads a .d.ts declares are what TypeScript's callers can call.
  if (fn.overloads === undefined && declared.overloads !== undefined) fn.overloads = structuredClone(declared.overloads);
}

export function mergeClass(cls: Pick<ClassModel, 'attributes' | 'methods' | 'implements'>, declared: Pick<ClassModel, 'attributes' | 'methods' | 'implements'>): void {
  for (const attribute of cls.attributes) {
    const other = declared.attributes.find((candidate) => sameAttribute(candidate, attribute));
    if (other !== undefined && !attribute.annotationDeclared && other.annotationDeclared && other.annotation !== undefined) {
      attribute.annotation = other.annotation;
      attribute.annotationDeclared = true;
    }
  }
  for (const method of cls.methods) {
    const other = declared.methods.find((candidate) => sameMethod(candidate, method));
    if (other !== undefined) mergeFunction(method, other);
  }
  for (const name of declared.implements) if (!cls.implements.includes(name)) cls.implements.push(name);
}

function sameAttribute(a: AttributeModel, b: AttributeModel): boolean {
  return a.name === b.name && a.type === b.type;
}

function sameMethod(a: MethodModel, b: MethodModel): boolean {
  return a.name === b.name && a.static === b.static && a.kind === b.kind;
}
