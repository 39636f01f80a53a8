import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contractJsonSchema } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const checkedIn = (): unknown => JSON.parse(readFileSync(`${root}schema/spymodel.schema.json`, 'utf8')) as unknown;

describe('the generated TypeScript types', () => {
  it('src/contract/types.generated.ts is what the schema definition generates (run `npm run types` when this fails)', () => {
    const result = spawnSync(process.execPath, ['scripts/write-types.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);
});

describe('the published JSON Schema', () => {
  it('schema/spymodel.schema.json is what the schema definition generates (run `npm run schema` when this fails)', () => {
    expect(checkedIn()).toEqual(contractJsonSchema());
  });

  it('is a strict JSON Schema listing the allowed arch names', () => {
    const schema = contractJsonSchema() as { additionalProperties?: unknown; properties?: Record<string, unknown> };
    expect(schema.additionalProperties).toBe(false);
    const text = JSON.stringify(schema);
    for (const name of ['x64', 'x86_64', 'amd64', 'aarch64', 'macos', 'win32', 'deno']) expect(text).toContain(`"${name}"`);
  });

  it('`importspy schema` prints it', () => {
    const result = spawnSync(process.execPath, ['bin/importspy.js', 'schema'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(checkedIn());
  });
});
