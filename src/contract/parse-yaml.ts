/**
 * YAML 1.2 (or JSON) text → plain data, with the position of every node and of every mapping
 * key, under the contract limits (alias bombs, deep nesting, prototype keys).
 */
import type * as Yaml from 'yaml';
import { ContractError, wholeFileError as problem, type ContractPosition, type ContractProblem, type Location } from './errors.js';
import { Limits, MAX_DEPTH, MAX_NODES } from './limits.js';
import { yaml } from './lazy.js';
import { formatPath, type ContractSource } from './positions.js';

/**
 * Parses YAML 1.2 (or JSON) text into plain data with the position of every node, refusing
 * hostile shapes (alias bombs, deep nesting, prototype keys).
 * @throws {ContractError}
 */
export function parseYamlSource(text: string, file: string | null): { data: unknown; source: ContractSource } {
  if (text.trim() === '') throw problem(file, 'contract.empty', 'is empty: a contract needs at least one field');
  if (text.includes('\u0000')) throw problem(file, 'contract.binary', 'contains NUL characters');

  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.2', lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number | undefined): Location | null => {
    if (!file || offset === undefined) return null;
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new ContractError(
      file,
      doc.errors.map((e) => {
        const deep = e.message.includes('call stack');
        return {
          code: deep ? 'contract.too-deep' : 'contract.syntax',
          path: '',
          message: deep ? `nested too deeply (more than ${MAX_DEPTH} levels are never needed)` : firstLine(e.message),
          location: at(e.pos[0]),
        } satisfies ContractProblem;
      }),
    );
  }

  const converter = new Converter(doc, at);
  const data = converter.toData(doc.contents);
  if (converter.limits.problems.length > 0) throw new ContractError(file, converter.limits.problems);
  if (data === null || data === undefined) throw problem(file, 'contract.empty', 'holds no fields');
  return { data, source: { file, positions: converter.positions, keyPositions: converter.keyPositions } };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** Turns YAML nodes into plain data, recording positions; the limits refuse hostile shapes. */
class Converter {
  readonly limits: Limits;
  readonly positions: Record<string, ContractPosition> = Object.create(null) as Record<string, ContractPosition>;
  readonly keyPositions: Record<string, ContractPosition> = Object.create(null) as Record<string, ContractPosition>;

  constructor(
    private readonly doc: Yaml.Document.Parsed,
    private readonly at: (offset: number | undefined) => Location | null,
  ) {
    this.limits = new Limits(`expands to more than ${MAX_NODES} nodes (an alias bomb?)`, at);
  }

  toData(node: unknown): unknown {
    return this.convert(node, [], 0);
  }

  private record(table: Record<string, ContractPosition>, path: PropertyKey[], offset: number | undefined): void {
    const loc = this.at(offset);
    if (loc) table[formatPath(path)] = { line: loc.line, column: loc.column };
  }

  private convert(node: unknown, path: PropertyKey[], depth: number): unknown {
    if (node === null || node === undefined || !this.limits.enter(path, depth, offsetOf(node))) return null;
    const { isAlias, isMap, isScalar, isSeq } = yaml();
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) {
        this.limits.fail('contract.alias', path, `unknown anchor *${node.source}`, offsetOf(node));
        return null;
      }
      this.record(this.positions, path, offsetOf(node));
      return this.convert(target, path, depth + 1);
    }
    this.record(this.positions, path, offsetOf(node));
    if (isScalar(node)) return scalarValue(node.value);
    if (isSeq(node)) return node.items.map((item, i) => this.convert(item, [...path, i], depth + 1));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const keyNode = pair.key as Yaml.Node | null;
        const key = isScalar(keyNode) ? keyNode.value : undefined;
        if (typeof key !== 'string' && typeof key !== 'number') {
          this.limits.fail('contract.invalid-type', path, 'mapping keys must be plain strings', offsetOf(keyNode));
          continue;
        }
        const name = String(key);
        const childPath = [...path, name];
        this.record(this.keyPositions, childPath, offsetOf(keyNode));
        if (!this.limits.allowsKey(name, childPath, offsetOf(keyNode))) continue;
        Object.defineProperty(out, name, {
          value: this.convert(pair.value, childPath, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return null;
  }
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

function scalarValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  return value;
}
