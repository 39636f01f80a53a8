// Run by the corpus test in a child Node process: loads each file named on the command line as
// Node would run it and prints, as one JSON object, the names it really exports. An ES module's
// names are its namespace's keys; a CommonJS module's are the own enumerable keys of the value
// `require()` returns (what a `require` caller can use), and, under `esm`, the names Node gives an
// ES module that imports it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

function packageType(file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        const type = JSON.parse(fs.readFileSync(manifest, 'utf8')).type;
        return type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (path.dirname(dir) === dir) return 'commonjs';
  }
}

function isEsm(file) {
  const ext = path.extname(file);
  if (ext === '.mjs') return true;
  if (ext === '.cjs') return false;
  return packageType(file) === 'module';
}

async function main() {
  const result = {};
  for (const file of process.argv.slice(2)) {
    try {
      if (isEsm(file)) {
        const namespace = await import(pathToFileURL(file).href);
        result[file] = { format: 'esm', names: Object.keys(namespace) };
      } else {
        const value = require(file);
        const names =
          (typeof value === 'object' && value !== null) || typeof value === 'function'
            ? Object.keys(value).filter((name) => name !== '__esModule')
            : [];
        // Node's own view when ESM imports it: the names cjs-module-lexer detects, and default.
        // A detected name the module never sets (it replaced module.exports) is undefined there.
        const namespace = await import(pathToFileURL(file).href);
        const esm = Object.keys(namespace).filter((name) => namespace[name] !== undefined && name !== '__esModule');
        result[file] = { format: 'cjs', names, esm };
      }
    } catch (error) {
      result[file] = { error: String(error && error.message ? error.message : error) };
    }
  }
  process.stdout.write(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(String(error));
    process.exit(1);
  },
);
