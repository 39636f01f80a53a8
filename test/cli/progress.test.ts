import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// The progress counter appears on a terminal only: `script` gives the CLI a pseudo-terminal.
const bin = fileURLToPath(new URL('../../bin/importspy.js', import.meta.url));
const hasScript = existsSync('/usr/bin/script');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-progress-'));
  mkdirSync(join(dir, 'mods'));
  for (let i = 0; i < 25; i++) writeFileSync(join(dir, 'mods', `m${String(i).padStart(2, '0')}.mjs`), `export function run() { return ${i}; }\n`);
  writeFileSync(join(dir, 'spymodel.yml'), 'functions:\n  - name: run\n');
});

function onTerminal(args: string): string {
  const r = spawnSync('script', ['-qfec', `${process.execPath} ${bin} ${args}`, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...process.env, IMPORTSPY_MODE: '' } });
  return r.stdout.replace(/\r/g, '\n');
}

describe.skipIf(!hasScript)('progress indicator', () => {
  it('counts modules on a terminal for long text runs', () => {
    expect(onTerminal('check mods -c spymodel.yml')).toContain('importspy: checked 20/25 modules');
  });

  it('prints nothing extra in JSON mode or when not on a terminal', () => {
    expect(onTerminal('check mods -c spymodel.yml --format json')).not.toContain('importspy: checked');
    const piped = spawnSync(process.execPath, [bin, 'check', 'mods', '-c', 'spymodel.yml'], { cwd: dir, encoding: 'utf8', env: { ...process.env, IMPORTSPY_MODE: '' } });
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
  });
});
