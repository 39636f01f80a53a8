import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractsProtecting, loadProjectConfig } from '../../src/contract/project-config.js';
import { importspy } from './helpers.js';

// A project on disk with the shapes globs trip on: nested folders, .tsx next to .ts, numbered
// files, a dist folder inside packages, node_modules and .git.
let dir: string;
const FILES = [
  'src/a1.ts',
  'src/a2.ts',
  'src/a3.ts',
  'src/view.tsx',
  'src/deep/nested/x.ts',
  'src/ignored/skip.ts',
  'src/types.d.ts',
  'src/a.test.ts',
  'packages/one/dist/index.js',
  'packages/two/dist/index.js',
  'node_modules/dep/index.js',
  'src/node_modules/inner/index.js',
  '.git/hooks/x.js',
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-globs-'));
  for (const file of FILES) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), 'export function run() {}\n');
  }
  writeFileSync(join(dir, 'spymodel.yml'), 'functions:\n  - name: run\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function modules(args: string[], env: Record<string, string> = {}): string[] | string {
  const run = importspy(['check', ...args, '--format', 'json'], { cwd: dir, env });
  if (run.status !== 0) return `exit ${run.status}: ${run.stderr}`;
  return (JSON.parse(run.stdout) as { results: Array<{ module: string }> }).results.map((r) => r.module);
}

describe('module arguments are globs as users know them', () => {
  it('** crosses folders, braces pick extensions, .d.ts and node_modules are left out', () => {
    expect(modules(['src/**/*.{ts,tsx}'])).toEqual(['src/a.test.ts', 'src/a1.ts', 'src/a2.ts', 'src/a3.ts', 'src/deep/nested/x.ts', 'src/ignored/skip.ts', 'src/view.tsx']);
  });

  it('character classes', () => {
    expect(modules(['src/a[12].ts'])).toEqual(['src/a1.ts', 'src/a2.ts']);
  });

  it('a ! argument takes files out', () => {
    expect(modules(['src/**/*.ts', '!src/ignored/**', '!src/**/*.test.ts'])).toEqual(['src/a1.ts', 'src/a2.ts', 'src/a3.ts', 'src/deep/nested/x.ts']);
  });

  it('a ! argument or an --ignore that names a file, without wildcards, takes that file out', () => {
    expect(modules(['src/*.ts', '!src/a2.ts'])).toEqual(['src/a.test.ts', 'src/a1.ts', 'src/a3.ts']);
    expect(modules(['src/*.ts', '--ignore', 'src/a1.ts'])).toEqual(['src/a.test.ts', 'src/a2.ts', 'src/a3.ts']);
  });

  it('--ignore is repeatable', () => {
    expect(modules(['src', '--ignore', 'src/ignored/**', '--ignore', '**/*.test.ts'])).toEqual(['src/a1.ts', 'src/a2.ts', 'src/a3.ts', 'src/deep/nested/x.ts', 'src/view.tsx']);
  });

  it('a folder named in the glob is never skipped (dist), and node_modules is skipped only below what was named', () => {
    expect(modules(['packages/*/dist/*.js'])).toEqual(['packages/one/dist/index.js', 'packages/two/dist/index.js']);
    expect(modules(['node_modules/dep'])).toEqual(['node_modules/dep/index.js']);
    expect(modules(['node_modules/**/*.js'])).toEqual(['node_modules/dep/index.js']);
    expect(modules(['.'])).not.toContain('node_modules/dep/index.js');
    expect(modules(['.'])).not.toContain('.git/hooks/x.js');
    expect(modules(['src'])).not.toContain('src/node_modules/inner/index.js');
  });

  it('a pattern that matches nothing is exit 2 naming it', () => {
    const run = importspy(['check', 'src/**/*.jsx', 'src/a1.ts', '-c', 'spymodel.yml'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('importspy: src/**/*.jsx matches no module files');
    const ignoredAll = importspy(['check', 'src/deep', '--ignore', 'src/deep/**'], { cwd: dir });
    expect(ignoredAll.status).toBe(2);
    expect(ignoredAll.stderr).toContain('src/deep contains no module files that are not ignored');
  });
});

describe('importspy.config.yml: globs and ignore:', () => {
  it('check without arguments expands modules: with the same syntax, ! included, and leaves out ignore:', () => {
    writeFileSync(join(dir, 'importspy.config.yml'), 'ignore:\n  - "**/*.test.ts"\ncontracts:\n  - modules: ["src/**/*.{ts,tsx}", "!src/ignored/**"]\n    contract: ./spymodel.yml\n');
    try {
      const run = importspy(['check', '--config', '../importspy.config.yml', '--format', 'json'], { cwd: join(dir, 'src') });
      // Paths are shown from the current directory (src/).
      expect(run.status, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as { results: Array<{ module: string }> }).results.map((r) => r.module)).toEqual(['a1.ts', 'a2.ts', 'a3.ts', 'deep/nested/x.ts', 'view.tsx']);
      // The hooks use the same bindings: an ignored or negated file is protected by no contract.
      // (Braces are for the CLI's expansion; the run-time matcher is kept to *, ** and ?.)
      writeFileSync(join(dir, 'importspy.config.yml'), 'ignore:\n  - "**/*.test.ts"\ncontracts:\n  - modules: ["src/*.ts", "src/*/*.ts", "!src/ignored/*"]\n    contract: ./spymodel.yml\n');
      const config = loadProjectConfig(join(dir, 'importspy.config.yml'));
      expect(contractsProtecting(config, join(dir, 'src/a1.ts'))).toEqual([join(dir, 'spymodel.yml')]);
      expect(contractsProtecting(config, join(dir, 'src/a.test.ts'))).toEqual([]);
      expect(contractsProtecting(config, join(dir, 'src/ignored/skip.ts'))).toEqual([]);
    } finally {
      rmSync(join(dir, 'importspy.config.yml'));
    }
  });

  it('a configuration glob that matches nothing is exit 2 naming it and the file', () => {
    writeFileSync(join(dir, 'importspy.config.yml'), 'contracts:\n  - modules: "lib/**/*.ts"\n    contract: ./spymodel.yml\n');
    try {
      const run = importspy(['check', '--config', 'importspy.config.yml'], { cwd: dir });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('lib/**/*.ts (in importspy.config.yml) matches no module files');
    } finally {
      rmSync(join(dir, 'importspy.config.yml'));
    }
  });
});
