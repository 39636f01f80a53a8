// The one package.json walk (src/util/package-json.ts), on a real tree: what each kind of lookup
// the code base makes finds, which files it reports as consulted, and what its cache keeps.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPackageJson, PackageJsonWalk } from '../../src/util/package-json.js';

const root = mkdtempSync(join(tmpdir(), 'importspy-walk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

file('app/package.json', '{ "name": "app", "version": "1.0.0" }');
file('app/src/esm/package.json', '{ "type": "module" }');
file('app/src/esm/deep/x.js', '');
file('app/broken/package.json', '{ not json');
file('app/broken/y.js', '');
file('app/node_modules/dep/lib/z.js', '');
file('app/node_modules/@scope/pkg/index.js', '');
file('app/node_modules/named/package.json', '{ "name": "named", "version": "2.3.4" }');

/** The package a file belongs to, as the loader's protection index asks it. */
const belongsTo = (): PackageJsonWalk =>
  new PackageJsonWalk({
    accept: ({ data }) => data !== null && ('name' in data || 'importspy' in data),
    stopAt: (dir, parent) => dir.endsWith('node_modules') || parent.endsWith('node_modules'),
  });

describe('the package.json walk', () => {
  it('finds the nearest package.json, and reports every one looked for on the way, absent ones with an empty hash', () => {
    const seen: Array<[string, string]> = [];
    const found = findPackageJson(join(root, 'app/src/esm/deep'), {}, (f, hash) => seen.push([f, hash]));
    expect(found?.file).toBe(join(root, 'app/src/esm/package.json'));
    expect(found?.data).toEqual({ type: 'module' });
    expect(seen.map(([f]) => f)).toEqual([join(root, 'app/src/esm/deep/package.json'), join(root, 'app/src/esm/package.json')]);
    expect(seen[0]?.[1]).toBe('');
    expect(seen[1]?.[1]).toMatch(/^[0-9a-f]{40}$/);
  });

  it('walks past a package.json that is not a JSON object, and still reports it', () => {
    const seen: string[] = [];
    const found = findPackageJson(join(root, 'app/broken'), {}, (f) => seen.push(f));
    expect(found?.file).toBe(join(root, 'app/package.json'));
    expect(seen).toEqual([join(root, 'app/broken/package.json'), join(root, 'app/package.json')]);
  });

  it('with an accept rule, walks past a format-only package.json to the package itself', () => {
    expect(belongsTo().from(join(root, 'app/src/esm/deep'))?.dir).toBe(join(root, 'app'));
  });

  it('with a stop rule, never leaves a folder under node_modules (plain or scoped)', () => {
    const walk = belongsTo();
    expect(walk.from(join(root, 'app/node_modules/dep/lib'))).toBeNull();
    expect(walk.from(join(root, 'app/node_modules/@scope/pkg'))).toBeNull();
  });

  it('finds an installed package by name from a folder up', () => {
    const found = findPackageJson(join(root, 'app/src/esm/deep'), { fileIn: (dir) => join(dir, 'node_modules', 'named', 'package.json'), accept: () => true });
    expect(found?.file).toBe(join(root, 'app/node_modules/named/package.json'));
    expect(found?.data?.['version']).toBe('2.3.4');
    expect(findPackageJson(join(root, 'app'), { fileIn: (dir) => join(dir, 'node_modules', 'absent', 'package.json'), accept: () => true })).toBeNull();
  });

  it('keeps its answers, with the files consulted, until cleared', () => {
    file('cached/a/b/c.js', '');
    file('cached/package.json', '{ "name": "cached" }');
    const walk = new PackageJsonWalk();
    const first: string[] = [];
    expect(walk.from(join(root, 'cached/a/b'), (f) => first.push(f))?.dir).toBe(join(root, 'cached'));
    file('cached/a/package.json', '{ "name": "nearer" }');
    const again: string[] = [];
    expect(walk.from(join(root, 'cached/a/b'), (f) => again.push(f))?.dir).toBe(join(root, 'cached'));
    expect(again).toEqual(first);
    // A walk from the middle reuses the answer the first walk left for that directory.
    expect(walk.from(join(root, 'cached/a'))?.dir).toBe(join(root, 'cached'));
    walk.clear();
    expect(walk.from(join(root, 'cached/a/b'))?.dir).toBe(join(root, 'cached/a'));
  });
});
