import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { clearAnalysisCache, inspectModuleSync } from '../../src/analysis/inspect.js';
import { resolveSpecifier } from '../../src/analysis/resolve.js';
import { parseContract } from '../../src/contract/load.js';
import { validate } from '../../src/index.js';
import { fn, cls } from './helpers.js';

const source = fileURLToPath(new URL('../fixtures/resolution/', import.meta.url));

/** A copy of the fixture tree with the workspace package linked into node_modules, as npm does. */
function tree(options: { tsconfig?: boolean } = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'importspy-resolution-'));
  cpSync(source, root, { recursive: true });
  mkdirSync(path.join(root, 'node_modules', '@acme'), { recursive: true });
  symlinkSync(path.join('..', '..', 'packages', 'ws-lib'), path.join(root, 'node_modules', '@acme', 'ws-lib'), 'dir');
  if (options.tsconfig === false) {
    rmSync(path.join(root, 'tsconfig.json'));
    rmSync(path.join(root, 'tsconfig.base.json'));
  }
  return root;
}

const roots: string[] = [];
function fresh(options: { tsconfig?: boolean } = {}): string {
  clearAnalysisCache();
  const root = tree(options);
  roots.push(root);
  return root;
}
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function check(file: string, yaml: string) {
  return validate(parseContract(yaml, { file: 'spymodel.yml' }), { module: inspectModuleSync(file) }).violations;
}

describe('resolution as Node resolves', () => {
  const root = fresh();
  const from = (relative: string): string => path.join(root, relative);

  it('agrees with Node itself (import.meta.resolve and require.resolve in a child process) on every JS case', () => {
    const cases: Array<{ file: string; specifier: string; mode: 'import' | 'require' }> = [
      { file: 'src/modern.js', specifier: 'cond-pkg', mode: 'import' },
      { file: 'src/legacy.cjs', specifier: 'cond-pkg', mode: 'require' },
      { file: 'src/modern.js', specifier: 'cond-pkg/features/alpha', mode: 'import' },
      { file: 'src/legacy.cjs', specifier: 'main-only', mode: 'require' },
      { file: 'src/modern.js', specifier: 'main-only', mode: 'import' },
      { file: 'src/modern.js', specifier: 'typed-pkg', mode: 'import' },
      { file: 'src/modern.js', specifier: '#conf/main', mode: 'import' },
      { file: 'src/modern.js', specifier: '#env', mode: 'import' },
      // ESM needs the extension; require() probes for it.
      { file: 'src/modern.js', specifier: './conf/main', mode: 'import' },
      { file: 'src/legacy.cjs', specifier: './conf/main', mode: 'require' },
      // A subpath the exports map hides (null target), and one it does not list.
      { file: 'src/modern.js', specifier: 'cond-pkg/features/private/x', mode: 'import' },
      { file: 'src/modern.js', specifier: 'cond-pkg/package.json', mode: 'import' },
    ];
    // Node resolves from a probe module written beside the importers (import.meta.resolve takes
    // no parent URL on Node 20 without a flag).
    const probe = path.join(root, 'src', 'probe.mjs');
    writeFileSync(
      probe,
      [
        "import { createRequire } from 'node:module';",
        "import { fileURLToPath } from 'node:url';",
        "import { realpathSync } from 'node:fs';",
        'const out = [];',
        'for (const c of JSON.parse(process.argv[2])) {',
        '  try {',
        "    const resolved = c.mode === 'require' ? createRequire(import.meta.url).resolve(c.specifier) : fileURLToPath(import.meta.resolve(c.specifier));",
        '    out.push(realpathSync(resolved));',
        '  } catch { out.push(null); }',
        '}',
        'process.stdout.write(JSON.stringify(out));',
      ].join('\n'),
    );
    const absolute = cases.map((c) => ({ ...c, file: from(c.file) }));
    const byNode = JSON.parse(execFileSync(process.execPath, [probe, JSON.stringify(absolute)], { encoding: 'utf8' })) as Array<string | null>;
    const ours = absolute.map((c) => resolveSpecifier(c.file, c.specifier, false, c.mode) ?? null);
    expect(ours).toEqual(byNode);
    // The cases differ from each other: conditions, subpath patterns and `main` all took part.
    expect(new Set(byNode).size).toBe(8);
    expect([byNode[8], byNode[10], byNode[11]]).toEqual([null, null, null]);
    expect(byNode[9]).toBe(byNode[6]);
    expect(byNode[0]).toMatch(/esm[\\/]index\.js$/);
    expect(byNode[1]).toMatch(/cjs[\\/]index\.cjs$/);
  });

  it('picks the exports condition the importer would (import → esm, require → cjs)', () => {
    expect(fn(inspectModuleSync(from('src/modern.js')), 'conditional').parameters[0]?.name).toBe('fromImport');
    const legacy = inspectModuleSync(from('src/legacy.cjs'));
    expect(fn(legacy, 'conditional').parameters[0]?.name).toBe('fromRequire');
  });

  it('follows tsconfig paths declared in an extended config, rootDirs, subpath patterns, main and a symlinked workspace package', () => {
    const index = inspectModuleSync(from('src/index.ts'));
    expect(index.exports).toEqual(['implement', 'Implementation']);
    expect(fn(index, 'implement').parameters[0]?.annotation).toBe('string');

    const app = inspectModuleSync(from('src/app.ts'));
    expect(app.unresolvedExports).toEqual([]);
    expect(fn(app, 'feature').parameters[0]?.name).toBe('alpha');
    expect(fn(app, 'fallback').parameters[0]?.name).toBe('viaMain');
    expect(fn(app, 'generated').parameters[0]?.annotation).toBe('number');
    // The workspace package is not built: TypeScript's view (its `types` condition) finds the source.
    const workspace = fn(app, 'workspace');
    expect(workspace.parameters[0]?.annotation).toBe('string');
    expect(workspace.location.file).toBe(path.join(root, 'packages', 'ws-lib', 'src', 'index.ts'));
    // From a TypeScript source, a package that ships declarations is read through them, as tsc does.
    const typed = fn(app, 'typed');
    expect(typed.parameters.map((p) => p.annotation)).toEqual(['number', 'number']);
    expect(typed.location.file).toBe(path.join(root, 'node_modules', 'typed-pkg', 'types', 'main.d.ts'));
    expect(cls(app, 'Typed').methods.map((m) => m.name)).toEqual(['greet']);
  });

  it('prefers a TypeScript source to its declarations, as tsc does', () => {
    expect(resolveSpecifier(from('src/app.ts'), './lib/both.js')).toBe(from('src/lib/both.ts'));
    expect(resolveSpecifier(from('src/app.ts'), './lib/both')).toBe(from('src/lib/both.ts'));
    // Inside a declaration file, declarations are what is read.
    expect(resolveSpecifier(from('src/lib/both.d.ts'), 'typed-pkg', true)).toBe(from('node_modules/typed-pkg/types/main.d.ts'));
  });

  it('resolves a .jsx bundler source as TypeScript would (extensionless), not as Node', () => {
    const view = inspectModuleSync(from('src/view.jsx'));
    expect(fn(view, 'Button').parameters[0]?.name).toBe('{ label }');
  });

  it('checks a contract through the alias, and a contract every name of which is met', () => {
    const violations = check(
      from('src/index.ts'),
      'functions:\n  - name: implement\n    arguments: [{ name: input, annotation: string }]\nclasses:\n  - name: Implementation\n    methods: [{ name: run }]\n',
    );
    expect(violations).toEqual([]);
  });
});

describe('an export * that cannot be resolved', () => {
  it('makes an absent name unverifiable.export, not missing, when the alias has no tsconfig', () => {
    const root = fresh({ tsconfig: false });
    const violations = check(path.join(root, 'src', 'index.ts'), 'functions:\n  - name: implement\n');
    expect(violations.map((v) => v.code)).toEqual(['unverifiable.export']);
    expect(violations[0]?.message).toContain("'@/lib/impl'");
  });

  it('makes an absent name unverifiable.export when the package is not installed; a name that is there still checks', () => {
    const root = fresh();
    const file = path.join(root, 'src', 'absent.ts');
    const model = inspectModuleSync(file);
    expect(model.unresolvedReexports).toEqual(['not-installed-anywhere']);
    expect(check(file, 'functions:\n  - name: anything\nclasses:\n  - name: Other\n').map((v) => v.code)).toEqual([
      'unverifiable.export',
      'unverifiable.export',
    ]);
    // A name the module does declare is judged as usual: a variable is not a function.
    expect(check(file, 'functions:\n  - name: present\n').map((v) => v.code)).toEqual(['mismatch.kind']);
  });

  it('still reports missing.* when every re-export was followed', () => {
    const root = fresh();
    expect(check(path.join(root, 'src', 'index.ts'), 'functions:\n  - name: nothere\n').map((v) => v.code)).toEqual([
      'missing.function',
    ]);
  });
});
