/**
 * The module model: what ImportSpy knows about a module, whether read statically from its source
 * or from its live exports (runtime mode). Plain data only, so it serialises to JSON as is.
 */

/** A place in a source file. Lines and columns are 1-based. */
export interface SourceLocation {
  /** Path of the file, as given to the analyser (absolute when it resolved the file). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
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
  /** Whether the value could be evaluated. */
  known: boolean;
  /** Present when `known` is true. */
  value?: LiteralValue;
}

/** A parameter of a function or method. */
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
  /** A rest parameter (`...args`). */
  rest: boolean;
  /** Where the parameter is declared. */
  location: SourceLocation;
}

/** An exported function. */
export interface FunctionModel {
  /** The export name. */
  name: string;
  /** Declared `async`. */
  async: boolean;
  /** A generator function (`function*`). */
  generator: boolean;
  /** The parameters, in order. */
  parameters: ParameterModel[];
  /** Declared return annotation (or JSDoc `@returns {T}`). */
  returnAnnotation?: string;
  /**
   * TypeScript overload signatures (`function f(a: string): void;` before the implementation, or
   * several declarations in a `.d.ts`). Callers see only these, so a contract entry is checked
   * against them: it matches when one of them matches. Absent for a function with one signature.
   */
  overloads?: FunctionModel[];
  /** Where the function is declared. */
  location: SourceLocation;
}

/** A method or accessor of a class. */
export interface MethodModel extends FunctionModel {
  /** Declared `static`. */
  static: boolean;
  /**
   * `get`/`set` accessors also appear as attributes. `constructor`: the class's constructor,
   * named `constructor`.
   */
  kind: 'method' | 'get' | 'set' | 'constructor';
  /** A function-valued property (`run = (x: string) => {}`), which also appears as an attribute. */
  property?: boolean;
}

/** A field of a class: a static member, or an instance member. */
export interface AttributeModel {
  /** The member name. */
  name: string;
  /** `class`: a static member; `instance`: a member of every instance. */
  type: 'class' | 'instance';
  /** Declared annotation, else one inferred from a literal initializer. */
  annotation?: string;
  /** True when `annotation` was written in the source (not inferred). */
  annotationDeclared: boolean;
  /** The initializer, when there is one. */
  value?: ValueModel;
  /** Where the member is declared. */
  location: SourceLocation;
}

/** One class of an `extends` chain, as far as it could be followed. */
export interface SuperclassModel {
  /** The base class name as written in `extends`. */
  name: string;
  /** File that declares it, when it was found. */
  file?: string;
  /** False when the declaration could not be found (an unresolvable import, a computed base). */
  resolved: boolean;
  /** The base class's own attributes. */
  attributes: AttributeModel[];
  /** The base class's own methods. */
  methods: MethodModel[];
  /** The base class's own `implements` names. */
  implements: string[];
}

/** An exported class. */
export interface ClassModel {
  /** The export name. */
  name: string;
  /** Its own attributes (inherited ones are on `superclasses`). */
  attributes: AttributeModel[];
  /** Its own methods (inherited ones are on `superclasses`). */
  methods: MethodModel[];
  /** The whole `extends` chain, nearest base first. */
  superclasses: SuperclassModel[];
  /** Names in its TypeScript `implements` clause. */
  implements: string[];
  /** Where the class is declared. */
  location: SourceLocation;
}

/** An exported binding that is neither a function nor a class. */
export interface VariableModel {
  /** The export name. */
  name: string;
  /** Declared annotation, else inferred from a literal initializer (widened unless `as const`). */
  annotation?: string;
  /** True when `annotation` was written in the source (not inferred). */
  annotationDeclared: boolean;
  /** The initializer, when there is one. */
  value?: ValueModel;
  /** Initialised with `as const`. */
  constAssertion: boolean;
  /** Where the binding is declared. */
  location: SourceLocation;
}

/** Something the module imports: a static import, a re-export, `import()` or `require()`. */
export interface ImportModel {
  /** The specifier, or null when it is not a literal (a computed `import(x)` or `require(x)`). */
  specifier: string | null;
  /**
   * How the module imports it: `builtin` is `process.getBuiltinModule()`, `binding` is
   * `process.binding()` or `process._linkedBinding()` (the specifier is the binding's name).
   */
  kind: 'static' | 'reexport' | 'dynamic' | 'require' | 'builtin' | 'binding';
  /** `import type` / `export type ... from`: gone at run time. */
  typeOnly: boolean;
  /** Where the import is written. */
  location: SourceLocation;
}

/** What ImportSpy knows about one module: its exports, imports and version. */
export interface ModuleModel {
  /** Absolute path of the analysed file. */
  file: string;
  /** Basename of the file. */
  filename: string;
  /** ES module or CommonJS. */
  format: 'esm' | 'cjs';
  /** TypeScript or JavaScript source. */
  language: 'ts' | 'js';
  /** How the model was built. */
  mode: 'static' | 'runtime';
  /** Exported `version`/`VERSION` string, else the nearest package.json `version`. */
  version?: {
    /** The version string. */
    value: string;
    /** Where it was read. */
    source: 'export' | 'package.json';
    /** The export, when it came from one. */
    location?: SourceLocation;
  };
  /** Exported variables. */
  variables: VariableModel[];
  /** Exported functions. */
  functions: FunctionModel[];
  /** Exported classes. */
  classes: ClassModel[];
  /** Everything the module imports, in source order. */
  imports: ImportModel[];
  /** Every exported name, including ones whose kind could not be determined. */
  exports: string[];
  /** Exported names whose declaration could not be found or classified statically. */
  unresolvedExports: string[];
  /**
   * `export *` (or `module.exports = require(...)`) specifiers that could not be followed: the
   * module may export names beyond `exports`, so an absent name is unverifiable, not missing.
   * Absent when every re-export was followed.
   */
  unresolvedReexports?: string[];
  /**
   * Why the CommonJS exports object may have members beyond `exports` (it is passed to a call
   * ImportSpy cannot follow, such as `extend(instance, proto)`): an absent name is unverifiable,
   * not missing. Absent when nothing opaque touches the object.
   */
  openExports?: string[];
  /** Non-fatal notes (a circular re-export, a symlink loop, an unresolvable base class). */
  notes: string[];
}
