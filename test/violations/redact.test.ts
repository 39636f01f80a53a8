/**
 * The redactor every output goes through (src/violations/redact.ts), and the public surfaces that
 * use it in this process: `validate`, `formatReport`, `ContractViolationError`, `createLogger`.
 * The spawned-process sweep over every surface is test/security/secrets.test.ts.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { captureContext, ContractViolationError, createLogger, defineContract, formatReport, REPORT_FORMATS, validate, type Report } from '../../src/index.js';
import { MIN_SCRUB_LENGTH, REDACTED, Redactor, rememberSecrets, secretRedactor } from '../../src/violations/redact.js';

const SECRET = 'pw"Kx7\\q-4e1b-unit';

describe('Redactor', () => {
  const redactor = new Redactor([SECRET, 'short']);

  it('cuts every occurrence of a value, and of its JSON-quoted spelling, out of text', () => {
    expect(redactor.text(`a ${SECRET} b ${SECRET}`)).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(redactor.text(JSON.stringify({ url: `x:${SECRET}@db` }))).toBe(`{"url":"x:${REDACTED}@db"}`);
  });

  it('does not search for values shorter than MIN_SCRUB_LENGTH: they cannot be told from ordinary text', () => {
    expect('short'.length).toBeLessThan(MIN_SCRUB_LENGTH);
    expect(redactor.text('a short line')).toBe('a short line');
    expect(new Redactor(['short']).empty).toBe(true);
  });

  it('cuts a value that contains another one whole', () => {
    const nested = new Redactor(['abcdefgh', 'xxabcdefghxx']);
    expect(nested.text('-xxabcdefghxx-abcdefgh-')).toBe(`-${REDACTED}-${REDACTED}-`);
  });

  it('scrubs data: strings, keys and numbers of expected/actual, but not positions, counts or codes', () => {
    const numeric = new Redactor(['12345678']);
    const record = {
      code: 'mismatch.variable',
      path: 'variables.n',
      message: 'value is 12345678',
      expected: { '12345678': [12345678, 'ok'] },
      actual: 12345678,
      location: { file: 'm.js', line: 12345678, column: 1 },
    };
    expect(numeric.record(record)).toEqual({
      code: 'mismatch.variable',
      path: 'variables.n',
      message: `value is ${REDACTED}`,
      expected: { [REDACTED]: [REDACTED, 'ok'] },
      actual: REDACTED,
      location: { file: 'm.js', line: 12345678, column: 1 },
    });
  });

  it('returns the same object when nothing needed scrubbing, and survives a cycle', () => {
    const clean = { message: 'nothing here', list: [{ a: 1 }] };
    expect(redactor.record(clean)).toBe(clean);
    const cyclic: Record<string, unknown> = { message: SECRET };
    cyclic['self'] = cyclic;
    expect(redactor.record(cyclic)).toEqual({ message: REDACTED, self: REDACTED });
  });

  it('copies an error whose message, stack, cause or properties carry a value, and keeps a clean one', () => {
    const clean = new Error('clean');
    expect(redactor.error(clean)).toBe(clean);
    const error = Object.assign(new TypeError(`cannot open ${SECRET}`, { cause: new Error(`inner ${SECRET}`) }), { specifier: `./${SECRET}.js` });
    const copy = redactor.error(error) as TypeError & { specifier: string; cause: Error };
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.message).toBe(`cannot open ${REDACTED}`);
    expect(copy.specifier).toBe(`./${REDACTED}.js`);
    expect(copy.cause.message).toBe(`inner ${REDACTED}`);
    expect(inspect(copy, { depth: Infinity, showHidden: true })).not.toContain('Kx7');
    const loop = new Error(`loop ${SECRET}`);
    loop.cause = loop;
    expect((redactor.error(loop) as Error).message).toBe(`loop ${REDACTED}`);
  });
});

describe('what this thread has read is scrubbed from what it prints', () => {
  const contract = defineContract({
    variables: [{ name: 'url', value: 'elsewhere' }],
    deployments: [{ systems: [{ environment: { variables: [{ name: 'DATABASE_URL', value: 'postgres://app:other@db/app' }], secrets: ['DB_PASSWORD'] } }] }],
  });
  const context = captureContext({ env: { DB_PASSWORD: SECRET, DATABASE_URL: `postgres://app:${SECRET}@db/app` } });

  it('validate, every format, the error and the logger, once validate has read the secret', () => {
    const result = validate(contract, { context });
    const [violation] = result.violations;
    expect(violation?.actual).toBe(`postgres://app:${REDACTED}@db/app`);
    expect(violation?.message).toContain(`postgres://app:${REDACTED}@db/app`);

    // A report someone else built (here by hand) is scrubbed on the way out all the same.
    const report: Report = {
      ok: false,
      contract: null,
      results: [{ module: null, ok: false, importer: null, violations: [{ ...violation!, message: `raw ${SECRET}`, actual: SECRET }], error: { code: 'module.not-found', message: `./${SECRET}.js`, location: null } }],
      summary: { modules: 0, compliant: 0, violations: 1 },
    };
    for (const format of REPORT_FORMATS) expect(formatReport(report, format), format).not.toContain('Kx7');
    const error = new ContractViolationError(report, `custom message ${SECRET}`);
    expect(`${error.message}${error.stack ?? ''}${JSON.stringify(error)}${inspect(error, { depth: Infinity, showHidden: true })}`).not.toContain('Kx7');
    expect(error.report.results[0]?.error?.message).toBe(`./${REDACTED}.js`);

    const lines: string[] = [];
    createLogger('debug', (line) => lines.push(line)).debug(`importing ./${SECRET}.js`);
    expect(lines).toEqual([`importspy debug: importing ./${REDACTED}.js\n`]);
  });

  it('remembered values accumulate: a later report is scrubbed of an earlier contract\'s secret', () => {
    rememberSecrets(['another-secret-value']);
    expect(secretRedactor().text('x another-secret-value y')).toBe(`x ${REDACTED} y`);
  });
});
