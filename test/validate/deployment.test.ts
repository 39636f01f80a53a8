import { describe, expect, it } from 'vitest';
import { captureContext, defineContract, validate, type CaptureContextOptions, type ContractInput, type Violation } from '../../src/index.js';

/** A fixed machine: x64 Linux (glibc), node 22.3.0, no variables, no packages. */
const machine = (overrides: CaptureContextOptions = {}) =>
  captureContext({ arch: 'x64', platform: 'linux', libc: 'glibc', runtime: { name: 'node', version: '22.3.0' }, env: {}, packages: {}, cwd: '/nowhere', ...overrides });

const check = (contract: ContractInput, overrides: CaptureContextOptions = {}) => validate(defineContract(contract), { context: machine(overrides) });
const codes = (vs: readonly Violation[]): string[] => vs.map((v) => v.code);

/** One deployment, one system, with these environment variables. */
const withVariables = (variables: NonNullable<NonNullable<NonNullable<NonNullable<ContractInput['deployments']>[number]['systems']>[number]['environment']>['variables']>): ContractInput => ({
  deployments: [{ arch: 'x64', systems: [{ os: 'linux', environment: { variables } }] }],
});

const onNode = (runtime: Record<string, unknown>): ContractInput =>
  ({ deployments: [{ arch: 'x64', systems: [{ os: 'linux', runtimes: [runtime] }] }] }) as ContractInput;

describe('deployments: OR over alternatives, AND within', () => {
  it('a contract without deployments accepts any machine', () => {
    expect(check({ filename: 'a.ts' })).toEqual({ ok: true, violations: [] });
  });

  it('passes when one of several deployments matches', () => {
    const result = check({ deployments: [{ arch: 'arm64' }, { arch: 'x64', systems: [{ os: 'win32' }, { os: 'linux' }] }] });
    expect(result).toEqual({ ok: true, violations: [] });
  });

  it('passes when one of several runtimes matches', () => {
    expect(check({ deployments: [{ arch: 'x64', systems: [{ os: 'linux', runtimes: [{ name: 'bun' }, { name: 'deno' }, { name: 'node', version: '22' }] }] }] }).ok).toBe(true);
  });

  it('requires everything inside a system: os and libc and variables and secrets and a runtime', () => {
    const contract: ContractInput = {
      deployments: [{ arch: 'x64', systems: [{ os: 'linux', libc: 'glibc', environment: { variables: [{ name: 'MODE', value: 'prod' }], secrets: ['KEY'] }, runtimes: [{ name: 'node' }] }] }],
    };
    expect(check(contract, { env: { MODE: 'prod', KEY: 'k' } }).ok).toBe(true);
    expect(codes(check(contract, { env: { MODE: 'prod' } }).violations)).toEqual(['missing.secret']);
    expect(codes(check(contract, { env: { KEY: 'k' } }).violations)).toEqual(['missing.env']);
    expect(codes(check(contract, { env: { MODE: 'prod', KEY: 'k' }, libc: 'musl' }).violations)).toEqual(['mismatch.libc']);
    expect(codes(check(contract, { env: { MODE: 'prod', KEY: 'k' }, runtime: { name: 'deno', version: '2.0.0' } }).violations)).toEqual(['mismatch.runtime']);
  });

  it('reports each mismatched part of a single deployment: arch, os, libc, runtime', () => {
    const result = check({ deployments: [{ arch: 'arm64', systems: [{ os: 'darwin', libc: 'musl', runtimes: [{ name: 'bun' }] }] }] });
    expect(result.ok).toBe(false);
    expect(codes(result.violations).sort()).toEqual(['mismatch.arch', 'mismatch.libc', 'mismatch.os', 'mismatch.runtime']);
    const arch = result.violations.find((v) => v.code === 'mismatch.arch');
    expect(arch).toMatchObject({ category: 'mismatch', context: 'runtime', severity: 'error', expected: 'arm64', actual: 'x64', path: 'deployments[0].arch' });
    expect(arch?.message).toBe('architecture is x64, the contract expects arm64');
    expect(arch?.solution).toContain('arch: x64');
  });

  it('explains why every other system and runtime of the closest deployment failed', () => {
    const result = check({
      deployments: [{ arch: 'x64', systems: [{ os: 'win32' }, { os: 'linux', runtimes: [{ name: 'bun' }, { name: 'node', version: '>=99' }] }] }],
    });
    expect(codes(result.violations)).toEqual(['mismatch.deployment', 'mismatch.runtime-version']);
    const summary = result.violations[0]?.message ?? '';
    expect(summary).toContain('deployments[0].systems[0]: operating system is linux, the contract expects win32');
    expect(summary).toContain('deployments[0].systems[1].runtimes[0]: runtime is node, the contract expects bun');
    expect(result.violations[1]?.path).toBe('deployments[0].systems[1].runtimes[1].version');
  });

  it('libc is checked only when the contract names one', () => {
    expect(check({ deployments: [{ arch: 'x64', systems: [{ os: 'linux' }] }] }, { libc: 'musl' }).ok).toBe(true);
    expect(check({ deployments: [{ arch: 'x64', systems: [{ os: 'linux', libc: 'musl' }] }] }, { libc: 'musl' }).ok).toBe(true);
  });
});

describe('runtime versions', () => {
  it.each([
    ['22', '22.3.0', true], ['22', '22.0.0', true], ['22', '23.0.0', false], ['22', '21.9.9', false],
    ['>=20.19', '20.19.0', true], ['>=20.19', '20.18.9', false], ['^22.1', '22.3.0', true], ['~22.3.1', '22.3.0', false],
    ['20 || 22', '22.3.0', true], ['22', '22.4.0-rc.1', true],
  ])('version %j with node %s → ok %s', (range, version, ok) => {
    const result = check(onNode({ name: 'node', version: range }), { runtime: { name: 'node', version } });
    expect(result.ok).toBe(ok);
    if (!ok) expect(result.violations[0]).toMatchObject({ code: 'mismatch.runtime-version', expected: range, actual: version });
  });

  it('a version is not compared across runtimes', () => {
    const result = check(onNode({ name: 'bun', version: '22' }));
    expect(codes(result.violations)).toEqual(['mismatch.runtime']);
  });

  it('bun and deno are matched by name and version', () => {
    expect(check(onNode({ name: 'bun', version: '>=1.1' }), { runtime: { name: 'bun', version: '1.1.34' } }).ok).toBe(true);
    expect(check(onNode({ name: 'deno', version: '2' }), { runtime: { name: 'deno', version: '2.1.4' } }).ok).toBe(true);
    expect(check(onNode({ name: 'deno', version: '1' }), { runtime: { name: 'deno', version: '2.1.4' } }).ok).toBe(false);
  });
});

describe('packages', () => {
  const contract = onNode({ name: 'node', packages: [{ name: 'zod', version: '^4.1' }, { name: 'yaml' }] });

  it('passes when every package is installed in range', () => {
    expect(check(contract, { packages: { zod: '4.2.0', yaml: '2.0.0' } })).toEqual({ ok: true, violations: [] });
  });

  it('reports a package out of range and a missing one, both', () => {
    const result = check(contract, { packages: { zod: '3.23.8' } });
    expect(result.violations.map((v) => [v.code, v.path, v.expected, v.actual])).toEqual([
      ['missing.package', 'packages.yaml', '*', null],
      ['mismatch.package-version', 'packages.zod.version', '^4.1', '3.23.8'],
    ]);
    expect(result.violations.find((v) => v.code === 'mismatch.package-version')?.solution).toBe('npm install zod@"^4.1"');
  });

  it('"4" means 4.x for packages too', () => {
    const four = onNode({ name: 'node', packages: [{ name: 'zod', version: '4' }] });
    expect(check(four, { packages: { zod: '4.9.1' } }).ok).toBe(true);
    expect(check(four, { packages: { zod: '5.0.0' } }).ok).toBe(false);
  });
});

describe('environment variables are coerced by their annotation', () => {
  const boolCases: Array<[string, boolean]> = [
    ['true', true], ['TRUE', true], ['True', true], ['1', true], ['yes', true], ['YES', true], ['Yes', true],
    ['false', false], ['FALSE', false], ['0', false], ['no', false], ['NO', false], ['No', false],
  ];
  it.each(boolCases)('boolean: %j is %s', (raw, value) => {
    expect(check(withVariables([{ name: 'V', annotation: 'boolean', value }]), { env: { V: raw } })).toEqual({ ok: true, violations: [] });
    const other = check(withVariables([{ name: 'V', annotation: 'boolean', value: !value }]), { env: { V: raw } });
    expect(other.violations[0]).toMatchObject({ code: 'mismatch.env', expected: !value, actual: raw });
  });

  it.each(['maybe', 'on', '2', '', 'ja'])('boolean: %j is invalid', (raw) => {
    const result = check(withVariables([{ name: 'V', annotation: 'boolean' }]), { env: { V: raw } });
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]).toMatchObject({ code: 'invalid.env', category: 'invalid', context: 'environment', expected: 'boolean', actual: raw, path: 'environment.variables.V' });
    expect(result.violations[0]?.solution).toContain('true/false, 1/0, yes/no');
  });

  it.each([
    ['number', '3.5', 3.5], ['number', '-2', -2], ['number', '1e3', 1000], ['float', '0.25', 0.25],
    ['integer', '8080', 8080], ['int', '-1', -1],
    ['json', '{"a":[1,true]}', { a: [1, true] }], ['json', '[1,2]', [1, 2]], ['json', '"s"', 's'], ['json', 'null', null],
    ['string', '  padded ', '  padded '], ['str', '42', '42'],
  ])('%s: %j coerces to %j', (annotation, raw, value) => {
    expect(check(withVariables([{ name: 'V', annotation, value } as never]), { env: { V: raw } })).toEqual({ ok: true, violations: [] });
  });

  it.each([
    ['number', 'abc'], ['number', ''], ['number', '  '], ['number', 'Infinity'], ['number', 'NaN'],
    ['integer', '3.5'], ['integer', 'eight'], ['int', ''],
    ['json', '{bad'], ['json', ''], ['json', "{'a':1}"],
  ])('%s: %j is invalid.env', (annotation, raw) => {
    const result = check(withVariables([{ name: 'V', annotation } as never]), { env: { V: raw } });
    expect(codes(result.violations)).toEqual(['invalid.env']);
    expect(result.ok).toBe(false);
  });

  it('a value of the wrong kind after coercion is mismatch.env with both sides', () => {
    const result = check(withVariables([{ name: 'PORT', annotation: 'integer', value: 8080 }]), { env: { PORT: '9090' } });
    expect(result.violations[0]).toMatchObject({ code: 'mismatch.env', expected: 8080, actual: '9090' });
    expect(result.violations[0]?.message).toBe('environment variable PORT is 9090, the contract expects 8080');
    expect(result.violations[0]?.solution).toBe('set PORT=8080');
  });

  it('infers the annotation from the value when none is written', () => {
    expect(check(withVariables([{ name: 'V', value: true }]), { env: { V: 'yes' } }).ok).toBe(true);
    expect(check(withVariables([{ name: 'V', value: 8080 }]), { env: { V: '8080' } }).ok).toBe(true);
    expect(check(withVariables([{ name: 'V', value: 8080 }]), { env: { V: '8080.0' } }).ok).toBe(true);
    expect(check(withVariables([{ name: 'V', value: '8080' }]), { env: { V: '8080' } }).ok).toBe(true);
    expect(check(withVariables([{ name: 'V', value: ['a', { b: 1 }] }]), { env: { V: '["a",{"b":1}]' } }).ok).toBe(true);
    expect(codes(check(withVariables([{ name: 'V', value: true }]), { env: { V: 'maybe' } }).violations)).toEqual(['invalid.env']);
    expect(codes(check(withVariables([{ name: 'V', value: 'prod' }]), { env: { V: 'dev' } }).violations)).toEqual(['mismatch.env']);
  });

  it('a variable with neither annotation nor value only has to be set', () => {
    expect(check(withVariables([{ name: 'V' }]), { env: { V: 'anything' } }).ok).toBe(true);
    const missing = check(withVariables([{ name: 'V' }]));
    expect(missing.violations[0]).toMatchObject({ code: 'missing.env', category: 'missing', path: 'environment.variables.V' });
    expect(missing.violations[0]?.message).toBe('environment variable V is not set');
  });

  it('a missing variable with a value says what to set', () => {
    const result = check(withVariables([{ name: 'MODE', value: 'prod' }]));
    expect(result.violations[0]).toMatchObject({ code: 'missing.env', expected: 'prod', solution: 'set MODE=prod' });
  });
});

describe('secrets', () => {
  const contract: ContractInput = { deployments: [{ arch: 'x64', systems: [{ os: 'linux', environment: { secrets: ['API_TOKEN', { name: 'DB_PASSWORD', hint: 'ask ops' }] } }] }] };

  it('are checked for presence only', () => {
    expect(check(contract, { env: { API_TOKEN: 'x', DB_PASSWORD: 'y' } })).toEqual({ ok: true, violations: [] });
  });

  it('an empty string is missing', () => {
    const result = check(contract, { env: { API_TOKEN: '', DB_PASSWORD: 'y' } });
    expect(result.violations).toEqual([expect.objectContaining({ code: 'missing.secret', path: 'environment.secrets.API_TOKEN', expected: null, actual: null })]);
  });

  it('each missing secret is reported, with its hint', () => {
    const result = check(contract);
    expect(result.violations.map((v) => [v.code, v.path, v.hint])).toEqual([
      ['missing.secret', 'environment.secrets.API_TOKEN', undefined],
      ['missing.secret', 'environment.secrets.DB_PASSWORD', 'ask ops'],
    ]);
  });

  const CANARY = 'canary-7f3a9';
  it.each([
    ['a wrong value', { name: 'API_TOKEN', value: 'something-else' }],
    ['an invalid value', { name: 'API_TOKEN', annotation: 'integer' }],
    ['a wrong JSON value', { name: 'API_TOKEN', annotation: 'json', value: { a: 1 } }],
  ])('a secret also declared as a variable with %s never shows its value', (_what, variable) => {
    const result = check(
      { deployments: [{ arch: 'x64', systems: [{ os: 'linux', environment: { variables: [variable as never], secrets: ['API_TOKEN'] } }] }] },
      { env: { API_TOKEN: CANARY } },
    );
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(CANARY);
    expect(JSON.stringify(result)).not.toContain('7f3a9');
  });

  it('a secret declared in another deployment is still a secret', () => {
    const result = check(
      { deployments: [{ arch: 'arm64', systems: [{ os: 'linux', environment: { secrets: ['API_TOKEN'] } }] }, { arch: 'x64', systems: [{ os: 'linux', environment: { variables: [{ name: 'API_TOKEN', value: 'other' }] } }] }] },
      { env: { API_TOKEN: CANARY } },
    );
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });
});

describe('when no deployment matches', () => {
  const contract: ContractInput = {
    deployments: [
      { arch: 'arm64', systems: [{ os: 'darwin', runtimes: [{ name: 'bun' }] }] },
      { arch: 'x64', systems: [{ os: 'win32' }, { os: 'linux', libc: 'musl', runtimes: [{ name: 'deno' }, { name: 'node', version: '>=24', packages: [{ name: 'zod', version: '^4' }] }] }] },
      { arch: 'x64', systems: [{ os: 'darwin' }] },
    ],
  };

  it('names the closest candidate, says why each other failed, and reports the closest one\'s own violations', () => {
    const result = check(contract, { packages: { zod: '3.22.0' } });
    expect(result.ok).toBe(false);
    const [summary, ...rest] = result.violations;
    expect(summary?.code).toBe('mismatch.deployment');
    expect(summary?.path).toBe('deployments');
    expect(summary?.message).toContain('the closest is deployments[1]');
    expect(summary?.message).toContain('deployments[0]: architecture is x64, the contract expects arm64; operating system is linux, the contract expects darwin; runtime is node, the contract expects bun');
    expect(summary?.message).toContain('deployments[2]: operating system is linux, the contract expects darwin');
    expect(summary?.actual).toEqual({ arch: 'x64', os: 'linux', runtime: 'node 22.3.0' });
    expect(summary?.solution).toContain('deployments[1]');
    expect(rest.map((v) => [v.code, v.path])).toEqual([
      ['mismatch.libc', 'deployments[1].systems[1].libc'],
      ['mismatch.runtime-version', 'deployments[1].systems[1].runtimes[1].version'],
      ['mismatch.package-version', 'packages.zod.version'],
    ]);
  });

  it('a single deployment reports its own violations without a summary', () => {
    expect(codes(check({ deployments: [{ arch: 'arm64' }] }).violations)).toEqual(['mismatch.arch']);
  });

  it('collects every violation of the closest candidate, not only the first', () => {
    const result = check({
      deployments: [{ arch: 'x64', systems: [{ os: 'linux', environment: { variables: [{ name: 'A' }, { name: 'B', annotation: 'integer' }, { name: 'C', value: 1 }], secrets: ['S1', 'S2'] } }] }],
    }, { env: { B: 'x', C: '2' } });
    expect(codes(result.violations).sort()).toEqual(['invalid.env', 'mismatch.env', 'missing.env', 'missing.secret', 'missing.secret']);
  });

  it('is deterministic: the same inputs give the same report', () => {
    expect(check(contract)).toEqual(check(contract));
  });
});

describe('severity and hints', () => {
  it('warn entries are reported but do not make ok false', () => {
    const result = check(withVariables([{ name: 'TELEMETRY', severity: 'warn', hint: 'only for metrics' }]));
    expect(result.ok).toBe(true);
    expect(result.violations).toEqual([expect.objectContaining({ code: 'missing.env', severity: 'warn', hint: 'only for metrics' })]);
  });

  it('an error next to a warning makes ok false', () => {
    const result = check(withVariables([{ name: 'A', severity: 'warn' }, { name: 'B' }]));
    expect(result.ok).toBe(false);
    expect(result.violations.map((v) => [v.path, v.severity])).toEqual([
      ['environment.variables.A', 'warn'],
      ['environment.variables.B', 'error'],
    ]);
  });

  it('a warn deployment that does not match still warns, and does not block', () => {
    const result = check({ deployments: [{ arch: 'arm64', severity: 'warn', hint: 'arm64 preferred' }] });
    expect(result.ok).toBe(true);
    expect(result.violations[0]).toMatchObject({ code: 'mismatch.arch', severity: 'warn', hint: 'arm64 preferred' });
  });

  it('hints of packages, runtimes and secrets appear on their violations', () => {
    const result = check(onNode({ name: 'node', version: '>=99', hint: 'upgrade node', packages: [{ name: 'zod', hint: 'npm i zod' }] }));
    expect(result.violations.map((v) => [v.code, v.hint])).toEqual([
      ['mismatch.runtime-version', 'upgrade node'],
      ['missing.package', 'npm i zod'],
    ]);
  });

  it('an entry without a hint has no hint field', () => {
    expect(check(withVariables([{ name: 'X' }])).violations[0]).not.toHaveProperty('hint');
  });
});

describe('contract locations', () => {
  it('violations point at the contract entry, from a YAML contract', async () => {
    const { parseContract } = await import('../../src/index.js');
    const contract = parseContract('deployments:\n  - arch: x64\n    systems:\n      - os: linux\n        environment:\n          secrets: [TOKEN]\n', { file: '/tmp/spymodel.yml' });
    const result = validate(contract, { context: machine() });
    expect(result.violations[0]?.contractLocation).toEqual({ file: '/tmp/spymodel.yml', line: 6, column: 21 });
    expect(result.violations[0]?.location).toBeNull();
  });
});
