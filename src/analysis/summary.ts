/**
 * What one file declares, imports and exports, before anything is followed into other files.
 * The linker (link.ts) joins these summaries; the builders (declarations.ts) turn the nodes they
 * point at into the model. The summary's shapes and the declaration recorder are in bindings.ts.
 */
import type { Declaration, Expression, ModuleExportName, Statement, Directive, VariableDeclarator } from 'oxc-parser';
import { isIdentifier, literalString, memberName, unwrap, walk, type AnyNode } from './ast.js';
import type { ImportModel } from './model.js';
import { languageOf, type ParsedFile } from './source.js';
import { isDeclarationFile } from './resolve.js';
import { collectCommonJs } from './commonjs.js';
import { collectPrototypes } from './prototype.js';
import { declare, expressionTarget, setLocal, type FileSummary } from './bindings.js';

export function summarize(parsed: ParsedFile): FileSummary {
  const summary: FileSummary = {
    parsed,
    locals: new Map(),
    esmExports: new Map(),
    cjsExports: new Map(),
    esmStars: [],
    cjsStars: [],
    usesCommonJsExports: false,
    exportsReplaced: false,
    imports: [],
    prototypes: new Map(),
    reassigned: new Set(),
    openExports: [],
  };
  for (const statement of parsed.program.body) collectStatement(summary, statement);
  // CommonJS exports (and TypeScript's `export =`) once every top-level name is known.
  collectCommonJs(summary);
  const reassigned = reassignedNames(summary.reassigned);
  if (parsed.source.includes('prototype')) {
    summary.prototypes = collectPrototypes(parsed.program, parsed.source, summary.locals, reassigned);
    summary.imports = collectImports(parsed);
  } else {
    // One walk finds both: the nodes the import walk skips (import and re-export statements) assign nothing.
    summary.imports = collectImports(parsed, reassigned);
  }
  return summary;
}

/**
 * What a contract about imports alone needs of a file: its identity, its format and its own
 * imports. A `FileSummary` is one; the light form keeps no source text or syntax tree.
 */
export interface ImportsSummary {
  parsed: Pick<ParsedFile, 'file' | 'hash' | 'language' | 'declarationOnly' | 'hasModuleSyntax'>;
  imports: ImportModel[];
  usesCommonJsExports: boolean;
}

/** A file's own imports, in source order: from oxc's module record when it says everything, else from the tree. */
export function ownImports(parsed: ParsedFile): ImportModel[] {
  return recordImports(parsed) ?? collectImports(parsed);
}

/**
 * Without a backslash every identifier and string is spelled out in the text, and then no
 * `require()`, `module.require()`, `createRequire()` or `import x = require()` can be written
 * without the word `require`, and no `process.getBuiltinModule()`, `process.binding()` or
 * `globalThis['process']` without `process`. With a backslash an escape may spell either one
 * (`requ\u0069re`, `process['bind\x69ng']`), so a backslash anywhere counts as well.
 */
const LOADER_WORDS = ['require', 'process', '\\'];

/**
 * Whether `ownImports` will surely walk the syntax tree of this file (known before parsing): a
 * TypeScript or declaration file, or text with one of LOADER_WORDS. Otherwise the module record
 * may be enough.
 */
export function importsNeedTree(file: string, source: string): boolean {
  if (languageOf(file) !== 'js' || isDeclarationFile(file)) return true;
  return LOADER_WORDS.some((word) => source.includes(word));
}

function occurrences(source: string, word: string): number {
  let count = 0;
  for (let at = source.indexOf(word); at !== -1; at = source.indexOf(word, at + word.length)) count++;
  return count;
}

/**
 * The imports of a JavaScript file read from oxc's module record alone, without turning its
 * syntax tree into objects — or undefined when the record might not say everything, and the
 * tree must be walked. The record lists static imports, re-exports, dynamic imports and
 * `import.meta`, but not `require()` and its kin (none can be written without one of
 * LOADER_WORDS), and not `export {} from 'x'` (no names, no entry). So the record is used only
 * when the text has none of those words, no dynamic import (its argument would have to be read
 * from the tree), and every `import` and `export` word of the text the first word of a
 * recorded statement (or `import.meta`): then no word is left for a statement the record
 * leaves out. TypeScript files (type-only imports) always use the tree.
 */
function recordImports(parsed: ParsedFile): ImportModel[] | undefined {
  const { source, module, lines } = parsed;
  if (parsed.language !== 'js' || parsed.declarationOnly || module.dynamicImports.length > 0) return undefined;
  for (const word of LOADER_WORDS) if (source.includes(word)) return undefined;
  // Every recorded statement must start with its keyword, at a distinct offset, and the text
  // must hold no other occurrence of the word: then no statement is missing from the record.
  const importStarts = new Set([...module.staticImports, ...module.importMetas].map((item) => item.start));
  for (const at of importStarts) if (!source.startsWith('import', at)) return undefined;
  if (occurrences(source, 'import') !== importStarts.size) return undefined;
  // `export { x }` of an imported `x` is recorded with the import statement's span: not an export statement.
  const exportStatements = new Map<number, (typeof module.staticExports)[number]>();
  for (const statement of module.staticExports) {
    if (source.startsWith('export', statement.start) && !exportStatements.has(statement.start)) exportStatements.set(statement.start, statement);
  }
  if (occurrences(source, 'export') !== exportStatements.size) return undefined;
  const found: Array<{ at: number; specifier: string; kind: 'static' | 'reexport' }> = [];
  for (const statement of module.staticImports) found.push({ at: statement.start, specifier: statement.moduleRequest.value, kind: 'static' });
  for (const statement of exportStatements.values()) {
    // Only a request written inside the statement (`export ... from 'x'`) makes it a re-export.
    const from = statement.entries[0]?.moduleRequest;
    if (from !== null && from !== undefined && from.start >= statement.start && from.end <= statement.end) {
      found.push({ at: statement.start, specifier: from.value, kind: 'reexport' });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return found.map(({ at, specifier, kind }) => ({ specifier, kind, typeOnly: false, location: lines.locate(at) }));
}

function collectStatement(summary: FileSummary, statement: Directive | Statement): void {
  switch (statement.type) {
    case 'ImportDeclaration':
      for (const specifier of statement.specifiers) {
        const imported =
          specifier.type === 'ImportSpecifier'
            ? exportName(specifier.imported)
            : specifier.type === 'ImportDefaultSpecifier'
              ? 'default'
              : '*';
        setLocal(summary, specifier.local.name, {
          kind: 'import',
          specifier: statement.source.value,
          imported,
          at: specifier.start,
        });
      }
      return;
    case 'ExportNamedDeclaration':
      collectNamedExport(summary, statement);
      return;
    case 'ExportDefaultDeclaration':
      collectDefaultExport(summary, statement.declaration, statement.start);
      return;
    case 'ExportAllDeclaration':
      if (statement.exportKind === 'type') return;
      if (statement.exported === null) {
        summary.esmStars.push({ specifier: statement.source.value, includeDefault: false, at: statement.start });
      } else {
        summary.esmExports.set(exportName(statement.exported), {
          kind: 'reexport',
          specifier: statement.source.value,
          imported: '*',
          at: statement.start,
        });
      }
      return;
    default:
      if (isDeclaration(statement)) declare(summary, statement, statement.start);
  }
}

function isDeclaration(statement: Directive | Statement): statement is Declaration {
  return (
    statement.type === 'VariableDeclaration' ||
    statement.type === 'FunctionDeclaration' ||
    statement.type === 'TSDeclareFunction' ||
    statement.type === 'ClassDeclaration' ||
    statement.type === 'TSEnumDeclaration' ||
    statement.type === 'TSModuleDeclaration' ||
    statement.type === 'TSImportEqualsDeclaration'
  );
}

function exportName(node: ModuleExportName): string {
  return node.type === 'Literal' ? node.value : node.name;
}

function collectNamedExport(
  summary: FileSummary,
  statement: Extract<Statement, { type: 'ExportNamedDeclaration' }>,
): void {
  // oxc marks `export declare ...` as a type export: nothing exists at run time in a .ts file,
  // but in a .d.ts file that is how every runtime export is described.
  if (statement.exportKind === 'type' && !(summary.parsed.declarationOnly && statement.declaration !== null)) return;
  if (statement.declaration !== null) {
    for (const name of declare(summary, statement.declaration, statement.start)) {
      summary.esmExports.set(name, { kind: 'local', local: name, at: statement.start });
    }
    return;
  }
  for (const specifier of statement.specifiers) {
    if (specifier.exportKind === 'type') continue;
    const exported = exportName(specifier.exported);
    const local = exportName(specifier.local);
    summary.esmExports.set(
      exported,
      statement.source === null
        ? { kind: 'local', local, at: specifier.start }
        : { kind: 'reexport', specifier: statement.source.value, imported: local, at: specifier.start },
    );
  }
}

function collectDefaultExport(
  summary: FileSummary,
  declaration: Extract<Statement, { type: 'ExportDefaultDeclaration' }>['declaration'],
  anchor: number,
): void {
  if (declaration.type === 'TSInterfaceDeclaration') return;
  if (declaration.type === 'FunctionDeclaration' || declaration.type === 'TSDeclareFunction') {
    summary.esmExports.set('default', {
      kind: 'binding',
      binding: { kind: 'function', node: declaration, at: declaration.start, anchor },
    });
    if (declaration.id !== null) declare(summary, declaration, anchor);
    return;
  }
  if (declaration.type === 'ClassDeclaration') {
    summary.esmExports.set('default', {
      kind: 'binding',
      binding: { kind: 'class', node: declaration, at: declaration.start, anchor },
    });
    if (declaration.id !== null) declare(summary, declaration, anchor);
    return;
  }
  summary.esmExports.set('default', expressionTarget(declaration, anchor));
}

/**
 * Names assigned after their declaration (`prefix = false`, `count++`, `table.x = 1`), in any
 * scope: variables of the same name in different functions are not told apart, so the answer is
 * then "unknown", never wrong.
 */
function reassignedNames(names: Set<string>): (node: AnyNode) => void {
  return (node) => {
    const n = node as Expression;
    let target = n.type === 'AssignmentExpression' ? n.left : n.type === 'UpdateExpression' ? n.argument : undefined;
    // `table[key] = value` changes the object a literal initialised: its value is no longer known.
    while (target?.type === 'MemberExpression') target = target.object as typeof target;
    if (target?.type === 'Identifier') names.add(target.name);
  };
}

/**
 * Every import of the file, in source order: static, re-exports, dynamic `import()`, `require()`
 * (also `module.require()` and a function made by `createRequire()`), and the ways of reaching a
 * builtin without an import: `process.getBuiltinModule()` and `process.binding()` /
 * `process._linkedBinding()`.
 */
function collectImports(parsed: ParsedFile, alsoVisit?: (node: AnyNode) => void): ImportModel[] {
  const { program, lines } = parsed;
  const imports: ImportModel[] = [];
  // Calls of a plain identifier other than `require`, kept until the walk has seen every
  // `x = createRequire(...)`: those of such an `x` are imports too. One walk serves both.
  const calls: Array<{ name: string; specifier: string | null; at: number; order: number }> = [];
  const requires = new Set<string>();
  const argumentOf = (call: { arguments: ReadonlyArray<Expression | { type: 'SpreadElement' }> }): string | null => {
    const argument = call.arguments[0];
    return argument === undefined || argument.type === 'SpreadElement' ? null : literalString(argument as Expression);
  };
  const add = (entry: Omit<ImportModel, 'location'>, at: number): void => {
    imports.push({ ...entry, location: lines.locate(at) });
  };
  walk(program, (node) => {
    alsoVisit?.(node);
    const n = node as Statement | Expression | VariableDeclarator;
    switch (n.type) {
      case 'ImportDeclaration': {
        const allTypes = n.specifiers.length > 0 && n.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type');
        add({ specifier: n.source.value, kind: 'static', typeOnly: n.importKind === 'type' || allTypes }, n.start);
        return false;
      }
      case 'ExportNamedDeclaration':
        if (n.source !== null) {
          const allTypes = n.specifiers.length > 0 && n.specifiers.every((s) => s.exportKind === 'type');
          add({ specifier: n.source.value, kind: 'reexport', typeOnly: n.exportKind === 'type' || allTypes }, n.start);
          return false;
        }
        return;
      case 'ExportAllDeclaration':
        add({ specifier: n.source.value, kind: 'reexport', typeOnly: n.exportKind === 'type' }, n.start);
        return false;
      case 'TSImportEqualsDeclaration':
        if (n.moduleReference.type === 'TSExternalModuleReference') {
          add({ specifier: n.moduleReference.expression.value, kind: 'require', typeOnly: n.importKind === 'type' }, n.start);
        }
        return false;
      case 'ImportExpression':
        add({ specifier: literalString(n.source), kind: 'dynamic', typeOnly: false }, n.start);
        return;
      case 'VariableDeclarator':
        if (n.id.type === 'Identifier' && isCreateRequireCall(unwrap(n.init))) requires.add(n.id.name);
        return;
      case 'AssignmentExpression':
        if (n.left.type === 'Identifier' && isCreateRequireCall(unwrap(n.right))) requires.add(n.left.name);
        return;
      case 'CallExpression': {
        if (n.arguments.length === 0) return;
        const callee = unwrap(n.callee);
        if (callee?.type === 'Identifier' && callee.name !== 'require') {
          calls.push({ name: callee.name, specifier: argumentOf(n), at: n.start, order: imports.length });
          return;
        }
        const kind = loaderCall(n.callee);
        if (kind !== null) add({ specifier: argumentOf(n), kind, typeOnly: false }, n.start);
        return;
      }
      default:
        return;
    }
  });
  // Splice in the calls of functions made by createRequire, in source order.
  const made = calls.filter((c) => requires.has(c.name));
  for (let i = made.length - 1; i >= 0; i--) {
    const c = made[i] as (typeof made)[number];
    imports.splice(c.order, 0, { specifier: c.specifier, kind: 'require', typeOnly: false, location: lines.locate(c.at) });
  }
  return imports;
}

function isCreateRequireCall(node: Expression | null | undefined): boolean {
  if (node?.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee);
  return isIdentifier(callee, 'createRequire') || (callee?.type === 'MemberExpression' && memberName(callee) === 'createRequire');
}

/** What a call loads, if it is one of the calls that load a module: `require(x)` and its kin. */
function loaderCall(callee: Expression | { type: string }): ImportModel['kind'] | null {
  const node = unwrap(callee as Expression);
  if (node === null || node === undefined) return null;
  if (node.type === 'Identifier') return node.name === 'require' ? 'require' : null;
  // `createRequire(url)('x')`
  if (node.type === 'CallExpression') return isCreateRequireCall(node) ? 'require' : null;
  if (node.type !== 'MemberExpression') return null;
  const name = memberName(node);
  const object = unwrap(node.object);
  // `module.require('x')`
  if (name === 'require' && isIdentifier(object, 'module')) return 'require';
  if (!isProcess(object)) return null;
  if (name === 'getBuiltinModule') return 'builtin';
  if (name === 'binding' || name === '_linkedBinding') return 'binding';
  return null;
}

/** `process` or `globalThis.process`. */
function isProcess(node: Expression | null | undefined): boolean {
  if (isIdentifier(node, 'process')) return true;
  return node?.type === 'MemberExpression' && memberName(node) === 'process' && isIdentifier(unwrap(node.object), 'globalThis');
}
