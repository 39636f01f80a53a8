import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureContext, defineContract, validate } from '../../src/index.js';
import { detectRuntime } from '../../src/context/capture.js';

describe('captureContext', () => {
  it('takes every part from its options and reads nothing global for them', () => {
    const env = { ONLY_HERE: '1' };
    const c = captureContext({ arch: 'arm64', platform: 'darwin', libc: null, runtime: { name: 'bun', version: '1.1.0' }, env, packages: { zod: '4.1.0' }, cwd: '/somewhere' });
    expect(c.arch).toBe('arm64');
    expect(c.os).toBe('darwin');
    expect(c.libc).toBeNull();
    expect(c.runtime).toEqual({ name: 'bun', version: '1.1.0' });
    expect(c.env).toBe(env);
    expect(c.env['PATH']).toBeUndefined();
    expect(c.cwd).toBe('/somewhere');
    expect(c.findPackage('zod', '/')).toMatchObject({ name: 'zod', version: '4.1.0' });
    // Fixed packages mean no look on disk: a package installed here is not seen.
    expect(c.findPackage('vitest', process.cwd())).toBeNull();
  });

  it('two contexts do not share state', () => {
    const a = captureContext({ arch: 'arm64', env: { A: '1' } });
    const b = captureContext({ arch: 'x64', env: { B: '1' } });
    expect([a.arch, b.arch]).toEqual(['arm64', 'x64']);
    expect(a.env['B']).toBeUndefined();
    expect(captureContext().arch).toBe(process.arch);
  });

  it('defaults to this process', () => {
    const c = captureContext();
    expect(c.arch).toBe(process.arch);
    expect(c.os).toBe(process.platform);
    expect(c.runtime).toEqual({ name: 'node', version: process.versions.node });
    expect(c.env).toBe(process.env);
    expect(c.cwd).toBe(process.cwd());
  });

  it.each([
    ['x64', 'x64'], ['x86_64', 'x64'], ['amd64', 'x64'],
    ['arm64', 'arm64'], ['aarch64', 'arm64'],
    ['ia32', 'ia32'], ['i386', 'ia32'],
  ])('arch %s is normalised to %s', (given, canonical) => {
    expect(captureContext({ arch: given }).arch).toBe(canonical);
  });

  it.each([['win32', 'win32'], ['windows', 'win32'], ['darwin', 'darwin'], ['macos', 'darwin'], ['linux', 'linux']])(
    'platform %s is normalised to %s',
    (given, canonical) => {
      expect(captureContext({ platform: given, libc: null }).os).toBe(canonical);
    },
  );

  it('every spelling of a machine in the context matches every spelling in a contract', () => {
    const arches = ['x64', 'x86_64', 'amd64'];
    const systems = ['darwin', 'macos'];
    for (const inContract of arches) {
      for (const onMachine of arches) {
        for (const os of systems) {
          for (const osOnMachine of systems) {
            const contract = defineContract({ deployments: [{ arch: inContract, systems: [{ os }] }] });
            const context = captureContext({ arch: onMachine, platform: osOnMachine, libc: null, env: {} });
            expect(validate(contract, { context }).ok, `${inContract}/${os} vs ${onMachine}/${osOnMachine}`).toBe(true);
          }
        }
      }
    }
    const arm = defineContract({ deployments: [{ arch: 'aarch64', systems: [{ os: 'windows' }] }, { arch: 'i386', systems: [{ os: 'win32' }] }] });
    expect(validate(arm, { context: captureContext({ arch: 'arm64', platform: 'win32', env: {} }) }).ok).toBe(true);
    expect(validate(arm, { context: captureContext({ arch: 'ia32', platform: 'windows', env: {} }) }).ok).toBe(true);
    expect(validate(arm, { context: captureContext({ arch: 'x64', platform: 'windows', env: {} }) }).ok).toBe(false);
  });

  it('detects glibc on this machine (a glibc Linux), and no libc off Linux', () => {
    if (process.platform === 'linux') expect(captureContext().libc).toBe('glibc');
    expect(captureContext({ platform: 'darwin' }).libc).toBeNull();
    expect(captureContext({ platform: 'win32' }).libc).toBeNull();
  });

  it.runIf(process.platform === 'linux')('tells libc from the mapped libraries, without a diagnostic report', () => {
    const report = process.report;
    const original = report.getReport;
    let reports = 0;
    report.getReport = (...args: Parameters<typeof original>) => {
      reports++;
      return original.apply(report, args);
    };
    try {
      expect(captureContext().libc).toBe('glibc');
    } finally {
      report.getReport = original;
    }
    expect(reports).toBe(0);
  });
});

describe('detectRuntime', () => {
  it('is node without Bun or Deno globals', () => {
    expect(detectRuntime({})).toEqual({ name: 'node', version: process.versions.node });
  });

  it('detects bun from its global', () => {
    expect(detectRuntime({ Bun: { version: '1.1.34' } })).toEqual({ name: 'bun', version: '1.1.34' });
  });

  it('detects deno from its global', () => {
    expect(detectRuntime({ Deno: { version: { deno: '2.1.4' } } })).toEqual({ name: 'deno', version: '2.1.4' });
  });

  it('is what captureContext reports for this process', () => {
    expect(captureContext().runtime).toEqual(detectRuntime());
  });
});

describe('installed packages', () => {
  let root: string;
  /** Writes a package.json under root. */
  const pkg = (at: string, manifest: Record<string, unknown>): void => {
    const file = join(root, at, 'package.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(manifest));
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'importspy-packages-'));
    // app/node_modules has dep@1 and @scope/tool@2; app/packages/inner/node_modules has its own dep@2.
    pkg('app/node_modules/dep', { name: 'dep', version: '1.4.0' });
    pkg('app/node_modules/@scope/tool', { name: '@scope/tool', version: '2.0.1' });
    pkg('app/node_modules/noversion', { name: 'noversion' });
    pkg('app/packages/inner/node_modules/dep', { name: 'dep', version: '2.3.0' });
    mkdirSync(join(root, 'app/packages/inner/src/deep'), { recursive: true });
    mkdirSync(join(root, 'app/node_modules/broken'), { recursive: true });
    writeFileSync(join(root, 'app/node_modules/broken/package.json'), '{ not json');
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('finds a package in the nearest node_modules, walking up as Node does', () => {
    const c = captureContext();
    expect(c.findPackage('dep', join(root, 'app'))).toMatchObject({ name: 'dep', version: '1.4.0' });
    expect(c.findPackage('dep', join(root, 'app/packages/inner/src/deep'))).toMatchObject({ name: 'dep', version: '2.3.0', manifest: join(root, 'app/packages/inner/node_modules/dep/package.json') });
    expect(c.findPackage('dep', join(root, 'app/packages'))).toMatchObject({ version: '1.4.0' });
  });

  it('falls back to an outer node_modules for a package the inner one lacks', () => {
    expect(captureContext().findPackage('@scope/tool', join(root, 'app/packages/inner/src'))).toMatchObject({ name: '@scope/tool', version: '2.0.1' });
  });

  it('a package that is not installed is null; one without a version has version null', () => {
    const c = captureContext();
    expect(c.findPackage('absent', join(root, 'app'))).toBeNull();
    expect(c.findPackage('noversion', join(root, 'app'))).toMatchObject({ version: null });
    expect(c.findPackage('broken', join(root, 'app'))).toMatchObject({ version: null });
  });

  it('validation resolves packages from packageDir: the nearest copy decides', () => {
    const contract = defineContract({ deployments: [{ arch: process.arch, systems: [{ os: process.platform, runtimes: [{ name: 'node', packages: [{ name: 'dep', version: '^2' }, { name: '@scope/tool', version: '2.x' }] }] }] }] });
    const context = captureContext({ env: {} });
    expect(validate(contract, { context, packageDir: join(root, 'app/packages/inner/src') }).ok).toBe(true);
    const outer = validate(contract, { context, packageDir: join(root, 'app') });
    expect(outer.violations.map((v) => [v.code, v.expected, v.actual])).toEqual([['mismatch.package-version', '^2', '1.4.0']]);
  });

  it('without packageDir, packages are resolved from the context cwd', () => {
    const contract = defineContract({ deployments: [{ arch: process.arch, systems: [{ os: process.platform, runtimes: [{ name: 'node', packages: [{ name: 'dep', version: '1' }] }] }] }] });
    expect(validate(contract, { context: captureContext({ env: {}, cwd: join(root, 'app') }) }).ok).toBe(true);
    expect(validate(contract, { context: captureContext({ env: {}, cwd: root }) }).violations[0]?.code).toBe('missing.package');
  });
});
