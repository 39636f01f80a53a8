/**
 * The corpus of published packages the analysis is measured on: pinned versions of popular
 * packages built in different ways, and the entry files to read from each. Installed from the npm
 * registry into a cache outside the repository on first use (never into the project's
 * node_modules), without running any install script.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** One entry file of a corpus package, and how it was built (for the report). */
export interface CorpusEntry {
  /** The package name. */
  pkg: string;
  /** The file inside the package. */
  file: string;
  /** How the file was produced. */
  style: string;
  /**
   * For TypeScript sources Node 20 cannot load: the compiled file whose exports they must match.
   */
  realFrom?: string;
}

/** Exact versions: the measurements must not move when a package publishes. */
export const PACKAGES: Record<string, string> = {
  lodash: '4.17.21',
  axios: '1.7.9',
  dayjs: '1.11.13',
  immer: '10.1.1',
  mobx: '6.13.5',
  react: '18.3.1',
  'react-dom': '18.3.1',
  '@vue/runtime-core': '3.5.13',
  '@babel/core': '7.26.0',
  rollup: '4.28.1',
  prettier: '3.4.2',
  typescript: '5.7.2',
  fastify: '5.2.0',
  koa: '2.15.3',
  undici: '7.1.0',
  luxon: '3.5.0',
  moment: '2.30.1',
  eventemitter3: '5.0.1',
  rxjs: '7.8.1',
  'date-fns': '4.1.0',
  express: '5.1.0',
  yaml: '2.6.1',
  ajv: '8.17.1',
  zod: '4.6.7',
  // Types for a package that ships none (escape-html, which express depends on): TypeScript reads @types.
  '@types/escape-html': '1.0.4',
};

export const ENTRIES: CorpusEntry[] = [
  { pkg: 'axios', file: 'index.js', style: 'hand-written ESM over a default object' },
  { pkg: 'axios', file: 'dist/node/axios.cjs', style: 'Rollup CommonJS bundle, a prototype copied by a helper' },
  { pkg: 'dayjs', file: 'dayjs.min.js', style: 'minified UMD' },
  { pkg: 'immer', file: 'dist/cjs/index.js', style: 'conditional require of an esbuild CommonJS build' },
  { pkg: 'immer', file: 'dist/immer.mjs', style: 'esbuild ESM' },
  { pkg: 'mobx', file: 'dist/index.js', style: 'conditional require of a tsdx/Rollup CommonJS build' },
  { pkg: 'mobx', file: 'dist/mobx.cjs.production.min.js', style: 'minified CommonJS' },
  { pkg: 'mobx', file: 'dist/mobx.esm.js', style: 'Rollup ESM' },
  { pkg: 'react', file: 'index.js', style: 'conditional require, exports.x inside an IIFE' },
  { pkg: 'react-dom', file: 'index.js', style: 'conditional require, exports.x inside an IIFE' },
  { pkg: '@vue/runtime-core', file: 'dist/runtime-core.cjs.js', style: 'Rollup CommonJS with re-exports' },
  { pkg: '@vue/runtime-core', file: 'dist/runtime-core.esm-bundler.js', style: 'Rollup ESM' },
  { pkg: '@babel/core', file: 'lib/index.js', style: 'Babel CommonJS with interop getters' },
  { pkg: 'rollup', file: 'dist/rollup.js', style: 'Rollup CommonJS' },
  { pkg: 'rollup', file: 'dist/es/rollup.js', style: 'Rollup ESM' },
  { pkg: 'prettier', file: 'standalone.mjs', style: 'minified esbuild ESM' },
  { pkg: 'prettier', file: 'standalone.js', style: 'minified UMD' },
  { pkg: 'typescript', file: 'lib/typescript.js', style: 'esbuild CommonJS inside an IIFE' },
  { pkg: 'fastify', file: 'fastify.js', style: 'hand-written CommonJS' },
  { pkg: 'koa', file: 'lib/application.js', style: 'hand-written CommonJS class' },
  { pkg: 'koa', file: 'dist/koa.mjs', style: 'ESM wrapper of CommonJS' },
  { pkg: 'undici', file: 'index.js', style: 'hand-written CommonJS' },
  { pkg: 'luxon', file: 'build/node/luxon.js', style: 'Rollup CommonJS' },
  { pkg: 'luxon', file: 'src/luxon.js', style: 'hand-written ESM sources' },
  { pkg: 'moment', file: 'moment.js', style: 'UMD' },
  { pkg: 'moment', file: 'dist/moment.js', style: 'Rollup ESM' },
  { pkg: 'eventemitter3', file: 'index.js', style: 'ES5 constructor and prototype' },
  { pkg: 'eventemitter3', file: 'index.mjs', style: 'ESM wrapper of CommonJS' },
  { pkg: 'rxjs', file: 'dist/cjs/index.js', style: 'tsc CommonJS' },
  { pkg: 'date-fns', file: 'index.cjs', style: 'Babel CommonJS re-exports' },
  { pkg: 'date-fns', file: 'index.js', style: 'ESM re-exports' },
  { pkg: 'express', file: 'index.js', style: 'hand-written CommonJS, exports = module.exports = fn' },
  { pkg: 'yaml', file: 'dist/index.js', style: 'Rollup CommonJS' },
  { pkg: 'yaml', file: 'browser/index.js', style: 'Rollup ESM' },
  { pkg: 'ajv', file: 'dist/ajv.js', style: 'tsc CommonJS' },
  { pkg: 'lodash', file: 'lodash.js', style: 'hand-written UMD, members added in a factory' },
  { pkg: 'zod', file: 'index.cjs', style: 'tsc CommonJS with __exportStar' },
  { pkg: 'zod', file: 'index.js', style: 'tsc ESM' },
  { pkg: 'zod', file: 'src/index.ts', style: 'TypeScript sources', realFrom: 'index.js' },
];

/** Where the corpus is installed: IMPORTSPY_CORPUS_DIR, else ~/.cache/importspy-corpus. */
export function corpusDir(): string {
  return process.env['IMPORTSPY_CORPUS_DIR'] ?? path.join(homedir(), '.cache', 'importspy-corpus');
}

/** The corpus's own package.json: the packages above as exact dependencies. */
export function corpusManifest(): string {
  return `${JSON.stringify({ name: 'importspy-corpus', private: true, dependencies: PACKAGES }, null, 2)}\n`;
}

/**
 * Installs the corpus when the cache does not hold exactly this tree yet, and returns its
 * node_modules folder. The lockfile beside this file pins every transitive dependency too, so
 * the measurements are the same on every machine; `npm ci` installs exactly it, running no
 * install script. A stamp records what was installed: later runs do not touch the network.
 */
export async function installCorpus(): Promise<string> {
  const dir = corpusDir();
  const modules = path.join(dir, 'node_modules');
  const lock = readFileSync(new URL('./package-lock.json', import.meta.url), 'utf8');
  const wanted = corpusManifest() + lock;
  const stamp = path.join(dir, 'corpus.stamp');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(modules)) return modules;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), corpusManifest());
  writeFileSync(path.join(dir, 'package-lock.json'), lock);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await promisify(execFile)(npm, ['ci', '--prefix', dir, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(stamp, wanted);
  return modules;
}
