/**
 * The parts of the yaml package the contract parser uses. An entry point of the bundle of its
 * own (dist/chunks/yaml.js, see util/own-code.ts) with yaml's code inside, loaded by lazy.ts when
 * a contract must actually be parsed: one file instead of the ~70 of yaml's CommonJS build, whose
 * loading cost about 50 ms of each parse on a 2-core machine (bundled, 15-20 ms).
 */
export { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
