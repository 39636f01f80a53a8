import { describe, expect, it } from 'vitest';
import { resolveMode } from '../../src/index.js';

// One rule decides the mode for check, load, the guard and the hooks: the explicit choice, else
// IMPORTSPY_MODE, else the project configuration's, else enforce; what is unknown fails closed.
describe('resolveMode', () => {
  it('takes the flag, else IMPORTSPY_MODE, else the configuration, else enforce', () => {
    expect(resolveMode({ flag: 'warn', env: { IMPORTSPY_MODE: 'enforce' }, config: 'enforce' })).toBe('warn');
    expect(resolveMode({ env: { IMPORTSPY_MODE: 'warn' }, config: 'enforce' })).toBe('warn');
    expect(resolveMode({ env: { IMPORTSPY_MODE: 'enforce' }, config: 'warn' })).toBe('enforce');
    expect(resolveMode({ env: { IMPORTSPY_MODE: '' }, config: 'warn' })).toBe('warn');
    expect(resolveMode({ env: {} })).toBe('enforce');
    expect(resolveMode({})).toBe('enforce');
  });

  it('fails closed on an unknown value, or with strict throws naming it', () => {
    expect(resolveMode({ env: { IMPORTSPY_MODE: 'off' }, config: 'warn' })).toBe('enforce');
    expect(resolveMode({ flag: 'Warn' })).toBe('enforce');
    expect(() => resolveMode({ env: { IMPORTSPY_MODE: 'off' }, strict: true })).toThrow(new RangeError('must be enforce or warn, not "off"'));
  });

  it('keeps its older call form: (option, env = process.env)', () => {
    expect(resolveMode('warn', { IMPORTSPY_MODE: 'enforce' })).toBe('warn');
    expect(resolveMode(undefined, { IMPORTSPY_MODE: 'warn' })).toBe('warn');
    expect(resolveMode(undefined, { IMPORTSPY_MODE: 'nonsense' })).toBe('enforce');
    expect(resolveMode(undefined, {})).toBe('enforce');
    const saved = process.env['IMPORTSPY_MODE'];
    process.env['IMPORTSPY_MODE'] = 'warn';
    try {
      expect(resolveMode(undefined)).toBe('warn');
    } finally {
      if (saved === undefined) delete process.env['IMPORTSPY_MODE'];
      else process.env['IMPORTSPY_MODE'] = saved;
    }
  });
});
