/**
 * The module model: what ImportSpy knows about a module, whether read statically from its source
 * or from its live exports (runtime mode). Plain data only, so it serialises to JSON as is.
 */

/** A place in a source file. Lines and columns are 1-based. */
export interface SourceLocation {
  /** Path of the file, as given to the analyser (absolute when it resolved the file). */
  file: string;
  line: number;
  column: number;
}

/** A JSON-compatible value that ImportSpy could evaluate statically. */
export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | LiteralValue[]
  | { [key: string]: LiteralValue };

/** A value slot: `known` is false when the initializer exists but cannot be evaluated statically. */
export interface ValueModel {
  known: boolean;
  /** Present when `known` is true. */
  value?: LiteralValue;
}

export interface ParameterModel {
  /** The identifier, or the normalised pattern text for a destructured parameter (`{ a, b }`). */
  name: string;
  /** 0-based position, `this` parameters excluded. */
  position: number;
  /** Declared annotation (TypeScript type text, or JSDoc `@param {T}` in JS). */
  annotation?: string;
  /** The default value, when the parameter has one. */
  default?: ValueModel;
  /** `?` or a default value. */
  optional: boolean;
  rest: boolean;
  location: SourceLocation;
}

export interface FunctionModel {
  name: string;
  async: boolean;
  generator: boolean;
  parameters: ParameterModel[];
  /** Declared return annotation (or JSDoc `@returns {T}`). */
  returnAnnotation?: string;
  location: SourceLocation;
}

export interface MethodModel extends FunctionModel {
  static: boolean;
  /** `get`/`set` accessors also appear as attributes. */
  kind: 'method' | 'get' | 'set';
}

export interface AttributeModel {
  name: string;
  /** `class`: a static member; `instance`: a member of every instance. */
  type: 'class' | 'instance';
  /** Declared annotation, else one inferred from a literal initializer. */
  annotation?: string;
  /** True when `annotation` was written in the source (not inferred). */
  annotationDeclared: boolean;
  value?: ValueModel;
  location: SourceLocation;
}

/** One class of an `extends` chain, as far as it could be followed. */
export interface SuperclassModel {
  name: string;
  /** File that declares it, when it was found. */
  file?: string;
  /** False when the declaration could not be found (an unresolvable import, a computed base). */
  resolved: boolean;
  attributes: AttributeModel[];
  methods: MethodModel[];
  implements: string[];
}

export interface ClassModel {
  name: string;
  attributes: AttributeModel[];
  methods: MethodModel[];
  /** The whole `extends` chain, nearest base first. */
  superclasses: SuperclassModel[];
  implements: string[];
  location: SourceLocation;
}

export interface VariableModel {
  name: string;
  /** Declared annotation, else inferred from a literal initializer (widened unless `as const`). */
  annotation?: string;
  annotationDeclared: boolean;
  value?: ValueModel;
  /** Initialised with `as const`. */
  constAssertion: boolean;
  location: SourceLocation;
}

export interface ImportModel {
  /** The specifier, or null when it is not a literal (a computed `import(x)` or `require(x)`). */
  specifier: string | null;
  kind: 'static' | 'reexport' | 'dynamic' | 'require';
  /** `import type` / `export type ... from`: gone at run time. */
  typeOnly: boolean;
  location: SourceLocation;
}

export interface ModuleModel {
  /** Absolute path of the analysed file. */
  file: string;
  /** Basename of the file. */
  filename: string;
  format: 'esm' | 'cjs';
  language: 'ts' | 'js';
  /** How the model was built. */
  mode: 'static' | 'runtime';
  /** Exported `version`/`VERSION` string, else the nearest package.json `version`. */
  version?: { value: string; source: 'export' | 'package.json'; location?: SourceLocation };
  variables: VariableModel[];
  functions: FunctionModel[];
  classes: ClassModel[];
  imports: ImportModel[];
  /** Every exported name, including ones whose kind could not be determined. */
  exports: string[];
  /** Exported names whose declaration could not be found or classified statically. */
  unresolvedExports: string[];
  /** Non-fatal notes (a circular re-export, a symlink loop, an unresolvable base class). */
  notes: string[];
}
