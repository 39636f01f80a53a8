import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cwd = fileURLToPath(new URL('../fixtures/', import.meta.url));

function importspy(...args: string[]) {
  const r = spawnSync(process.execPath, [`${root}bin/importspy.js`, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', IMPORTSPY_MODE: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  ok: boolean;
  results: Array<{ module: string; ok: boolean; violations: Array<{ code: string; path: string; baseline?: string }> }>;
  summary: { fixed?: Array<{ module: string; code: string; path: string }> };
}

describe('check over many modules', () => {
  it('expands globs and directories into a sorted module list', () => {
    const r = importspy('check', 'plugins/dir/*.mjs', '-c', 'plugins/plugin.yml', '--format', 'json');
    const modules = (JSON.parse(r.stdout) as JsonReport).results.map((x) => x.module);
    expect(modules).toEqual(['plugins/dir/broken.mjs', 'plugins/dir/greeter.mjs', 'plugins/dir/rogue.mjs']);
  });

  it('--shard i/n splits the sorted list into disjoint parts that cover it', () => {
    const all = (JSON.parse(importspy('check', 'plugins/dir', '-c', 'plugins/plugin.yml', '--format', 'json').stdout) as JsonReport).results.map((x) => x.module);
    const parts = ['1/3', '2/3', '3/3'].map((s) => (JSON.parse(importspy('check', 'plugins/dir', '-c', 'plugins/plugin.yml', '--format', 'json', '--shard', s).stdout) as JsonReport).results.map((x) => x.module));
    expect(parts.flat().sort()).toEqual(all);
    expect(new Set(parts.flat()).size).toBe(all.length);
    expect(importspy('check', 'plugins/dir', '-c', 'plugins/plugin.yml', '--shard', '4/3').status).toBe(2);
  });

  it('sorts the module list the same under every locale, so shards agree across machines', () => {
    // Danish collation puts `aa` after `z`; a locale-aware sort gave CI machines different shards.
    const dir = mkdtempSync(join(tmpdir(), 'importspy-order-'));
    for (const name of ['aa.mjs', 'z.mjs', 'B.mjs', 'a.mjs', '_x.mjs', 'a-b.mjs', 'a_b.mjs', 'é.mjs']) writeFileSync(join(dir, name), 'export const name = 1;\n');
    writeFileSync(join(dir, 'c.yml'), 'variables:\n  - name: name\n');
    const order = (locale: string, ...extra: string[]) => {
      const r = spawnSync(process.execPath, [`${root}bin/importspy.js`, 'check', '.', '-c', 'c.yml', '--format', 'json', ...extra], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', IMPORTSPY_MODE: '', LC_ALL: locale, LANG: locale } });
      return (JSON.parse(r.stdout) as JsonReport).results.map((x) => x.module);
    };
    const expected = ['B.mjs', '_x.mjs', 'a-b.mjs', 'a.mjs', 'a_b.mjs', 'aa.mjs', 'z.mjs', 'é.mjs'];
    for (const locale of ['en_US.UTF-8', 'da_DK.UTF-8', 'C']) {
      expect({ locale, modules: order(locale) }).toEqual({ locale, modules: expected });
      expect({ locale, shard: order(locale, '--shard', '2/3') }).toEqual({ locale, shard: expected.filter((_, i) => i % 3 === 1) });
    }
  });

  it('--log-level info/debug tells what was checked on stderr, leaving stdout to the report', () => {
    const r = importspy('check', 'plugins/dir', '-c', 'plugins/plugin.yml', '--format', 'json', '--log-level', 'debug');
    expect(JSON.parse(r.stdout)).toHaveProperty('summary');
    expect(r.stderr).toContain('importspy info: checking 4 modules against');
    expect(r.stderr).toMatch(/importspy debug: .*rogue\.mjs: 2 violation\(s\): missing\.variable, missing\.method/);
    expect(importspy('check', 'plugins/dir', '-c', 'plugins/plugin.yml').stderr).not.toContain('importspy info');
    expect(importspy('check', 'plugins/dir', '-c', 'plugins/plugin.yml', '--log-level', 'loud').status).toBe(2);
  });

  it('--jobs rejects nonsense', () => {
    const r = importspy('check', 'plugins/dir', '-c', 'plugins/plugin.yml', '--jobs', 'many');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--jobs must be a positive integer');
  });
});

describe('baselines', () => {
  it('records known violations, then fails only on new ones and lists fixed entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'importspy-baseline-'));
    const baseline = join(dir, 'importspy-baseline.json');
    const modules = ['plugins/dir/greeter.mjs', 'plugins/dir/rogue.mjs'];

    const update = importspy('check', ...modules, '-c', 'plugins/plugin.yml', '--baseline', baseline, '--update-baseline');
    expect(update.status).toBe(0);
    const written = JSON.parse(readFileSync(baseline, 'utf8')) as { entries: Array<{ module: string; code: string; path: string }> };
    expect(written.entries).toEqual([
      { module: 'plugins/dir/rogue.mjs', code: 'missing.method', path: 'classes.Plugin.methods.run' },
      { module: 'plugins/dir/rogue.mjs', code: 'missing.variable', path: 'variables.name' },
    ]);

    const known = importspy('check', ...modules, '-c', 'plugins/plugin.yml', '--baseline', baseline, '--format', 'json');
    expect(known.status).toBe(0);
    const report = JSON.parse(known.stdout) as JsonReport;
    expect(report.ok).toBe(true);
    expect(report.results[1]?.violations.map((v) => v.baseline)).toEqual(['known', 'known']);

    // A baseline entry that no longer occurs is listed as fixed; a violation not in it fails the run.
    written.entries[0] = { module: 'plugins/dir/rogue.mjs', code: 'missing.function', path: 'functions.gone' };
    writeFileSync(baseline, JSON.stringify({ importspyBaseline: 1, entries: written.entries }));
    const changed = importspy('check', ...modules, '-c', 'plugins/plugin.yml', '--baseline', baseline, '--format', 'json');
    expect(changed.status).toBe(1);
    const after = JSON.parse(changed.stdout) as JsonReport;
    expect(after.summary.fixed).toEqual([{ module: 'plugins/dir/rogue.mjs', code: 'missing.function', path: 'functions.gone' }]);
    expect(after.results[1]?.violations.map((v) => `${v.code}:${v.baseline}`)).toEqual(['missing.variable:known', 'missing.method:new']);
  });
});
