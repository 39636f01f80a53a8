import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError, defineContract, parseContract } from '../../src/index.js';
import { importspy } from './helpers.js';

// A contract written as for ImportSpy for Python, and the Python CLI's habits: each gets a
// message that says what to write instead.
let dir: string;
const PYTHON_CONTRACT = `functions:
  - name: run
    arguments:
      - name: config
        annotation: str
    return_annotation:
classes:
  - name: Plugin
    methods:
      - name: __init__
      - name: handle
        arguments:
          - name: self
          - name: count
            annotation: int
          - name: loud
            annotation: bool
deployments:
  - arch: x86_64
    systems:
      - os: linux
        runtimes:
          - name: node
            modules:
              - filename: plugin.py
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-migration-'));
  writeFileSync(join(dir, 'spymodel.yml'), PYTHON_CONTRACT);
  writeFileSync(join(dir, 'plugin.mjs'), 'export function run() {}\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a contract copied from ImportSpy for Python', () => {
  it('every Python habit is a problem at its line that says what to write instead', () => {
    const run = importspy(['check', 'plugin.mjs', '-c', 'spymodel.yml'], { cwd: dir });
    expect(run.status).toBe(2);
    const lines = run.stderr.split('\n');
    const at = (line: number, text: string) => expect(lines.find((l) => l.includes(`spymodel.yml:${line}:`)), `line ${line}`).toContain(text);
    at(5, '`str` is a Python type name; module annotations are TypeScript types: write string');
    at(6, '`return_annotation:` has no value (an empty key reads as null): give it a string, or delete the line');
    at(10, '`__init__` is the Python constructor');
    at(13, '`self` is Python\'s explicit receiver; JavaScript methods have none: remove this argument');
    at(15, 'write number');
    at(17, 'write boolean');
    at(25, "plugin.py names a Python file; write the module's name without an extension (`plugin`");
  });

  it('the same through the API, and not for environment variables, where str/int/bool stay accepted', () => {
    expect(() => defineContract({ functions: [{ name: 'f', arguments: [{ name: 'self' }] }] })).toThrow(/`self` is Python's explicit receiver/);
    expect(() => parseContract('deployments:\n  - systems:\n      - environment:\n          variables:\n            - name: PORT\n              annotation: int\n')).not.toThrow();
    expect(() => parseContract('variables:\n  - name: x\n    annotation: string\n')).not.toThrow();
    try {
      parseContract('variables:\n  - name: x\n    annotation: dict\n', { file: 'c.yml' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ContractError);
      expect((error as ContractError).problems.map((p) => [p.code, p.path, p.location?.line])).toEqual([['contract.invalid-value', 'variables[0].annotation', 3]]);
    }
  });
});

describe("ImportSpy for Python's command line", () => {
  it.each([
    [['-s', 'spymodel.yml', 'plugin.mjs'], "-s was ImportSpy for Python's contract option; write `importspy check <module> -c spymodel.yml`"],
    [['check', 'plugin.mjs', '-s', 'spymodel.yml'], "-s was ImportSpy for Python's contract option"],
    [['check', 'plugin.mjs', '-l', 'WARNING'], "-l was ImportSpy for Python's log option; write `--log-level error|warn|info|debug`"],
    [['check', 'plugin.mjs', '--log-level', 'WARNING'], 'for WARNING, write --log-level warn'],
    [['plugin.mjs', '-c', 'spymodel.yml'], 'unknown command `plugin.mjs`; to check a module, write `importspy check plugin.mjs -c spymodel.yml`'],
  ])('%j', (args, message) => {
    const run = importspy(args, { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });
});
