/**
 * `runtimes[].permissions`: the process must run under Node's permission model with the `deny`
 * permissions absent. Unit cases inject the model; the spawned cases start the Node running the
 * suite with and without `--permission` (`--experimental-permission` on Node 20) and real
 * `--allow-*` flags, through the CLI and the guard.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureContext, ContractError, parseContract, validate } from '../../src/index.js';
import { run, runNode, root } from '../hostile/helpers.js';

const CONTRACT = [
  'deployments:',
  '  - systems:',
  '      - runtimes:',
  '          - name: node',
  '            permissions:',
  '              deny:',
  '                - child',
  '                - worker',
  '                - { scope: fs.write, reference: / }',
  '',
].join('\n');
const contract = parseContract(CONTRACT, { file: '/t/perm.yml' });
const base = { runtime: { name: 'node' as const, version: '22.3.0' }, env: {}, packages: {}, cwd: '/nowhere' };
const PATH = 'deployments[0].systems[0].runtimes[0].permissions';

describe('permissions (injected model)', () => {
  it('without the permission model: one violation at the permissions entry', () => {
    const result = validate(contract, { context: captureContext({ ...base, permissions: null }) });
    expect(result.ok).toBe(false);
    expect(result.violations.map((v) => [v.code, v.path, v.contractLocation?.line])).toEqual([['mismatch.permission', PATH, 6]]);
    expect(result.violations[0]?.message).toContain("does not run under Node's permission model");
  });

  it('under the model: each granted deny entry, with its reference passed to has()', () => {
    const asked: string[] = [];
    const permissions = {
      has(scope: string, reference?: string) {
        asked.push(reference === undefined ? scope : `${scope} ${reference}`);
        return scope === 'child' || (scope === 'fs.write' && reference === '/');
      },
    };
    const result = validate(contract, { context: captureContext({ ...base, permissions }) });
    expect(asked).toEqual(['child', 'worker', 'fs.write /']);
    expect(result.violations.map((v) => [v.path, v.solution])).toEqual([
      [`${PATH}.deny[0]`, 'start Node without --allow-child-process'],
      [`${PATH}.deny[2]`, 'start Node without --allow-fs-write, or with one that does not cover /'],
    ]);
    expect(validate(contract, { context: captureContext({ ...base, permissions: { has: () => false } }) }).ok).toBe(true);
  });

  it('a scope Node cannot answer for counts as granted', () => {
    const permissions = { has: (scope: string) => { if (scope === 'worker') throw new TypeError('unknown scope'); return false; } };
    const result = validate(contract, { context: captureContext({ ...base, permissions }) });
    expect(result.violations.map((v) => v.path)).toEqual([`${PATH}.deny[1]`]);
    expect(result.violations[0]?.message).toContain('Node cannot tell: unknown scope');
  });

  it('only the scopes Node names are accepted', () => {
    expect(() => parseContract(CONTRACT.replace('- worker', '- workers'), { file: '/t/perm.yml' })).toThrow(ContractError);
  });
});

describe('permissions (real processes)', () => {
  const model = process.versions.node.startsWith('20.') ? '--experimental-permission' : '--permission';
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'importspy-permissions-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules/importspy'), 'dir');
    writeFileSync(join(dir, 'perm.yml'), CONTRACT);
    writeFileSync(join(dir, 'guarded.mjs'), "import { guard } from 'importspy';\nguard(import.meta, { contract: './perm.yml' });\nexport const ok = true;\n");
    writeFileSync(join(dir, 'host.mjs'), "try {\n  await import('./guarded.mjs');\n  console.log('admitted');\n} catch (error) {\n  console.log(error.code, [...error.violations.map((v) => v.path), ...error.report.results.flatMap((r) => (r.error ? [r.error.code] : []))].join(' '));\n}\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const paths = (stdout: string): string[] => (JSON.parse(stdout) as { results: Array<{ violations: Array<{ path: string }> }> }).results.flatMap((r) => r.violations.map((v) => v.path));
  const bin = join(root, 'bin/importspy.js');

  it('check: refused without the model, admitted under it, refused when a denied permission is granted', { timeout: 60_000 }, async () => {
    const [off, on, granted] = await Promise.all([
      run(['check', '-c', 'perm.yml', '--format', 'json'], { cwd: dir }),
      runNode([model, '--allow-fs-read=*', bin, 'check', '-c', 'perm.yml', '--format', 'json'], { cwd: dir }),
      runNode([model, '--allow-fs-read=*', '--allow-fs-write=*', '--allow-child-process', bin, 'check', '-c', 'perm.yml', '--format', 'json'], { cwd: dir }),
    ]);
    expect([off.status, paths(off.stdout)]).toEqual([1, [PATH]]);
    expect([on.status, paths(on.stdout)]).toEqual([0, []]);
    expect([granted.status, paths(granted.stdout)]).toEqual([1, [`${PATH}.deny[0]`, `${PATH}.deny[2]`]]);
  });

  it('the guard blocks its importer in a process started with a denied permission', { timeout: 60_000 }, async () => {
    // Analysing a module needs ImportSpy's parser, a native addon: under the model, --allow-addons.
    const [allowed, blocked, noAddons] = await Promise.all([
      runNode([model, '--allow-fs-read=*', '--allow-addons', 'host.mjs'], { cwd: dir }),
      runNode([model, '--allow-fs-read=*', '--allow-addons', '--allow-worker', 'host.mjs'], { cwd: dir }),
      runNode([model, '--allow-fs-read=*', 'host.mjs'], { cwd: dir }),
    ]);
    expect(allowed.stdout.trim()).toBe('admitted');
    expect(blocked.stdout.trim()).toBe(`ERR_IMPORT_CONTRACT ${PATH}.deny[1]`);
    // Without the addon ImportSpy cannot analyse the importer: it refuses, never admits.
    expect(noAddons.stdout.trim()).toMatch(/^ERR_IMPORT_CONTRACT module\.\S+$/);
  });
});
