import { describe, expect, it } from 'vitest';
import {
  captureContext,
  checkModules,
  ContractViolationError,
  defineContract,
  formatReport,
  parseContract,
  REPORT_FORMATS,
  type CaptureContextOptions,
  type ContractInput,
  type Report,
} from '../../src/index.js';

const CANARY = 'canary-7f3a9';
const ANSI = /\u001b\[/;

const machine = (overrides: CaptureContextOptions = {}) =>
  captureContext({ arch: 'x64', platform: 'linux', libc: 'glibc', runtime: { name: 'node', version: '22.3.0' }, env: {}, packages: {}, cwd: '/nowhere', ...overrides });

const failing = parseContract(
  [
    'deployments:',
    '  - arch: x64',
    '    systems:',
    '      - os: linux',
    '        environment:',
    '          variables:',
    '            - name: FEATURE',
    '              annotation: boolean',
    '              value: true',
    '              hint: set FEATURE=1 in .env',
    '            - name: TELEMETRY',
    '              severity: warn',
    '          secrets: [API_TOKEN]',
    '',
  ].join('\n'),
  { file: '/project/spymodel.yml' },
);

const report = (contract = failing, overrides: CaptureContextOptions = {}): Promise<Report> => checkModules(contract, [], { context: machine(overrides) });

describe('text report', () => {
  it('without colour has no ANSI codes and says everything in words', async () => {
    const text = formatReport(await report(failing, { env: { FEATURE: 'no' } }), 'text', { color: false, cwd: '/project' });
    expect(text).not.toMatch(ANSI);
    expect(text).toContain('✖ this machine breaks spymodel.yml: 2 violations, 1 warning');
    expect(text).toContain('error mismatch.env  environment.variables.FEATURE');
    expect(text).toContain('environment variable FEATURE is false, the contract expects true');
    expect(text).toContain('contract spymodel.yml:7:15');
    expect(text).toContain('hint     set FEATURE=1 in .env');
    expect(text).toContain('warn  missing.env  environment.variables.TELEMETRY');
    expect(text).toContain('error missing.secret  environment.secrets.API_TOKEN');
    expect(text).toContain('fix      set FEATURE=true');
    expect(text.trimEnd().split('\n').at(-1)).toBe('FAILED: environment checked, 3 violations');
  });

  it('is the default format, without colour by default', async () => {
    const r = await report();
    expect(formatReport(r)).toBe(formatReport(r, 'text', { color: false }));
    expect(formatReport(r)).not.toMatch(ANSI);
  });

  it('with colour uses ANSI codes around the same words', async () => {
    const r = await report();
    const coloured = formatReport(r, 'text', { color: true, cwd: '/project' });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(formatReport(r, 'text', { color: false, cwd: '/project' }));
  });

  it('a compliant machine reads as compliant, and warnings do not fail it', async () => {
    const text = formatReport(await report(failing, { env: { FEATURE: 'yes', API_TOKEN: 'x' } }), 'text', { cwd: '/project' });
    expect(text).toContain('! this machine complies with spymodel.yml, with 1 warning');
    expect(text.trimEnd().split('\n').at(-1)).toBe('OK: environment checked, 1 violation');
  });
});

describe('json report', () => {
  it('is exactly the documented document', async () => {
    const doc = JSON.parse(formatReport(await report(failing, { env: { FEATURE: 'no', API_TOKEN: 'a-token-long-enough', TELEMETRY: '1' } }), 'json', { cwd: '/project' })) as Record<string, unknown>;
    expect(doc).toEqual({
      ok: false,
      contract: 'spymodel.yml',
      results: [
        {
          module: null,
          ok: false,
          importer: null,
          violations: [
            {
              code: 'mismatch.env',
              category: 'mismatch',
              context: 'environment',
              severity: 'error',
              path: 'environment.variables.FEATURE',
              message: 'environment variable FEATURE is false, the contract expects true',
              solution: 'set FEATURE=true',
              expected: true,
              actual: 'no',
              location: null,
              contractLocation: { file: 'spymodel.yml', line: 7, column: 15 },
              hint: 'set FEATURE=1 in .env',
            },
          ],
        },
      ],
      summary: { modules: 0, compliant: 0, violations: 1 },
    });
  });

  it('keeps key order: ok, contract, results, summary; module, ok, importer, violations', async () => {
    const doc = JSON.parse(formatReport(await report(), 'json')) as { results: Array<Record<string, unknown>> } & Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['ok', 'contract', 'results', 'summary']);
    expect(Object.keys(doc.results[0] ?? {})).toEqual(['module', 'ok', 'importer', 'violations']);
    expect(Object.keys((doc.results[0]?.['violations'] as Array<Record<string, unknown>>)[0] ?? {})).toEqual([
      'code', 'category', 'context', 'severity', 'path', 'message', 'solution', 'expected', 'actual', 'location', 'contractLocation', 'hint',
    ]);
  });

  it('is one JSON document ending in a newline', async () => {
    const out = formatReport(await report(), 'json');
    expect(out.endsWith('}\n')).toBe(true);
    expect(() => JSON.parse(out) as unknown).not.toThrow();
  });

  it('an in-memory contract is shown as null', async () => {
    const doc = JSON.parse(formatReport(await report(defineContract({ deployments: [{ arch: 'x64' }] })), 'json')) as Record<string, unknown>;
    expect(doc['contract']).toBeNull();
    expect(doc['ok']).toBe(true);
  });
});

describe('a secret value never appears', () => {
  const contracts: Array<[string, ContractInput]> = [
    ['a missing secret next to a set one', { deployments: [{ arch: 'x64', systems: [{ os: 'linux', environment: { secrets: ['API_TOKEN', 'OTHER'] } }] }] }],
    ['a secret also declared as a variable with a wrong value', { deployments: [{ arch: 'x64', systems: [{ os: 'linux', environment: { variables: [{ name: 'API_TOKEN', value: 'expected' }], secrets: ['API_TOKEN'] } }] }] }],
    ['a secret also declared as an integer variable', { deployments: [{ arch: 'x64', systems: [{ os: 'linux', environment: { variables: [{ name: 'API_TOKEN', annotation: 'integer' }], secrets: ['API_TOKEN'] } }] }] }],
    ['a secret in one deployment, a variable in the closest one', {
      deployments: [
        { arch: 'arm64', systems: [{ os: 'darwin', environment: { secrets: ['API_TOKEN'] } }] },
        { arch: 'x64', systems: [{ os: 'linux', environment: { variables: [{ name: 'API_TOKEN', annotation: 'json', value: { a: 1 } }] } }] },
      ],
    }],
  ];

  it.each(contracts)('%s: not in formatReport (every format), nor in the error', async (_what, input) => {
    const r = await report(defineContract(input), { env: { API_TOKEN: CANARY } });
    expect(r.ok).toBe(false);
    for (const format of REPORT_FORMATS) {
      for (const color of [false, true]) expect(formatReport(r, format, { color })).not.toContain(CANARY);
    }
    const error = new ContractViolationError(r);
    expect(error.code).toBe('ERR_IMPORT_CONTRACT');
    expect(error.violations.length).toBeGreaterThan(0);
    expect(error.message).not.toContain(CANARY);
    expect(JSON.stringify(error)).not.toContain(CANARY);
    expect(JSON.stringify(error.report)).not.toContain(CANARY);
    expect(String(error.stack)).not.toContain(CANARY);
  });
});

describe('ContractViolationError', () => {
  it('carries every violation and the report, and its message lists the blocking ones with their fix', async () => {
    const r = await report(failing, { env: { FEATURE: 'no' } });
    const error = new ContractViolationError(r);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ContractViolationError');
    expect(error.report).toBe(r);
    expect(error.violations.map((v) => v.code)).toEqual(['mismatch.env', 'missing.env', 'missing.secret']);
    expect(error.message).toContain('[mismatch.env] environment.variables.FEATURE: environment variable FEATURE is false, the contract expects true');
    expect(error.message).toContain('fix: set FEATURE=true');
    expect(error.message).not.toContain('TELEMETRY');
  });
});
