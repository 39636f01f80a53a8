/**
 * A contract that asks only about imports is checked from the module's own import specifiers:
 * its re-exports are not followed into other files (the on-disk cache shows which analysis ran),
 * and every kind of import of its own still counts.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importspy } from './helpers.js';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'importspy-imports-only-'));
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{ "name": "p", "type": "module" }\n');
  writeFileSync(join(dir, 'imports.yml'), 'imports:\n  deny: ["node:vm", "node:child_process", "node:worker_threads"]\n');
  writeFileSync(join(dir, 'exports.yml'), 'variables:\n  - name: deep\n');
  // The module re-exports a chain of files; the last one defines what the structural contract wants.
  writeFileSync(join(dir, 'entry.js'), "export * from './chain-0.js';\nexport * from 'node:vm';\nconst cp = await import('node:child_process');\nexport { cp };\n");
  for (let i = 0; i < 5; i++) writeFileSync(join(dir, `chain-${i}.js`), i < 4 ? `export * from './chain-${i + 1}.js';\n` : 'export const deep = 1;\n');
  writeFileSync(join(dir, 'plain.cjs'), "const { Worker } = require('node:worker_threads');\nmodule.exports = { Worker };\n");
  return dir;
}

const entries = (dir: string, kind: string): string[] => {
  const folder = join(dir, 'node_modules/.cache/importspy', kind);
  return existsSync(folder) ? readdirSync(folder) : [];
};

describe('check with an imports-only contract', () => {
  it('reads the module itself, not the files it re-exports from, and still sees every import of its own', () => {
    const dir = project();
    const r = importspy(['check', 'entry.js', 'plain.cjs', '-c', 'imports.yml', '--format', 'json', '--cache'], { cwd: dir });
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { results: Array<{ module: string; violations: Array<{ code: string; path: string }> }> };
    const paths = report.results.flatMap((m) => m.violations.map((v) => `${m.module} ${v.code} ${v.path}`)).sort();
    expect(paths).toEqual(['entry.js forbidden.import imports.node:child_process', 'entry.js forbidden.import imports.node:vm', 'plain.cjs forbidden.import imports.node:worker_threads']);
    expect(entries(dir, 'imports')).toHaveLength(2);
    expect(entries(dir, 'model')).toHaveLength(0);
  });

  it('follows the re-exports when the contract asks about exports', () => {
    const dir = project();
    const r = importspy(['check', 'entry.js', '-c', 'exports.yml', '--format', 'json', '--cache'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(entries(dir, 'model')).toHaveLength(1);
    expect(entries(dir, 'imports')).toHaveLength(0);
  });
});
