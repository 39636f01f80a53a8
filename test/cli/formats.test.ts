import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Golden files: the exact output of `importspy check` in every format for one run over the
// plugin fixtures (one compliant ESM, one compliant CJS, one non-compliant, one that does not
// parse). Set UPDATE_GOLDEN=1 to rewrite them after an intended change, and review the diff.
const root = fileURLToPath(new URL('../..', import.meta.url));
const cwd = fileURLToPath(new URL('../fixtures/', import.meta.url));
const golden = (name: string) => new URL(`../fixtures/golden/check.${name}`, import.meta.url);

function check(format: string, extra: string[] = []) {
  const r = spawnSync(process.execPath, [`${root}bin/importspy.js`, 'check', 'plugins/dir', '-c', 'golden/contract.yml', '--format', format, ...extra], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', IMPORTSPY_MODE: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function matchGolden(name: string, actual: string): void {
  if (process.env['UPDATE_GOLDEN']) writeFileSync(golden(name), actual);
  expect(actual).toBe(readFileSync(golden(name), 'utf8'));
}

describe('report formats (golden files)', () => {
  for (const [format, ext] of [['text', 'txt'], ['json', 'json'], ['sarif', 'sarif'], ['github', 'github.txt'], ['junit', 'junit.xml']] as const) {
    it(`${format}: same output, exit 2 because one module does not parse`, () => {
      const r = check(format);
      expect(r.status).toBe(2);
      matchGolden(ext, r.stdout);
    });
  }

  it('the same output whatever the parallelism', () => {
    expect(check('json', ['--jobs', '2']).stdout).toBe(check('json').stdout);
  });

  it('SARIF validates against the SARIF 2.1.0 schema, one rule per code', () => {
    const sarif = JSON.parse(check('sarif').stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string }> }> };
    const require = createRequire(import.meta.url);
    const Ajv = require('ajv') as new (o: object) => { addMetaSchema(s: object): void; validate(s: object, d: unknown): boolean; errorsText(): string };
    const ajv = new Ajv({ schemaId: 'id', allErrors: true });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    const valid = ajv.validate(schema, sarif);
    expect(valid, ajv.errorsText()).toBe(true);
    const run = sarif.runs[0];
    const ids = run?.tool.driver.rules.map((r) => r.id) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
    expect(run?.results.map((r) => `${r.ruleId}:${r.level}`)).toEqual([
      'module.syntax:error',
      'missing.variable:warning',
      'missing.variable:error',
      'missing.variable:warning',
      'missing.method:error',
      'missing.variable:warning',
    ]);
  });
});
