import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './graph.js';

// Every import of src/ — static, re-exports, import(), require(), type-only — read from the
// syntax tree by ImportSpy's own analysis; no strongly connected component of more than one file.
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('import cycles', () => {
  it('src/ has none, type-only imports included', () => {
    const src = join(root, 'src');
    const graph = importGraph(src);
    // The graph is real: the entry point reaches the folders it re-exports.
    expect(graph.get(join(src, 'index.ts'))?.size).toBeGreaterThan(10);
    expect(importCycles(graph, src)).toEqual([]);
  });

  it('a cycle through a dynamic import, a type-only re-export and a type-only import is found, and so is a self-import', () => {
    const dir = join(root, 'test/fixtures/cycles');
    expect(importCycles(importGraph(dir), dir)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['sub/e.ts']]);
  });
});
