import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the README main job', () => {
  it('admits the compliant machine check and blocks the non-compliant one', () => {
    const result = spawnSync(process.execPath, ['examples/run.mjs'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.stdout).toContain('complies with examples/machine/passes.yml');
    expect(result.stdout).toContain('breaks examples/machine/fails.yml');
    expect(result.stdout).toContain('missing.secret');
    expect(result.status).toBe(0);
  });
});
