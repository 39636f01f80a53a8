/**
 * The import graph of a source folder, built with ImportSpy's own analysis: each module's imports
 * come from its syntax tree (`inspectModuleSync`, static), and each specifier is resolved as
 * TypeScript resolves it (`resolveSpecifier`). Type-only imports are edges too: a cycle through a
 * type still ties the two files' changes together.
 */
import { readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { inspectModuleSync } from '../../src/index.js';
import { resolveSpecifier } from '../../src/analysis/resolve.js';

const SOURCE = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (SOURCE.has(extname(entry.name)) && !entry.name.includes('.d.')) out.push(full);
  }
  return out.sort();
}

/** file → the files of `dir` it imports (every kind, type-only included). */
export function importGraph(dir: string): Map<string, Set<string>> {
  const files = sourceFiles(dir);
  const inside = new Set(files);
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const targets = new Set<string>();
    for (const imp of inspectModuleSync(file).imports) {
      if (imp.specifier === null) continue;
      const target = resolveSpecifier(file, imp.specifier);
      if (target !== undefined && inside.has(target)) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/**
 * The import cycles of a graph: its strongly connected components of more than one file, and the
 * files that import themselves (Tarjan's algorithm). Each cycle is sorted; paths relative to `base`.
 */
export function importCycles(graph: Map<string, Set<string>>, base: string): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next++;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) as number, index.get(target) as number));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.has(file)) cycles.push(component.map((f) => relative(base, f).split(sep).join('/')).sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}
