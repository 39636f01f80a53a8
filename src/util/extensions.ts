/**
 * The file extensions of modules, in one place: what ImportSpy reads as a module, what each
 * extension says about the file's language and format, and the orders in which resolvers probe
 * them. Every other list in the code base is one of the views below.
 */
import { extname } from 'node:path';

/** JavaScript module extensions, in TypeScript's probing order. */
export const JAVASCRIPT_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs'] as const;
/** TypeScript source extensions (declarations apart), in TypeScript's probing order. */
export const TYPESCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'] as const;

/** Every module file extension ImportSpy reads (`.d.ts` declarations are told apart by name, not here). */
export const MODULE_EXTENSIONS: readonly string[] = [...TYPESCRIPT_EXTENSIONS, ...JAVASCRIPT_EXTENSIONS];

const MODULE_SET: ReadonlySet<string> = new Set(MODULE_EXTENSIONS);
const TYPESCRIPT_SET: ReadonlySet<string> = new Set(TYPESCRIPT_EXTENSIONS);

/** Whether an extension (with its dot) is one of a module file. */
export function isModuleExtension(ext: string): boolean {
  return MODULE_SET.has(ext);
}

/** Whether an extension (with its dot) is one of a TypeScript source. */
export function isTypeScriptExtension(ext: string): boolean {
  return TYPESCRIPT_SET.has(ext);
}

/**
 * The extensions a plugin path without one is completed with, and an index file is looked for
 * with, in that order: Node's own first (`.js`, `.mjs`, `.cjs`), then their TypeScript sources,
 * then JSX.
 */
export const PLUGIN_PROBE_ORDER: readonly string[] = [
  ...JAVASCRIPT_EXTENSIONS.filter((e) => e !== '.jsx'),
  ...TYPESCRIPT_EXTENSIONS.filter((e) => e !== '.tsx'),
  '.jsx',
  '.tsx',
];

/** Where TypeScript tries each declaration: after the last source extension it stands for (`.d.ts` for `.ts` and `.tsx`). */
const DECLARATION_AFTER: Readonly<Record<string, string>> = { '.tsx': '.d.ts', '.mts': '.d.mts', '.cts': '.d.cts' };

/** The declaration TypeScript reads for a JavaScript file: `.js` → `.d.ts`, `.mjs` → `.d.mts`, `.cjs` → `.d.cts`. */
export const DECLARATION_FOR_JAVASCRIPT: Readonly<Record<string, string>> = { '.js': '.d.ts', '.mjs': '.d.mts', '.cjs': '.d.cts' };

/** What Node's CommonJS `require()` probes. */
export const NODE_REQUIRE_EXTENSIONS: readonly string[] = ['.js', '.json', '.node'];

/** What TypeScript probes for a source's import: sources, declarations, then JavaScript and what Node also loads. */
export const TYPESCRIPT_RESOLVE_EXTENSIONS: readonly string[] = [...TYPESCRIPT_EXTENSIONS, '.d.ts', ...JAVASCRIPT_EXTENSIONS, '.json', '.node'];

/** TypeScript's order for declarations: each source before its declaration, declarations before JavaScript. */
export const DECLARATION_RESOLVE_EXTENSIONS: readonly string[] = [
  ...TYPESCRIPT_EXTENSIONS.flatMap((e) => (DECLARATION_AFTER[e] === undefined ? [e] : [e, DECLARATION_AFTER[e]])),
  ...JAVASCRIPT_EXTENSIONS,
];

/**
 * How Node decides a file's format from its name: `esm` for `.mjs`/`.mts`, `cjs` for
 * `.cjs`/`.cts`, `package` for `.js`/`.ts` (the nearest package.json's `type` decides), and
 * undefined for any other extension.
 */
export function formatByExtension(file: string): 'esm' | 'cjs' | 'package' | undefined {
  switch (extname(file)) {
    case '.mjs':
    case '.mts':
      return 'esm';
    case '.cjs':
    case '.cts':
      return 'cjs';
    case '.js':
    case '.ts':
      return 'package';
    default:
      return undefined;
  }
}
