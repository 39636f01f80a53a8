import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defineContract, loadContract, parseContract, validate, type ContractInput } from '../../src/index.js';
import { contractError, fixture } from './helpers.js';

/** The contract data without where it came from. */
const data = (contract: object): unknown => {
  const { source: _source, ...rest } = contract as { source: unknown };
  return JSON.parse(JSON.stringify(rest)) as unknown;
};

const FULL: ContractInput = {
  filename: 'plugin.ts',
  version: '>=1.2 <2',
  deployments: [
    {
      arch: 'x86_64',
      hint: 'build servers are 64-bit',
      systems: [
        {
          os: 'linux',
          libc: 'glibc',
          environment: {
            variables: [
              { name: 'IMPORTSPY_ENABLED', annotation: 'bool', value: true },
              { name: 'PORT', annotation: 'int' },
            ],
            secrets: ['API_TOKEN'],
          },
          runtimes: [{ name: 'nodejs', version: '22', packages: [{ name: 'zod', version: '^4' }] }],
        },
        { os: 'macos', runtimes: [{ name: 'bun' }] },
      ],
    },
    { arch: 'aarch64', severity: 'warn', systems: [{ os: 'windows' }] },
  ],
};

describe('contract forms', () => {
  it('YAML, JSON and defineContract give the same normalised contract', () => {
    const yaml = loadContract(fixture('full.yml'));
    const json = loadContract(fixture('full.json'));
    const typed = defineContract(FULL);
    expect(data(json)).toEqual(data(yaml));
    expect(data(typed)).toEqual(data(yaml));
  });

  it('resolves aliases to Node names: x86_64→x64, aarch64→arm64, macos→darwin, windows→win32, nodejs→node, bool/int→boolean/integer', () => {
    const c = loadContract(fixture('full.yml'));
    const [x64, arm] = c.deployments ?? [];
    expect(x64?.arch).toBe('x64');
    expect(arm?.arch).toBe('arm64');
    expect(x64?.systems?.[1]?.os).toBe('darwin');
    expect(arm?.systems?.[0]?.os).toBe('win32');
    const linux = x64?.systems?.[0];
    expect(linux?.runtimes?.[0]?.name).toBe('node');
    expect(linux?.environment?.variables?.map((v) => v.annotation)).toEqual(['boolean', 'integer']);
  });

  it.each([
    ['x64', 'x64'], ['x86_64', 'x64'], ['amd64', 'x64'],
    ['arm64', 'arm64'], ['aarch64', 'arm64'], ['ia32', 'ia32'], ['i386', 'ia32'],
  ])('arch %s in a contract means %s', (written, canonical) => {
    expect(defineContract({ deployments: [{ arch: written }] }).deployments?.[0]?.arch).toBe(canonical);
  });

  it.each([['linux', 'linux'], ['darwin', 'darwin'], ['macos', 'darwin'], ['win32', 'win32'], ['windows', 'win32']])(
    'os %s in a contract means %s',
    (written, canonical) => {
      expect(defineContract({ deployments: [{ arch: 'x64', systems: [{ os: written }] }] }).deployments?.[0]?.systems?.[0]?.os).toBe(canonical);
    },
  );

  it.each([['str', 'string'], ['int', 'integer'], ['float', 'number'], ['bool', 'boolean'], ['json', 'json']])(
    "ImportSpy's env annotation %s is accepted as %s",
    (written, canonical) => {
      const c = defineContract({ deployments: [{ arch: 'x64', systems: [{ os: 'linux', environment: { variables: [{ name: 'V', annotation: written }] } }] }] });
      expect(c.deployments?.[0]?.systems?.[0]?.environment?.variables?.[0]?.annotation).toBe(canonical);
    },
  );

  it.each([
    ['arch', 'i686', 'ia32'], ['arch', 'x86', 'ia32'], ['arch', 'armv7l', 'arm'], ['arch', 'armhf', 'arm'], ['arch', 'ppc64le', 'ppc64'],
    ['os', 'osx', 'darwin'], ['os', 'win', 'win32'], ['os', 'solaris', 'sunos'], ['runtime', 'nodejs', 'node'],
  ])('the %s alias %s means %s', (kind, written, canonical) => {
    const c = defineContract({
      deployments: [{
        arch: kind === 'arch' ? written : 'x64',
        systems: [{ os: kind === 'os' ? written : 'linux', runtimes: [{ name: kind === 'runtime' ? written : 'node' }] }],
      }],
    });
    const d = c.deployments?.[0];
    const got = kind === 'arch' ? d?.arch : kind === 'os' ? d?.systems?.[0]?.os : d?.systems?.[0]?.runtimes?.[0]?.name;
    expect(got).toBe(canonical);
  });

  it('records line:column for every node and key of a YAML file', () => {
    const c = loadContract(fixture('full.yml'));
    const lines = readFileSync(fixture('full.yml'), 'utf8').split('\n');
    const at = (path: string): string => {
      const pos = c.source.positions[path];
      expect(pos, path).toBeDefined();
      return (lines[(pos?.line ?? 0) - 1] ?? '').slice((pos?.column ?? 1) - 1);
    };
    expect(c.source.file).toBe(fixture('full.yml'));
    expect(at('deployments[0].arch')).toBe('x86_64');
    expect(at('deployments[0].systems[0].environment.variables[1].annotation')).toBe('int');
    expect(at('deployments[0].systems[0].runtimes[0].packages[0].version')).toBe('^4');
    expect(at('deployments[1].systems[0].os')).toBe('windows');
    expect(c.source.positions['deployments[0].systems[1].os']).toEqual({ line: 24, column: 13 });
    expect(c.source.keyPositions['deployments[0].systems[1].os']).toEqual({ line: 24, column: 9 });
  });

  it('records positions for JSON files too', () => {
    const c = loadContract(fixture('full.json'));
    expect(c.source.positions['deployments[0].arch']).toEqual({ line: 6, column: 15 });
  });

  it('an in-memory contract has no file and no positions', () => {
    expect(defineContract(FULL).source).toEqual({ file: null, positions: {}, keyPositions: {} });
    expect(parseContract('filename: a.ts').source.file).toBeNull();
  });

  it('accepts a file: URL and serves an unchanged file from the cache', () => {
    const url = new URL('../fixtures/contracts/full.yml', import.meta.url);
    expect(loadContract(url)).toBe(loadContract(fixture('full.yml')));
  });

  it('the returned contract is frozen, so a cached contract cannot be altered by a caller', () => {
    expect(Object.isFrozen(loadContract(fixture('full.yml')))).toBe(true);
  });
});

describe('invalid contracts', () => {
  it('reports every problem at once, each with file:line:column and field path, in file order', () => {
    const file = fixture('many-problems.yml');
    const error = contractError(() => loadContract(file));
    expect(error.code).toBe('ERR_IMPORTSPY_CONTRACT');
    expect(error.file).toBe(file);
    const seen = error.problems.map((p) => [p.code, p.path, p.location?.line, p.location?.column]);
    expect(seen).toEqual([
      ['contract.unknown-key', 'filname', 1, 1],
      ['contract.invalid-value', 'deployments[0].arch', 3, 11],
      ['contract.unknown-key', 'deployments[0].sytems', 4, 5],
      ['contract.invalid-value', 'deployments[1].systems[0].os', 8, 13],
      ['contract.invalid-value', 'deployments[1].systems[0].runtimes[0].name', 10, 19],
      ['contract.invalid-value', 'deployments[1].systems[0].runtimes[0].version', 11, 22],
    ]);
    for (const p of error.problems) expect(p.location?.file).toBe(file);
    expect(error.message).toContain(`${file}:1:1 filname: unknown key \`filname\`; did you mean \`filename\`?`);
    expect(error.message).toContain('(6 problems)');
  });

  it('suggests the key a typo meant, in YAML and in defineContract', () => {
    const yaml = contractError(() => parseContract('deployments:\n  - arch: x64\n    sytems: []\n', { file: 'c.yml' }));
    expect(yaml.problems[0]?.message).toBe('unknown key `sytems`; did you mean `systems`?');
    const typed = contractError(() => defineContract({ deployments: [{ arch: 'x64', systms: [] }] } as unknown as ContractInput));
    expect(typed.problems[0]).toMatchObject({ code: 'contract.unknown-key', path: 'deployments[0].systms', location: null });
    expect(typed.problems[0]?.message).toContain('did you mean `systems`?');
  });

  it('an unknown key with no close match is still an error', () => {
    const error = contractError(() => parseContract('zzzzzzzz: 1\n', { file: 'c.yml' }));
    expect(error.problems[0]).toMatchObject({ code: 'contract.unknown-key', message: 'unknown key `zzzzzzzz`' });
  });

  it.each([
    ['arch', 'deployments:\n  - arch: sparc\n', 'x64, arm64, ia32', 'aarch64'],
    ['os', 'deployments:\n  - arch: x64\n    systems:\n      - os: plan9\n', 'linux, darwin, win32', 'macos'],
    ['runtime name', 'deployments:\n  - arch: x64\n    systems:\n      - os: linux\n        runtimes:\n          - name: python\n', 'node, bun, deno', 'deno'],
    ['libc', 'deployments:\n  - arch: x64\n    systems:\n      - os: linux\n        libc: uclibc\n', 'glibc, musl', 'musl'],
  ])('an invalid %s lists the allowed values', (_what, text, allowed, another) => {
    const error = contractError(() => parseContract(text, { file: 'c.yml' }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.code).toBe('contract.invalid-value');
    expect(error.problems[0]?.message).toContain(`expected one of: ${allowed}`);
    expect(error.problems[0]?.message).toContain(another);
  });

  it('a misspelt enum value gets a suggestion', () => {
    const error = contractError(() => parseContract('deployments:\n  - arch: x86-64\n', { file: 'c.yml' }));
    expect(error.problems[0]?.message).toContain('did you mean `x86_64`?');
  });

  it('a missing required field says so', () => {
    const error = contractError(() => parseContract('functions:\n  - async: true\n', { file: 'c.yml' }));
    expect(error.problems).toEqual([
      expect.objectContaining({ code: 'contract.missing-field', path: 'functions[0].name', location: { file: 'c.yml', line: 2, column: 5 } }),
    ]);
    expect(error.problems[0]?.message).toBe('required field `name` is missing');
  });

  it('every deployment field is optional: an omitted arch, os or runtime name matches any', () => {
    const contract = parseContract('deployments:\n  - systems:\n      - runtimes:\n          - version: ">=1"\n');
    expect(validate(contract).ok).toBe(true);
  });

  it('`pythons` says to write `runtimes` instead', () => {
    const error = contractError(() => loadContract(fixture('pythons.yml')));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ code: 'contract.renamed-key', path: 'deployments[0].systems[0].pythons', location: { line: 5, column: 9 } });
    expect(error.problems[0]?.message).toContain('write `runtimes:` instead');
  });

  it('unquoted version numbers are explained: write them in quotes', () => {
    const error = contractError(() => loadContract(fixture('unquoted-versions.yml')));
    expect(error.problems.map((p) => [p.code, p.path, p.message])).toEqual([
      ['contract.invalid-type', 'deployments[0].systems[0].runtimes[0].version', 'expected string, got number 22 (write it in quotes: "22")'],
      ['contract.invalid-type', 'deployments[0].systems[0].runtimes[0].packages[0].version', 'expected string, got number 4.1 (write it in quotes: "4.1")'],
    ]);
  });

  it.each(['>=banana', 'latest', '^^4'])('rejects the invalid semver range %j for runtimes and packages', (bad) => {
    const error = contractError(() =>
      defineContract({ deployments: [{ arch: 'x64', systems: [{ os: 'linux', runtimes: [{ name: 'node', version: bad, packages: [{ name: 'zod', version: bad }] }] }] }] }),
    );
    expect(error.problems.map((p) => p.path)).toEqual([
      'deployments[0].systems[0].runtimes[0].version',
      'deployments[0].systems[0].runtimes[0].packages[0].version',
    ]);
    expect(error.problems[0]?.message).toContain('is not a valid semver range');
  });

  it('accepts the semver ranges users write', () => {
    for (const range of ['22', '>=20.19', '^4.1', '~1.2.3', '1.x', '>=18 <23', '20 || 22', '*']) {
      expect(() => defineContract({ deployments: [{ arch: 'x64', systems: [{ os: 'linux', runtimes: [{ name: 'node', version: range }] }] }] })).not.toThrow();
    }
  });

  it('reports YAML syntax errors with their position', () => {
    const error = contractError(() => parseContract('deployments:\n  - arch: x64\n   systems: [\n', { file: 'c.yml' }));
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems[0]?.code).toBe('contract.syntax');
    expect(error.problems[0]?.location?.line).toBeGreaterThanOrEqual(2);
  });

  it('duplicate keys are an error, not a silent override', () => {
    const error = contractError(() => parseContract('filename: a.ts\nfilename: b.ts\n', { file: 'c.yml' }));
    expect(error.problems[0]).toMatchObject({ code: 'contract.syntax', location: { line: 2, column: 1 } });
  });
});
