/**
 * A contract about imports alone reads a JavaScript file's imports from oxc's module record
 * when the record says everything, and walks the syntax tree otherwise. Both must give the
 * same list, in the same order, with the same locations: the full model (which always walks
 * the tree) is the reference, on files written to catch what the record leaves out.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearAnalysisCache, inspectImports, inspectModuleSync } from '../../src/analysis/inspect.js';
import { decodeUtf8, parseSource, readRawFile } from '../../src/analysis/source.js';
import { ownImports, summarize } from '../../src/analysis/summary.js';

const CASES: Record<string, string> = {
  'plain.mjs': "import a from 'a';\nimport 'side';\nexport * from 'star';\nexport * as ns from 'ns';\nexport { x as y, z } from 'named';\nconst x = 1, z = 2;\nexport { x };\nexport default a;\n",
  // `export {} from` has no entry in the record: the count of `export` words sends it to the tree.
  'empty-reexport.mjs': "export {} from 'nothing-named';\nimport {} from 'empty-import';\nexport const q = 1;\n",
  'word-in-string.mjs': "import a from 'a';\nexport const text = 'export {} from \"fake\"';\nexport {} from 'real';\n",
  'dynamic.mjs': "import a from 'a';\nexport const later = () => import('dyn');\nexport const computed = (n) => import(n);\n",
  'meta.mjs': "import a from 'a';\nexport const here = import.meta.url;\n",
  'require.cjs': "const fs = require('node:fs');\nmodule.exports = { fs };\n",
  'create-require.mjs': "import { createRequire } from 'node:module';\nconst load = createRequire(import.meta.url);\nexport const cp = load('node:child_process');\n",
  'builtin.mjs': "import a from 'a';\nexport const vm = process.getBuiltinModule('node:vm');\n",
  'escaped-require.cjs': "const cp = requ\\u0069re('node:child_process');\nmodule.exports = cp;\n",
  'escaped-member.mjs': "import a from 'a';\nexport const cp = globalThis['pro\\x63ess']['getBuiltinModule']('node:child_process');\n",
  'comment-words.mjs': "// export {} from 'in-a-comment'; require('nope')\nimport a from 'a';\nexport default a;\n",
  'unicode.mjs': "// héllo 😀\nimport a from 'a';\nconst s = '😀😀';\nexport * from 'after-astral';\n",
  'script.js': "var x = 1;\n",
  // Exporting an imported name: oxc's record gives the export the import's request.
  'export-imported.mjs': "import EventEmitter, { other } from './emitter.js';\nexport { EventEmitter, other as renamed };\nexport default EventEmitter;\nexport { x } from './x.js';\n",
  'important.mjs': "import { important } from 'imp';\nexport { important };\n",
};

describe('imports for a contract about imports alone', () => {
  it('match the full analysis on every case, whichever way they were read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'importspy-imports-record-'));
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "p" }\n');
    for (const [name, text] of Object.entries(CASES)) writeFileSync(path.join(dir, name), text);
    for (const name of Object.keys(CASES)) {
      clearAnalysisCache();
      const light = inspectImports(path.join(dir, name));
      clearAnalysisCache();
      const full = inspectModuleSync(path.join(dir, name));
      expect({ name, imports: light.imports, format: light.format }).toEqual({ name, imports: full.imports, format: full.format });
    }
    const specifiers = (name: string): Array<string | null> => inspectImports(path.join(dir, name)).imports.map((i) => i.specifier);
    expect(specifiers('empty-reexport.mjs')).toEqual(['nothing-named', 'empty-import']);
    expect(specifiers('word-in-string.mjs')).toEqual(['a', 'real']);
    expect(specifiers('escaped-require.cjs')).toEqual(['node:child_process']);
    expect(specifiers('escaped-member.mjs')).toEqual(['a', 'node:child_process']);
    expect(specifiers('comment-words.mjs')).toEqual(['a']);
    expect(inspectImports(path.join(dir, 'export-imported.mjs')).imports.map((i) => `${i.kind} ${i.specifier}`)).toEqual(['static ./emitter.js', 'reexport ./x.js']);
  });

  // Over every JavaScript file of the installed corpus (IMPORTSPY_CORPUS=1; see test/corpus).
  const corpus = process.env['IMPORTSPY_CORPUS_DIR'] ?? path.join(process.env['HOME'] ?? '', '.cache', 'importspy-corpus');
  const enabled = process.env['IMPORTSPY_CORPUS'] === '1';
  it.skipIf(!enabled)('match the full analysis over the installed corpus', async () => {
    const files: string[] = [];
    const visit = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) visit(p);
        else if (/\.(c|m)?js$/.test(e.name)) files.push(p);
      }
    };
    visit(path.join(corpus, 'node_modules'));
    let compared = 0;
    for (const file of files) {
      // Let the event loop turn now and then: a long synchronous loop starves the runner's messages.
      if (compared % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
      let parsed;
      try {
        const raw = readRawFile(file);
        parsed = parseSource(raw, decodeUtf8(raw));
      } catch {
        continue;
      }
      // The full summary always walks the tree: the reference.
      expect({ file, imports: ownImports(parsed) }).toEqual({ file, imports: summarize(parsed).imports });
      compared++;
    }
    expect(compared).toBeGreaterThan(1000);
  }, 600_000);
});
