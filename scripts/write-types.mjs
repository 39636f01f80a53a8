// Writes src/contract/types.generated.ts: the contract's TypeScript types, expanded from the zod
// schema (src/contract/schema.ts, the one source of truth) into plain types. Users of
// `defineContract` then type-check against plain object types, not zod's generic machinery (which
// cost a consumer about 20 s and 114k types per check). `--check` fails when the file is stale;
// src/contract/types-check.ts proves both sides are the same types.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const schemaFile = fileURLToPath(new URL('../src/contract/schema.ts', import.meta.url));
const target = new URL('../src/contract/types.generated.ts', import.meta.url);
const NAMES = [
  'ContractValue',
  'ContractInput',
  'ContractData',
  'VariableEntry',
  'ArgumentEntry',
  'FunctionEntry',
  'MethodEntry',
  'AttributeEntry',
  'ClassEntry',
  'ImportKind',
  'ImportRuleEntry',
  'ImportsEntry',
  'ModuleExpectation',
  'EnvVariableEntry',
  'SecretEntry',
  'PackageEntry',
  'PermissionsEntry',
  'RuntimeEntry',
  'SystemEntry',
  'DeploymentEntry',
  'ProjectConfigInput',
];

const program = ts.createProgram([schemaFile], {
  strict: true,
  exactOptionalPropertyTypes: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  skipLibCheck: true,
  types: [],
});
const checker = program.getTypeChecker();
const source = program.getSourceFile(schemaFile);
const exports = new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(source)).map((s) => [s.name, s]));
const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });

/**
 * What each field means, written on every property of the generated types (TypeDoc and editors
 * show it): FIELD_DOCS of src/contract/field-docs.ts, the same text the JSON Schema carries,
 * read from that file's syntax tree.
 */
function fieldDocs(name) {
  const file = program.getSourceFile(fileURLToPath(new URL('../src/contract/field-docs.ts', import.meta.url)));
  if (!file) throw new Error('src/contract/schema.ts no longer imports field-docs.ts');
  const docs = {};
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) {
      let init = node.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
      for (const p of init.properties) {
        if (ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer)) docs[ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : ''] = p.initializer.text;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return docs;
}
const FIELD_DOCS = fieldDocs('FIELD_DOCS');
/** The configuration's fields have their own texts (its `modules` are globs, not expectations). */
const DOCS_OF = { ProjectConfigInput: fieldDocs('CONFIG_FIELD_DOCS') };

/** Puts each field's description on every property signature of a printed type. */
function documentFields(root, docs) {
  const visit = (node) => {
    let next = ts.visitEachChild(node, visit, undefined);
    if (ts.isPropertySignature(next) && (ts.isIdentifier(next.name) || ts.isStringLiteral(next.name))) {
      const text = docs[next.name.text];
      // A fresh node: the printer drops comments on nodes the type checker marked as synthesized.
      next = ts.factory.createPropertySignature(next.modifiers, next.name, next.questionToken, next.type);
      if (text) ts.addSyntheticLeadingComment(next, ts.SyntaxKind.MultiLineCommentTrivia, `* ${text} `, true);
    }
    return next;
  };
  return visit(root);
}

const doc = (symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
const oneLine = (type) => checker.typeToString(type, source, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias).replace(/\bClassInputShape\b/g, 'ClassEntry');

/** Every named type, as one line of type text; ClassEntry as its members' texts. */
const declaredOf = (symbol) => checker.getDeclaredTypeOfSymbol(symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
const entries = NAMES.map((name) => {
  const symbol = exports.get(name);
  if (!symbol) throw new Error(`schema.ts does not export ${name}`);
  const declared = declaredOf(symbol);
  const members =
    name === 'ClassEntry'
      ? checker.getPropertiesOfType(declared).map((p) => ({ name: p.name, optional: Boolean(p.flags & ts.SymbolFlags.Optional), text: oneLine(checker.getTypeOfSymbol(p)) }))
      : undefined;
  return { name, comment: doc(symbol), text: oneLine(declared), members };
});

/*
 * Where the text of an entry type appears inside another, write the entry's name instead: the
 * generated file then reads as the schema does (a deployment holds SystemEntry[], ...) rather
 * than as one expansion per use. Identical text is the identical type; types-check.ts proves the
 * result still equals what zod infers.
 */
const named = entries
  .filter((e) => !['ContractValue', 'ContractInput', 'ContractData', 'ClassEntry'].includes(e.name) && (e.text.startsWith('{') || e.name.startsWith('Import')))
  .sort((a, b) => b.text.length - a.text.length);
const refer = (text, self) => named.reduce((out, e) => (e.name === self ? out : out.split(e.text).join(e.name)), text);

/** Pretty-prints one line of type text, with every field's description on it. */
function pretty(text, docs = FIELD_DOCS) {
  const file = ts.createSourceFile('t.ts', `type T = ${text};`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const alias = file.statements[0];
  return printer.printNode(ts.EmitHint.Unspecified, documentFields(alias.type, docs), file);
}

const blocks = entries.map((e) => {
  const head = e.comment ? `/** ${e.comment} */\n` : '';
  if (e.members) {
    // A recursive interface: printed member by member so that it keeps its name.
    const members = e.members.map((m) => {
      const text = FIELD_DOCS[m.name];
      return `${text ? `  /** ${text} */\n` : ''}  ${m.name}${m.optional ? '?' : ''}: ${pretty(refer(m.text, e.name)).replace(/\n/g, '\n  ')};`;
    });
    return `${head}export interface ClassEntry {\n${members.join('\n')}\n}`;
  }
  return `${head}export type ${e.name} = ${pretty(refer(e.text, e.name), DOCS_OF[e.name] ?? FIELD_DOCS)};`;
});

const text = `// Generated by scripts/write-types.mjs from src/contract/schema.ts: do not edit.
// \`npm run types\` rewrites it; a test fails when it is stale.
/* eslint-disable */

${blocks.join('\n\n')}
`;

const formatted = ts.sys.newLine === '\n' ? text : text.replace(/\r\n/g, '\n');
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== formatted) {
    console.error('src/contract/types.generated.ts is stale: run `npm run types`');
    process.exitCode = 1;
  }
} else {
  writeFileSync(target, formatted);
  console.log('wrote src/contract/types.generated.ts');
}
