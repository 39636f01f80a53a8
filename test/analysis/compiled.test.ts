/**
 * CommonJS as compilers, bundlers and hand-written libraries emit it: the fixtures under
 * test/fixtures/modules/compiled follow the shapes tsc, Babel, esbuild, UMD wrappers, express and
 * lodash write, and every one of them is also loaded by a real Node process, whose view of the
 * exports the model must contain.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../src/cli/index.js';
import { inspectModuleSync } from '../../src/analysis/inspect.js';
import type { ModuleModel } from '../../src/analysis/model.js';
import { loadContract, parseContract, validate } from '../../src/index.js';
import { cls, fixture, fn, variable } from './helpers.js';

const model = (name: string): ModuleModel => inspectModuleSync(fixture(`compiled/${name}`), { cache: false });
const kinds = (m: ModuleModel): Record<string, string> =>
  Object.fromEntries([
    ...m.variables.map((v) => [v.name, 'variable']),
    ...m.functions.map((f) => [f.name, 'function']),
    ...m.classes.map((c) => [c.name, 'class']),
    ...m.unresolvedExports.map((name) => [name, 'unknown']),
  ]);

describe('CommonJS written by compilers and bundlers', () => {
  it("reads tsc's getters, void 0 preamble, __exportStar and exports.default", () => {
    const m = model('tsc-cjs.js');
    expect(kinds(m)).toEqual({ ratio: 'variable', Square: 'class', default: 'class', triangle: 'function', made: 'variable' });
    expect(cls(m, 'Square').methods.map((x) => x.name)).toEqual(['constructor', 'area']);
    expect(variable(m, 'ratio').value).toEqual({ known: true, value: 2 });
    // `exports.made = make()`: a value ImportSpy cannot evaluate, so nothing is claimed about it.
    expect(variable(m, 'made').value).toEqual({ known: false });
    expect(m.format).toBe('cjs');
  });

  it("reads Babel's _export getters, interop-wrapped requires and Object.keys re-exports", () => {
    const m = model('babel-cjs.js');
    expect(kinds(m)).toEqual({ parse: 'function', version: 'function', format: 'function', INDENT: 'variable', default: 'variable' });
    expect(fn(m, 'parse').parameters.map((p) => [p.name, p.optional])).toEqual([
      ['text', false],
      ['options', true],
    ]);
  });

  it("reads esbuild's __export(target, {...}) with module.exports = __toCommonJS(target)", () => {
    const m = model('esbuild-cjs.js');
    expect(kinds(m)).toEqual({ Store: 'class', createStore: 'function', LIMIT: 'variable', default: 'variable' });
  });

  it('follows exports = module.exports = fn and var app = exports = module.exports = {} chains', () => {
    const m = model('chain.js');
    expect(kinds(m)).toEqual({ default: 'function', application: 'variable', Router: 'function', json: 'function' });
    expect(fn(m, 'default').parameters[0]?.name).toBe('options');
    expect(kinds(model('chain-proto.js'))).toEqual({ init: 'function', use: 'function', default: 'variable' });
  });

  it('reads a constructor function with prototype methods as a class, with its statics and base', () => {
    const m = model('prototype.js');
    const emitter = cls(m, 'default');
    // The function itself is the constructor `new` calls.
    expect(emitter.methods.map((x) => `${x.static ? 'static ' : ''}${x.name}`)).toEqual(['constructor', 'on', 'emit', 'off', 'static create']);
    // `off` is `on` under a second name: its parameters are on's.
    expect(emitter.methods.find((x) => x.name === 'off')?.parameters.map((p) => p.name)).toEqual(['event', 'listener']);
    expect(emitter.attributes.map((x) => `${x.type}:${x.name}`)).toEqual(['class:prefix', 'instance:listeners', 'instance:max']);
    // util.inherits(Child, Base) with Base from a file that is not there: an unresolved base,
    // so an inherited member is unverifiable rather than missing.
    expect(cls(m, 'Child').superclasses).toEqual([expect.objectContaining({ name: 'Base', resolved: false })]);
    expect(kinds(m)).toMatchObject({ prefix: 'variable', create: 'function', Child: 'class' });
  });

  it('follows an ES5 base in the file: own and inherited constructors and members of ES5 and ES2015 classes built on it', () => {
    const m = model('prototype-chain.js');
    const constructorOf = (name: string) => cls(m, name).methods.find((x) => x.kind === 'constructor')?.parameters.map((p) => p.name);
    expect(constructorOf('Square')).toEqual(['side']);
    expect(cls(m, 'Square').superclasses).toEqual([expect.objectContaining({ name: 'Shape', resolved: true })]);
    expect(cls(m, 'Square').superclasses[0]?.methods.map((x) => x.name)).toEqual(['constructor', 'area']);
    // `class Tile extends Square {}` declares no constructor: `new Tile(side)` calls Square's.
    expect(constructorOf('Tile')).toBeUndefined();
    expect(cls(m, 'Tile').superclasses.map((x) => `${x.name}:${x.resolved}`)).toEqual(['Square:true', 'Shape:true']);
    expect(validate(loadContract(fixture('compiled/prototype-chain.yml')), { module: m }).violations).toEqual([]);
  });

  it('a member or constructor argument the contract asks of an ES5 class is missing when the chain is known, unverifiable past an unresolvable base', () => {
    const m = model('prototype-chain.js');
    const contract = parseContract(
      [
        'classes:',
        '  - name: Tile',
        '    methods: [{ name: constructor, arguments: [{ name: side }, { name: extra }] }, { name: shrink }]',
        '    attributes: [{ name: depth }]',
        '  - name: Remote',
        '    methods: [{ name: retry }]',
        '    attributes: [{ name: agent }]',
        '',
      ].join('\n'),
      { file: 'spymodel.yml' },
    );
    expect(validate(contract, { module: m }).violations.map((v) => [v.code, v.path])).toEqual([
      ['missing.argument', 'classes.Tile.methods.constructor.arguments.extra'],
      ['missing.method', 'classes.Tile.methods.shrink'],
      ['missing.attribute', 'classes.Tile.attributes.depth'],
      ['unverifiable.method', 'classes.Remote.methods.retry'],
      ['unverifiable.attribute', 'classes.Remote.attributes.agent'],
    ]);
  });

  it('reads UMD wrappers, plain and minified: the factory’s return value and what it assigns to it', () => {
    expect(kinds(model('umd.js'))).toEqual({ default: 'function', version: 'variable', parse: 'function', Parser: 'class' });
    expect(variable(model('umd.js'), 'version').value).toEqual({ known: true, value: '1.0.0' });
    const mini = model('minified-umd.js');
    expect(kinds(mini)).toEqual({ default: 'function', extend: 'function', locale: 'function', Ls: 'variable' });
    // `L[n] = ...` fills the object after `L = {}`: its value is not the literal.
    expect(variable(mini, 'Ls').value).toEqual({ known: false });
  });

  it('takes the names of every branch of a conditional module.exports = require(...)', () => {
    expect(Object.keys(kinds(model('conditional.js'))).sort()).toEqual(['INDENT', 'LIMIT', 'Store', 'createStore', 'default', 'format']);
  });

  it('adds what Object.assign(module.exports, ...) copies onto a re-exported module', () => {
    expect(kinds(model('assign.js'))).toEqual({ format: 'function', INDENT: 'variable', extra: 'function', Square: 'class', default: 'variable' });
  });

  it('reads exports.x assigned inside an immediately invoked function', () => {
    expect(kinds(model('iife.js'))).toEqual({ Component: 'class', createElement: 'function', version: 'variable', default: 'variable' });
  });

  it("follows lodash's feature-tested names for module and exports", () => {
    expect(kinds(model('lodash-style.js'))).toEqual({
      default: 'function',
      chunk: 'function',
      debounce: 'function',
      VERSION: 'variable',
      _: 'function',
    });
  });

  it('drops names set on the exports object that module.exports later replaced; default is module.exports', () => {
    expect(model('discarded.js').exports).toEqual(['kept', 'default']);
  });
});

describe('parsing as Node runs a file', () => {
  it('accepts a CommonJS top-level return and a hashbang in a .js file of a "type": "commonjs" package', () => {
    const m = model('return.js');
    expect(m.format).toBe('cjs');
    expect(kinds(m)).toEqual({ run: 'function', default: 'variable' });
  });

  it('reads a .js file without a "type" as CommonJS first, and as ESM when it has module syntax', () => {
    const cjs = inspectModuleSync(fixture('untyped/script.js'), { cache: false });
    expect(cjs.format).toBe('cjs');
    expect(cjs.exports).toEqual(['ready', 'default']);
    const esm = inspectModuleSync(fixture('untyped/module.js'), { cache: false });
    expect(esm.format).toBe('esm');
    expect(esm.exports).toEqual(['answer', 'later']);
  });

  it('parses JSX, decorators, using declarations and import attributes', () => {
    expect(inspectModuleSync(fixture('syntax/view.jsx'), { cache: false }).exports).toEqual(['View']);
    expect(inspectModuleSync(fixture('syntax/view.tsx'), { cache: false }).exports).toEqual(['Panel']);
    expect(kinds(inspectModuleSync(fixture('syntax/decorated.ts'), { cache: false }))).toEqual({ Service: 'class' });
    expect(kinds(inspectModuleSync(fixture('syntax/resources.mjs'), { cache: false }))).toEqual({ read: 'function', settings: 'unknown' });
  });
});

describe("agreement with Node's own view", () => {
  it('every name Node gives an ES module importing a fixture is in the model, and every require() key', () => {
    const directory = fileURLToPath(new URL('../fixtures/modules/compiled/', import.meta.url));
    const files = readdirSync(directory)
      .filter((name) => name.endsWith('.js'))
      .map((name) => path.join(directory, name));
    const script = fileURLToPath(new URL('../corpus/real-exports.cjs', import.meta.url));
    // One process per file: assign.js adds to another fixture's exports object when both load.
    const real = Object.assign(
      {},
      ...files.map((file) => JSON.parse(execFileSync(process.execPath, [script, file], { encoding: 'utf8' })) as object),
    ) as Record<string, { names?: string[]; esm?: string[]; error?: string }>;
    const gaps: string[] = [];
    let loaded = 0;
    for (const file of files) {
      const truth = real[file];
      // prototype.js requires a base class file that does not exist: Node cannot load it either.
      if (truth?.names === undefined) continue;
      loaded++;
      const exports = inspectModuleSync(file, { cache: false }).exports;
      for (const name of [...truth.names, ...(truth.esm ?? [])]) {
        if (name !== 'module.exports' && !exports.includes(name)) gaps.push(`${path.basename(file)}: ${name}`);
      }
    }
    expect(loaded).toBeGreaterThanOrEqual(15);
    expect(gaps).toEqual([]);
  });
});

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await cli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: () => true },
    env: { IMPORTSPY_CACHE: '0' },
    cwd,
  });
  return { code, stdout };
}

describe('contracts over compiled CommonJS', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'importspy-compiled-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('init writes a contract every fixture passes', async () => {
    const directory = fileURLToPath(new URL('../fixtures/modules/compiled/', import.meta.url));
    for (const name of readdirSync(directory).filter((entry) => entry.endsWith('.js'))) {
      const contract = path.join(work, `${name}.yml`);
      expect((await run(['init', path.join(directory, name), '-o', contract], work)).code).toBe(0);
      const check = await run(['check', path.join(directory, name), '-c', contract, '--format', 'json'], work);
      expect({ name, code: check.code, out: check.code === 0 ? '' : check.stdout }).toEqual({ name, code: 0, out: '' });
    }
  });

  it('asking for a function under a value of unknown kind is unverifiable, never missing', async () => {
    const contract = path.join(work, 'kinds.yml');
    writeFileSync(contract, 'functions:\n  - name: made\n  - name: triangle\n  - name: absent\n');
    const check = await run(['check', fixture('compiled/more-shapes.js'), '-c', contract, '--format', 'json'], work);
    const report = JSON.parse(check.stdout) as { results: Array<{ violations: Array<{ code: string; path: string }> }> };
    expect(report.results[0]?.violations.map((v) => `${v.code} ${v.path}`).sort()).toEqual([
      'missing.function functions.absent',
      'unverifiable.export functions.made',
    ]);
  });
});

describe('an exports object whose members are added at run time', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'importspy-open-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const contract = path.join(work, 'members.yml');
  writeFileSync(contract, 'functions:\n  - name: get\n  - name: request\n  - name: create\n');

  /** The violations of `check` of an open/ fixture against get, request and create, with their messages. */
  const violations = async (name: string): Promise<Array<{ code: string; path: string; message: string }>> => {
    const check = await run(['check', fixture(`compiled/open/${name}`), '-c', contract, '--format', 'json'], work);
    const report = JSON.parse(check.stdout) as { results: Array<{ violations: Array<{ code: string; path: string; message: string }> }> };
    return report.results[0]?.violations ?? [];
  };
  const codes = (list: Array<{ code: string; path: string }>): string[] => list.map((v) => `${v.code} ${v.path}`);

  it('a prototype copied by a helper defined in the file leaves absent names unverifiable, the names it sees precise', async () => {
    const found = await violations('extend-local.js');
    // create is assigned by name: a function, so it meets the contract.
    expect(codes(found)).toEqual(['unverifiable.export functions.get', 'unverifiable.export functions.request']);
    expect(found[0]?.message).toContain('it is passed to extend(), which may add members ImportSpy cannot list');
    const m = model('open/extend-local.js');
    expect(m.openExports).toEqual(['it is passed to extend(), which may add members ImportSpy cannot list']);
    expect(kinds(m)).toMatchObject({ create: 'function', Client: 'class', VERSION: 'variable' });
  });

  it('so does a helper imported from another file, and a value an unfollowable call makes and then extends', async () => {
    expect(codes(await violations('extend-imported.js'))).toEqual([
      'unverifiable.export functions.get',
      'unverifiable.export functions.request',
      'unverifiable.export functions.create',
    ]);
    const made = await violations('made.js');
    expect(codes(made)).toEqual(['unverifiable.export functions.get', 'unverifiable.export functions.request', 'unverifiable.export functions.create']);
    expect(made[0]?.message).toContain("it is the result of require('./utils.js').extend(), which cannot be followed, and then gets members");
  });

  it('exports assigned under names computed in a loop leave the rest open', async () => {
    const found = await violations('computed.js');
    expect(codes(found)).toEqual(['unverifiable.export functions.get', 'unverifiable.export functions.request', 'unverifiable.export functions.create']);
    expect(found[0]?.message).toContain('a name computed at run time is assigned to it (exports[verb])');
  });

  it('literal assignments, literal Object.assign and defineProperties, util.inherits and helpers that only read the object keep absent names missing', async () => {
    expect(codes(await violations('literal.js'))).toEqual(['missing.function functions.get', 'missing.function functions.create']);
    expect(model('open/literal.js').openExports).toBeUndefined();
    // A loop over the object's own keys redefines names it has (as zod seals its exports).
    expect(codes(await violations('sealed.js'))).toEqual(['missing.function functions.get', 'missing.function functions.create']);
    expect(model('open/sealed.js').openExports).toBeUndefined();
    expect(kinds(model('open/sealed.js'))).toMatchObject({ request: 'function', post: 'function' });
    // A UMD factory handed the exports object is read as the module; symbol keys name nothing.
    expect(codes(await violations('umd-exports.js'))).toEqual(['missing.function functions.get', 'missing.function functions.create']);
    expect(model('open/umd-exports.js').openExports).toBeUndefined();
  });

  it("an ES module's export names are its export statements: extending the default export's value adds none", async () => {
    // Node links an ES module's names before it runs: `import { get }` of it is a SyntaxError.
    expect(codes(await violations('esm-default.mjs'))).toEqual([
      'missing.function functions.get',
      'missing.function functions.request',
      'missing.function functions.create',
    ]);
  });

  it('a copy helper gives the names it surely copies: all own keys of a prototype, enumerable ones only, an instance, object literals', async () => {
    const script = fileURLToPath(new URL('../corpus/real-exports.cjs', import.meta.url));
    const real = (name: string): string[] => {
      const file = fixture(`compiled/open/${name}`);
      return (JSON.parse(execFileSync(process.execPath, [script, file], { encoding: 'utf8' })) as Record<string, { names: string[] }>)[file]?.names ?? [];
    };
    const seen = (name: string): string[] => model(`open/${name}`).exports.filter((e) => e !== 'default').sort();
    // Exactly the names Node sees: none is missed and none is claimed that the copy does not give.
    for (const name of ['copy-helper.js', 'copy-enumerable.js']) expect({ name, exports: seen(name) }).toEqual({ name, exports: real(name).sort() });
    // A copy that may skip keys (`continue`, a filtering helper, a copy made under a condition)
    // gives none of its source's names: Node has `loud`, which ImportSpy does not claim.
    expect(real('mixin.js').sort()).toEqual(['greet', 'loud', 'shout', 'version']);
    expect(seen('mixin.js')).toEqual(['greet', 'shout', 'version']);
    // The helper may still add what it cannot list, so names it does not show stay unverifiable.
    expect(model('open/copy-helper.js').openExports).toEqual(['it is passed to utils.extend(), which may add members ImportSpy cannot list']);
    const copied = path.join(work, 'copied.yml');
    writeFileSync(copied, 'variables:\n  - name: constructor\n  - name: _send\n  - name: hooks\nfunctions:\n  - name: create\n  - name: absent\n');
    const helper = await run(['check', fixture('compiled/open/copy-helper.js'), '-c', copied, '--format', 'json'], work);
    const report = (out: string): string[] =>
      (JSON.parse(out) as { results: Array<{ violations: Array<{ code: string; path: string }> }> }).results[0]?.violations.map((v) => `${v.code} ${v.path}`) ?? [];
    expect(report(helper.stdout)).toEqual(['unverifiable.export functions.absent']);
    // Without allOwnKeys only enumerable keys are copied: a class's methods and constructor are not.
    const enumerable = await run(['check', fixture('compiled/open/copy-enumerable.js'), '-c', copied, '--format', 'json'], work);
    expect(report(enumerable.stdout)).toEqual([
      'unverifiable.export variables.constructor',
      'unverifiable.export variables._send',
      'unverifiable.export functions.absent',
    ]);
    // Copied members keep their shapes; a copy that skips a key gives none of that source's names.
    const mixin = path.join(work, 'mixin.yml');
    writeFileSync(mixin, 'functions:\n  - name: greet\n    arguments:\n      - name: name\n  - name: shout\n    arguments:\n      - name: text\n      - name: count\n  - name: secret\n');
    expect(report((await run(['check', fixture('compiled/open/mixin.js'), '-c', mixin, '--format', 'json'], work)).stdout)).toEqual([
      'unverifiable.export functions.secret',
      'mismatch.argument functions.shout.arguments.count',
    ]);
  });

  it("takes the names and shapes declarations give through export = of a declare const typed by an interface chain", async () => {
    const declared = path.join(work, 'declared.yml');
    writeFileSync(
      declared,
      [
        'functions:',
        '  - name: get',
        '    arguments: [{ name: url, annotation: string }, { name: config }]',
        '    return_annotation: Promise<T>',
        '  - name: request',
        '  - name: create',
        '  - name: isCancel',
        '  - name: version',
        '  - name: retry',
        'classes:',
        '  - name: Client',
        '  - name: Token',
        'variables:',
        '  - name: VERSION',
        '    annotation: string',
        '  - name: defaultTimeout',
        '    annotation: number',
        '',
      ].join('\n'),
    );
    const check = await run(['check', fixture('compiled/open/declared.cjs'), '-c', declared, '--format', 'json'], work);
    const report = JSON.parse(check.stdout) as { results: Array<{ violations: Array<{ code: string; path: string }> }> };
    // retry is in neither the JavaScript nor the declarations: the open object may still have it.
    expect(codes(report.results[0]?.violations ?? [])).toEqual(['unverifiable.export functions.retry']);
    const m = model('open/declared.cjs');
    // The members of Static, of Instance it extends and of the class Client that extends; the
    // namespace's values; not the call signature nor the index signature.
    expect(kinds(m)).toMatchObject({
      get: 'function',
      request: 'function',
      create: 'function',
      isCancel: 'function',
      version: 'function',
      Client: 'class',
      Token: 'class',
      VERSION: 'variable',
      defaults: 'variable',
      defaultTimeout: 'variable',
    });
    expect(m.exports).not.toContain('key');
    expect(m.exports).not.toContain('Config');
    expect(m.functions.find((f) => f.name === 'get')).toMatchObject({
      returnAnnotation: 'Promise<T>',
      parameters: [{ name: 'url', annotation: 'string' }, { name: 'config', annotation: 'client.Config', optional: true }],
    });
    expect(m.variables.find((v) => v.name === 'defaults')).toMatchObject({ annotation: 'client.Config' });
  });

  it('declarations never add names to a CommonJS exports object whose members are all known', async () => {
    const closed = path.join(work, 'closed.yml');
    writeFileSync(closed, 'functions:\n  - name: request\n  - name: get\n');
    const check = await run(['check', fixture('compiled/open/declared-closed.cjs'), '-c', closed, '--format', 'json'], work);
    const report = JSON.parse(check.stdout) as { results: Array<{ violations: Array<{ code: string; path: string }> }> };
    expect(codes(report.results[0]?.violations ?? [])).toEqual(['missing.function functions.get']);
    const m = model('open/declared-closed.cjs');
    expect(m.exports).not.toContain('get');
    expect(m.functions.find((f) => f.name === 'request')).toMatchObject({ returnAnnotation: 'Promise<unknown>', parameters: [{ annotation: 'object' }] });
  });

  it('every name Node gives require() of an open fixture is listed or left unverifiable, never missing', () => {
    const directory = fileURLToPath(new URL('../fixtures/modules/compiled/open/', import.meta.url));
    const script = fileURLToPath(new URL('../corpus/real-exports.cjs', import.meta.url));
    for (const name of ['extend-local.js', 'extend-imported.js', 'made.js', 'computed.js']) {
      const file = path.join(directory, name);
      const truth = (JSON.parse(execFileSync(process.execPath, [script, file], { encoding: 'utf8' })) as Record<string, { names?: string[] }>)[file];
      const m = inspectModuleSync(file, { cache: false });
      const unlisted = (truth?.names ?? []).filter((key) => key !== 'module.exports' && !m.exports.includes(key));
      expect({ name, unlisted: unlisted.length > 0, open: m.openExports !== undefined }).toEqual({ name, unlisted: true, open: true });
    }
  });
});
