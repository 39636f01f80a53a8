/**
 * The glob matcher (`imports.allow`/`deny`, configuration `modules:`, `check` globs) decides in
 * bounded time whatever the pattern, and means exactly what the earlier backtracking matcher
 * meant: the reference below is that matcher, compared on generated patterns and subjects.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatches, specifierMatches } from '../../src/util/glob.js';
import { check } from '../property/settings.js';
import { json, root, run, runNode } from '../hostile/helpers.js';

/** The matcher as it was: exponential on `*a*a*a…b`, kept here as the definition of the syntax. */
function reference(p: string, pi: number, s: string, si: number): boolean {
  while (pi < p.length) {
    const ch = p[pi];
    if (ch === '*') {
      const double = p[pi + 1] === '*';
      const next = pi + (double ? 2 : 1);
      for (let k = si; k <= s.length; k++) {
        if (reference(p, next, s, k)) return true;
        if (!double && s[k] === '/') return false;
      }
      return false;
    }
    if (si >= s.length || (ch !== '?' && ch !== s[si])) return false;
    pi++;
    si++;
  }
  return si === s.length;
}

const HOSTILE = '*a*a*a*a*a*a*a*a*a*a*b';

/** The result and the best of three timings (the machine running the suite is shared). */
function timed(fn: () => boolean): { result: boolean; ms: number } {
  let ms = Infinity;
  let result = false;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    result = fn();
    ms = Math.min(ms, performance.now() - start);
  }
  return { result, ms };
}

describe('glob matcher', () => {
  it('decides the hostile pattern against 48 characters at once', () => {
    const subject = 'a'.repeat(48);
    const { result, ms } = timed(() => globMatches(HOSTILE, subject));
    expect(result).toBe(false);
    expect(ms).toBeLessThan(10);
    expect(globMatches(HOSTILE, `${subject}b`)).toBe(true);
    expect(specifierMatches(HOSTILE, 'a/a')).toBe(false);
  });

  it('a 1 KiB pattern against a 4 KiB subject decides well under 10 ms, for the worst shapes', () => {
    const shapes = [
      '*a'.repeat(511) + 'b',
      '**a'.repeat(341) + 'b',
      '?*'.repeat(512),
      'a*?'.repeat(341) + 'b',
      '**/'.repeat(341) + 'x',
      'a'.repeat(1023) + '*',
    ];
    const subjects = ['a'.repeat(4096), 'a/'.repeat(2048), `${'ab'.repeat(2047)}ba`];
    for (const pattern of shapes) {
      expect(pattern.length).toBeLessThanOrEqual(1024);
      for (const subject of subjects) {
        const { result, ms } = timed(() => globMatches(pattern, subject));
        expect(ms, `${pattern.slice(0, 12)}… vs ${subject.slice(0, 6)}…`).toBeLessThan(10);
        expect(typeof result).toBe('boolean');
      }
    }
  });

  it('a pattern as large as a contract allows (300 000 distinct-ish characters) stays bounded in time and memory', () => {
    // A mask per distinct character made this quadratic: about a minute and a gigabyte.
    let body = '';
    for (let i = 0; i < 300_000; i++) body += String.fromCharCode(0x4e00 + (i % 20_000));
    const pattern = `*${body}*`;
    const subject = `${'x'.repeat(2048)}${body.slice(0, 2048)}`;
    const heap = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const start = performance.now();
    expect(globMatches(pattern, subject)).toBe(false);
    expect(globMatches(`*${body.slice(0, 2048)}`, subject)).toBe(true);
    expect(performance.now() - start).toBeLessThan(5_000);
    const grown = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heap;
    expect(grown).toBeLessThan(200 * 1024 * 1024);
  });

  it('means what the backtracking matcher meant (fast-check)', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', '.', '*', '?', 'é');
    const text = (max: number) => fc.array(alphabet, { maxLength: max }).map((cs) => cs.join(''));
    check(
      fc.property(text(9), text(12), (pattern, subject) => {
        expect(globMatches(pattern, subject)).toBe(reference(pattern, 0, subject, 0));
      }),
      3000,
    );
    // Subjects built to match the pattern, so the property also visits the `true` side often.
    check(
      fc.property(text(8), fc.array(text(3), { minLength: 8, maxLength: 8 }), (pattern, fills) => {
        const subject = pattern.replace(/\*+|\?/g, (_m, at: number) => fills[at % 8] ?? '');
        expect(globMatches(pattern, subject)).toBe(reference(pattern, 0, subject, 0));
      }),
      2000,
    );
    // Patterns of more than 31 tokens take the wide (word array) state sets, with dense and sparse character masks: the same answers.
    const prefix = 'ab/?'.repeat(8);
    check(
      fc.property(text(9), text(12), fc.boolean(), (tail, subjectTail, sameStart) => {
        const pattern = prefix + tail;
        const subject = (sameStart ? 'ab/b'.repeat(8) : 'ab/'.repeat(8)) + subjectTail;
        expect(globMatches(pattern, subject)).toBe(reference(pattern, 0, subject, 0));
      }),
      2000,
    );
  });

  it('keeps the specifier rules: `fs` is `node:fs`, `*` stops at `/`, `**` crosses it', () => {
    expect(specifierMatches('node:*', 'fs')).toBe(true);
    expect(specifierMatches('child_process', 'node:child_process')).toBe(true);
    expect(specifierMatches('@acme/*', '@acme/a/b')).toBe(false);
    expect(specifierMatches('@acme/**', '@acme/a/b')).toBe(true);
    expect(specifierMatches('./**', './x/y.js')).toBe(true);
    expect(specifierMatches('?', '/')).toBe(true);
  });

  it('a contract with the hostile deny pattern is checked in bounded time by the CLI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'importspy-glob-'));
    writeFileSync(join(dir, 'spymodel.yml'), `imports:\n  deny: ["${HOSTILE}"]\n`);
    const specifier = 'a'.repeat(48);
    writeFileSync(join(dir, 'mod.mjs'), `import '${specifier}';\nimport 'xaaaaaaaaaab';\nexport const x = 1;\n`);
    const r = await run(['check', 'mod.mjs', '-c', 'spymodel.yml', '--format', 'json'], { cwd: dir, timeoutMs: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    const violations = json(r.stdout).results[0]?.violations ?? [];
    expect(violations.map((v) => v.code)).toEqual(['forbidden.import']);
    expect(violations[0]?.message).toContain('xaaaaaaaaaab');
  });

  it('under the loader hooks, a contract with the hostile deny pattern decides in bounded time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'importspy-glob-hooks-'));
    mkdirSync(join(dir, 'node_modules/guarded'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/guarded/package.json'), '{ "name": "guarded", "type": "module", "main": "index.js", "importspy": { "contract": "./spymodel.yml" } }\n');
    writeFileSync(join(dir, 'node_modules/guarded/index.js'), 'export const ok = 1;\n');
    writeFileSync(join(dir, 'node_modules/guarded/spymodel.yml'), `imports:\n  deny: ["${HOSTILE}"]\n`);
    mkdirSync(join(dir, 'node_modules/xaaaaaaaaaab'));
    writeFileSync(join(dir, 'node_modules/xaaaaaaaaaab/package.json'), '{ "name": "xaaaaaaaaaab", "main": "index.js" }\n');
    writeFileSync(join(dir, 'node_modules/xaaaaaaaaaab/index.js'), 'module.exports = 1;\n');
    writeFileSync(join(dir, 'long.mjs'), `import 'guarded';\ntry { await import('${'a'.repeat(48)}'); } catch (e) { console.log('long', e.code); }\n`);
    writeFileSync(join(dir, 'denied.mjs'), "import 'guarded';\nimport 'xaaaaaaaaaab';\nconsole.log('denied ran');\n");
    const register = pathToFileURL(join(root, 'dist/loader/register.js')).href;
    // The 48-character specifier is not denied: the importer is admitted, the import then fails to resolve.
    const long = await runNode(['--import', register, 'long.mjs'], { cwd: dir, timeoutMs: 20_000 });
    expect(long.signal, long.stderr).toBeNull();
    expect(long.stdout, long.stderr).toContain('long ERR_MODULE_NOT_FOUND');
    const denied = await runNode(['--import', register, 'denied.mjs'], { cwd: dir, timeoutMs: 20_000 });
    expect(denied.signal, denied.stderr).toBeNull();
    expect(denied.stdout).not.toContain('denied ran');
    expect(denied.stderr).toContain('forbidden.import');
  });
});
