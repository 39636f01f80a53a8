/**
 * The project configuration (`importspy.config.yml`): which of the project's own modules are
 * protected, and by which contract. Read with the same rules as a contract: strict keys,
 * positions for every problem, missing files reported where they are named.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { ContractError, type ContractProblem } from './errors.js';
import { schema } from './lazy.js';
import { parseYamlSource } from './parse-yaml.js';
import { emptySource, formatPath, positionOf } from './positions.js';
import { schemaProblems } from './problems.js';
import { readSourceText } from './read.js';
import type { ProjectConfigInput } from './types.generated.js';
import { specifierMatches } from '../util/glob.js';

const CONFIG_NAMES = ['importspy.config.yml', 'importspy.config.yaml', 'importspy.config.json'];

const CONFIG_KEYS = ['$schema', 'mode', 'ignore', 'contracts', 'modules', 'contract'];

/** One binding of protected modules to a contract. */
export interface ProtectedModules {
  /** Absolute glob patterns (forward slashes). */
  modules: string[];
  /** Absolute path of the contract file. */
  contract: string;
}

/** A validated project configuration (`importspy.config.yml`). */
export interface ProjectConfig {
  /** Absolute path of the configuration file. */
  file: string;
  /** The configured mode, when set. */
  mode?: 'enforce' | 'warn';
  /** The bindings, in file order. */
  contracts: ProtectedModules[];
  /** Absolute globs (forward slashes) of files that `check` leaves out and no contract protects. */
  ignore: string[];
}

/** The configuration named by `explicit` or `IMPORTSPY_CONFIG`, else the nearest one walking up from `from`. */
export function findProjectConfig(from: string, env: Readonly<Record<string, string | undefined>> = process.env, explicit?: string): string | null {
  const named = explicit ?? env['IMPORTSPY_CONFIG'];
  if (named) return resolve(from, named);
  let dir = resolve(from);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

const toPosix = (p: string): string => p.split(sep).join('/');

/**
 * Reads and validates a project configuration.
 * @throws {ContractError} listing every problem, with file:line:column.
 */
export function loadProjectConfig(file: string): ProjectConfig {
  const { data, source } = parseYamlSource(readSourceText(file), file);
  const result = schema().projectConfigSchema.safeParse(data, schema().PARSE_ONCE);
  if (!result.success) throw new ContractError(file, schemaProblems(result.error.issues, source, data, CONFIG_KEYS));
  // Globs are compared with the real paths Node reports for modules, so they are anchored at the
  // configuration's real folder: one reached through a symlinked directory
  // (/srv/current -> releases/N) protects the same files.
  const base = realPath(dirname(file));
  const problems: ContractProblem[] = [];
  const contracts = (result.data.contracts ?? []).map((entry, i) => {
    const contract = resolve(base, entry.contract);
    let isFile = false;
    try {
      isFile = statSync(contract).isFile();
    } catch {
      // reported below
    }
    if (!isFile) {
      const path = ['contracts', i, 'contract'];
      problems.push({
        code: 'contract.not-found',
        path: formatPath(path),
        message: `contract file ${entry.contract} does not exist (resolved to ${contract})`,
        location: positionOf(source, path),
      });
    }
    const patterns = typeof entry.modules === 'string' ? [entry.modules] : entry.modules;
    return { modules: patterns.map((p) => absoluteGlob(base, p)), contract };
  });
  if (problems.length) throw new ContractError(file, problems);
  const config: ProjectConfig = { file, contracts, ignore: (result.data.ignore ?? []).map((p) => absoluteGlob(base, p)) };
  if (result.data.mode) config.mode = result.data.mode;
  return config;
}

/** The real path of `path` (symbolic links followed), or `path` itself when it cannot be read. */
function realPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** A glob relative to `base` made absolute; a leading `!` (a negated glob) stays in front. */
function absoluteGlob(base: string, pattern: string): string {
  return pattern.startsWith('!') ? `!${toPosix(resolve(base, pattern.slice(1)))}` : toPosix(resolve(base, pattern));
}

/**
 * A project configuration written in code, typed like `defineContract` (`mode: 'strict'` does not
 * compile) and validated as `importspy.config.yml` is: for generating `importspy.config.json`,
 * or for tools that hold it in memory. Returns the input unchanged.
 * @throws {ContractError} listing every problem.
 */
export function defineConfig(input: ProjectConfigInput): ProjectConfigInput {
  const result = schema().projectConfigSchema.safeParse(input, schema().PARSE_ONCE);
  if (!result.success) throw new ContractError(null, schemaProblems(result.error.issues, emptySource(), input, CONFIG_KEYS));
  return input;
}

/** The contracts that protect a module file, in configuration order (`!` globs and `ignore:` take files out). */
export function contractsProtecting(config: ProjectConfig, moduleFile: string): string[] {
  const target = toPosix(realPath(resolve(moduleFile)));
  const matches = (pattern: string): boolean => specifierMatches(pattern, target);
  if (config.ignore.some(matches)) return [];
  return config.contracts
    .filter((c) => c.modules.some((p) => !p.startsWith('!') && matches(p)) && !c.modules.some((p) => p.startsWith('!') && matches(p.slice(1))))
    .map((c) => c.contract);
}
