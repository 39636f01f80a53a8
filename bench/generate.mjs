// Generates the benchmark workload into a temporary folder (never committed). It mirrors the
// Python original's example: plugin modules with constants, an Extension class extending a shared
// PluginBase, a Helper class, and one contract declaring all of it, base members included.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONTRACT = `# Benchmark contract: every generated plugin must honour it.
variables:
  - name: plugin_name
    annotation: string
  - name: plugin_version
    annotation: string
  - name: plugin_priority
    annotation: number
classes:
  - name: Extension
    attributes:
      - name: extension_kind
        type: class
        annotation: string
      - name: extension_state
        type: instance
        annotation: Map<string, number>
    methods:
      - name: add_extension
        arguments:
          - name: msg
            annotation: string
        return_annotation: string
      - name: remove_extension
        arguments:
          - name: id
            annotation: number
          - name: force
            annotation: boolean
        return_annotation: boolean
      - name: http_get_request
        arguments:
          - name: url
            annotation: string
          - name: retries
            annotation: number
        return_annotation: Promise<string>
      - name: describe
        return_annotation: string
    superclasses:
      - name: PluginBase
        attributes:
          - name: registry
            type: class
        methods:
          - name: describe
  - name: Helper
    methods:
      - name: format
        arguments:
          - name: value
            annotation: unknown
        return_annotation: string
      - name: parse
        arguments:
          - name: text
            annotation: string
        return_annotation: Record<string, unknown>
      - name: merge
        arguments:
          - name: left
            annotation: Record<string, unknown>
          - name: right
            annotation: Record<string, unknown>
        return_annotation: Record<string, unknown>
`;

const BASE = `export class PluginBase {
  static registry: string[] = [];
  describe(): string {
    return 'plugin';
  }
}
`;

export function pluginSource(i, salt = '') {
  return `import { PluginBase } from '../base.js';

export const plugin_name: string = 'plugin-${i}${salt}';
export const plugin_version: string = '1.${i % 10}.0';
export const plugin_priority: number = ${i % 7};

export class Extension extends PluginBase {
  static extension_kind: string = 'generated';
  extension_state: Map<string, number>;

  constructor(private readonly seed: number = ${i}) {
    super();
    this.extension_state = new Map([['seed', seed]]);
  }

  add_extension(msg: string): string {
    return msg + this.seed;
  }

  remove_extension(id: number, force: boolean = false): boolean {
    return force || id > 0;
  }

  async http_get_request(url: string, retries: number = 3): Promise<string> {
    return url + retries;
  }
}

export class Helper {
  format(value: unknown): string {
    return String(value);
  }

  parse(text: string): Record<string, unknown> {
    return { text };
  }

  merge(left: Record<string, unknown>, right: Record<string, unknown> = {}): Record<string, unknown> {
    return { ...left, ...right };
  }
}
`;
}

/** Writes `count` plugins, the base and the contract under `dir`. */
export function generate(dir, count) {
  mkdirSync(join(dir, 'plugins'), { recursive: true });
  writeFileSync(join(dir, 'base.ts'), BASE);
  writeFileSync(join(dir, 'spymodel.yml'), CONTRACT);
  const width = String(count).length;
  for (let i = 0; i < count; i++) {
    writeFileSync(join(dir, 'plugins', `plugin-${String(i).padStart(width, '0')}.ts`), pluginSource(i));
  }
  return { contract: join(dir, 'spymodel.yml'), plugins: join(dir, 'plugins') };
}

/** The same plugin in JavaScript, with JSDoc annotations (runs on plain Node for cold-start runs). */
export function pluginSourceJs(i, importLine = "import { PluginBase } from './base.mjs';") {
  return `${importLine}

/** @type {string} */
export const plugin_name = 'plugin-${i}';
/** @type {string} */
export const plugin_version = '1.${i % 10}.0';
/** @type {number} */
export const plugin_priority = ${i % 7};

export class Extension extends PluginBase {
  /** @type {string} */
  static extension_kind = 'generated';
  /** @type {Map<string, number>} */
  extension_state;

  constructor(seed = ${i}) {
    super();
    this.seed = seed;
    this.extension_state = new Map([['seed', seed]]);
  }

  /**
   * @param {string} msg
   * @returns {string}
   */
  add_extension(msg) {
    return msg + this.seed;
  }

  /**
   * @param {number} id
   * @param {boolean} force
   * @returns {boolean}
   */
  remove_extension(id, force = false) {
    return force || id > 0;
  }

  /**
   * @param {string} url
   * @param {number} retries
   * @returns {Promise<string>}
   */
  async http_get_request(url, retries = 3) {
    return url + retries;
  }
}

export class Helper {
  /**
   * @param {unknown} value
   * @returns {string}
   */
  format(value) {
    return String(value);
  }

  /**
   * @param {string} text
   * @returns {Record<string, unknown>}
   */
  parse(text) {
    return { text };
  }

  /**
   * @param {Record<string, unknown>} left
   * @param {Record<string, unknown>} right
   * @returns {Record<string, unknown>}
   */
  merge(left, right = {}) {
    return { ...left, ...right };
  }
}
`;
}

export const BASE_JS = `export class PluginBase {
  /** @type {string[]} */
  static registry = [];
  /** @returns {string} */
  describe() {
    return 'plugin';
  }
}
`;
