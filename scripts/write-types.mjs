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
  'ImportsEntry',
  'ModuleExpectation',
  'EnvVariableEntry',
  'SecretEntry',
  'PackageEntry',
  'RuntimeEntry',
  'SystemEntry',
  'DeploymentEntry',
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
const flags = ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.InTypeAlias | ts.NodeBuilderFlags.MultilineObjectLiterals | ts.NodeBuilderFlags.IgnoreErrors;
const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });

/** What each field means, written on every property of the generated types (TypeDoc shows it). */
const FIELD_DOCS = {
  $schema: 'Editor hint (the JSON Schema to validate against); ignored.',
  name: 'The exact name to match.',
  hint: "Remediation text shown with this entry's violations.",
  severity: '`warn`: reported, never blocking. Default `error`.',
  annotation: 'TypeScript type text, compared after normalisation.',
  value: 'The value, deep-equal after evaluation (or after coercion, for an environment variable).',
  optional: 'Whether the parameter has `?` or a default; omitted, either.',
  async: 'Whether the function must be (true) or must not be (false) async; omitted, either.',
  static: 'Whether the method must be static; omitted, either.',
  type: '`class`: a static member; `instance`: a member of every instance; omitted, either.',
  arguments: 'Parameters, matched by name and position; extra trailing parameters are allowed.',
  return_annotation: 'The declared return type.',
  attributes: 'Static and instance attributes, inherited ones included.',
  methods: 'Methods, inherited ones included.',
  superclasses: 'Classes anywhere in the extends chain; a class entry also constrains that base.',
  implements: 'Names in the TypeScript `implements` clause.',
  deny: 'Specifier patterns the module must not import.',
  allow: 'When present, every specifier outside these patterns is forbidden.',
  filename: 'The basename; without an extension it matches any JS/TS extension.',
  version: 'A semver range (an exact string for a module version).',
  variables: 'Exported bindings that are neither functions nor classes (or environment variables).',
  functions: 'Exported functions.',
  classes: 'Exported classes.',
  imports: 'Restrictions on what the module itself imports.',
  deployments: 'Where the module may run: at least one deployment must match as a whole.',
  arch: 'CPU architecture (Node names or aliases); omitted, any.',
  systems: 'Operating systems: at least one must match.',
  os: 'Operating system (Node names or aliases); omitted, any.',
  libc: 'C library on Linux: `glibc` or `musl`.',
  environment: 'Environment variables and secrets, all required.',
  secrets: 'Names that must be set; presence only, a value is never printed.',
  runtimes: 'Runtimes: at least one must match.',
  packages: 'Installed packages, resolved as Node would from the module.',
  modules: 'Module expectations that hold only on this runtime.',
};

/** Puts each field's description on every property signature of a printed type. */
function documentFields(root) {
  const visit = (node) => {
    let next = ts.visitEachChild(node, visit, undefined);
    if (ts.isPropertySignature(next) && (ts.isIdentifier(next.name) || ts.isStringLiteral(next.name))) {
      const text = FIELD_DOCS[next.name.text];
      // A fresh node: the printer drops comments on nodes the type checker marked as synthesized.
      next = ts.factory.createPropertySignature(next.modifiers, next.name, next.questionToken, next.type);
      if (text) ts.addSyntheticLeadingComment(next, ts.SyntaxKind.MultiLineCommentTrivia, `* ${text} `, true);
    }
    return next;
  };
  return visit(root);
}

const doc = (symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
const print = (type) => printer.printNode(ts.EmitHint.Unspecified, documentFields(checker.typeToTypeNode(type, source, flags)), source).replace(/\bClassInputShape\b/g, 'ClassEntry');

const blocks = [];
for (const name of NAMES) {
  const symbol = exports.get(name);
  if (!symbol) throw new Error(`schema.ts does not export ${name}`);
  const declared = checker.getDeclaredTypeOfSymbol(symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const comment = doc(symbol);
  const head = comment ? `/** ${comment} */\n` : '';
  if (name === 'ClassEntry') {
    // A recursive interface: print it member by member so that it keeps its name.
    const members = checker.getPropertiesOfType(declared).map((p) => {
      const type = checker.getTypeOfSymbol(p);
      const optional = p.flags & ts.SymbolFlags.Optional ? '?' : '';
      const text = FIELD_DOCS[p.name];
      return `${text ? `  /** ${text} */\n` : ''}  ${p.name}${optional}: ${print(type).replace(/\n/g, '\n  ')};`;
    });
    blocks.push(`${head}export interface ClassEntry {\n${members.join('\n')}\n}`);
  } else {
    blocks.push(`${head}export type ${name} = ${print(declared)};`);
  }
}

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
