/**
 * One imports checker: the static check and the loader hooks apply a contract's `imports` rules
 * through the same code, so an import both can see gets the same verdict, the same path, the same
 * expected/actual and the same contract position; only "at run time" tells their messages apart.
 */
import { describe, expect, it } from 'vitest';
import { inspectModule, loadContract, validate } from '../../src/index.js';
import { forbidden } from '../../src/loader/hooks/edge-rules.js';
import { fixture } from './helpers.js';

describe('the imports rules, statically and at run time', async () => {
  const contract = loadContract(fixture('imports-shared/contract.yml'));
  const model = await inspectModule(fixture('imports-shared/plugin.mjs'));
  const statically = validate(contract, { module: model }).violations;

  it.each(['node:child_process', 'node:fs', 'node:path', 'chalk', 'lodash'])('%s', (specifier) => {
    const fromCheck = statically.find((v) => v.path === `imports.${specifier}`) ?? null;
    const fromHooks = forbidden(contract, specifier, ['value']);
    const shape = (v: typeof fromCheck) => v && { code: v.code, path: v.path, expected: v.expected, actual: v.actual, contractLocation: v.contractLocation, solution: v.solution };
    expect(shape(fromHooks)).toEqual(shape(fromCheck));
    if (fromCheck && fromHooks) expect(fromHooks.message).toBe(fromCheck.message.replace(`imports ${specifier}`, `imports ${specifier} at run time`));
  });

  it('denies and refuses what the rules say', () => {
    expect(statically.map((v) => `${v.code} ${v.path} ${v.contractLocation?.line}`).sort()).toEqual([
      'forbidden.import imports.chalk 7',
      'forbidden.import imports.node:child_process 4',
      'forbidden.import imports.node:fs 5',
    ]);
  });
});
