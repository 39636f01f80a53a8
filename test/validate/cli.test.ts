/**
 * The same cases through the built CLI (`npm run build` first): `importspy check --format json`
 * must report exactly what the API reports, and exit 0, 1 or 2.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAILING, PASSING } from './cases.js';
import { checkCli, fixture, runCli } from './helpers.js';

describe('importspy check --format json', () => {
  it.each(PASSING)('passes: $name', ({ module, contract, mode }) => {
    expect(checkCli(module, contract, mode)).toEqual({ status: 0, violations: [] });
  });

  it.each(FAILING)('fails: $name', ({ module, contract, mode, violations }) => {
    expect(checkCli(module, contract, mode)).toEqual({ status: 1, violations });
  });

  it('applies per-runtime modules entries by filename', () => {
    const { status, violations } = checkCli('per-runtime/beta.mjs', 'per-runtime/spymodel.yml');
    expect(status).toBe(1);
    expect(violations.map((v) => [v.code, v.path.replace(/^deployments\[\d\]\.systems\[\d\]\./, ''), v.at, v.contractAt])).toEqual([
      ['missing.variable', 'runtimes[0].modules[2].variables.owner', 'beta.mjs:1:1', '14:29'],
      ['mismatch.value', 'runtimes[0].modules[1].variables.channel.value', 'beta.mjs:3:14', '13:53'],
    ]);
  });

  it('reports the modules that parse, and a module.syntax error for the one that does not (exit 2)', () => {
    const run = runCli(['check', fixture('broken/good.mjs'), fixture('broken/bad.ts'), '-c', fixture('broken/spymodel.yml'), '--format', 'json']);
    expect(run.status).toBe(2);
    expect(run.json.ok).toBe(false);
    const bad = run.json.results.find((r) => r.module?.endsWith('bad.ts'));
    const good = run.json.results.find((r) => r.module?.endsWith('good.mjs'));
    expect(good).toMatchObject({ ok: true, violations: [] });
    expect(bad).toMatchObject({ ok: false, violations: [], error: { code: 'module.syntax', location: { line: 3, column: 1 } } });
    expect(bad?.error?.location?.file).toMatch(/broken\/bad\.ts$/);
  });
});

describe('static mode never runs the module', () => {
  const dir = mkdtempSync(join(tmpdir(), 'importspy-static-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('checks a module whose top level writes a file and exits, without either happening', () => {
    const marker = join(dir, 'ran.txt');
    const run = runCli(['check', fixture('danger/side-effects.mjs'), '-c', fixture('danger/spymodel.yml'), '--format', 'json'], { IMPORTSPY_MARKER: marker });
    expect(run.status).toBe(0);
    expect(run.json.results[0]).toMatchObject({ ok: true, violations: [] });
    expect(existsSync(marker)).toBe(false);
  });
});
