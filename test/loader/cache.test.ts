import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The on-disk cache: a second process reuses the validated contract and the importer's model,
// a changed file is read again, and a damaged cache entry never changes a verdict.
const dist = pathToFileURL(fileURLToPath(new URL('../../dist/index.js', import.meta.url))).href;

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'importspy-cache-'));
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'spymodel.yml'), 'functions:\n  - name: run\n');
  writeFileSync(join(dir, 'guarded.mjs'), `import { guard } from ${JSON.stringify(dist)};\nguard(import.meta, { contract: './spymodel.yml' });\n`);
  writeFileSync(join(dir, 'app.mjs'), "import './guarded.mjs';\nexport function run() {}\nconsole.log('app ran');\n");
  return dir;
}

function start(dir: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['app.mjs'], { cwd: dir, encoding: 'utf8', env: { ...process.env, IMPORTSPY_CACHE: '', IMPORTSPY_MODE: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const entries = (dir: string, kind: string) => readdirSync(join(dir, 'node_modules/.cache/importspy', kind));

describe('on-disk cache', () => {
  it('is written under node_modules/.cache/importspy and reused by the next process', () => {
    const dir = project();
    expect(start(dir).stdout).toContain('app ran');
    expect(entries(dir, 'contract')).toHaveLength(1);
    expect(entries(dir, 'model')).toHaveLength(1);
    expect(start(dir).stdout).toContain('app ran');
    expect(entries(dir, 'contract')).toHaveLength(1);
  });

  it('a changed contract or importer is read again', () => {
    const dir = project();
    expect(start(dir).status).toBe(0);
    writeFileSync(join(dir, 'spymodel.yml'), 'functions:\n  - name: stop\n');
    const blocked = start(dir);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain('[missing.function] functions.stop');
    writeFileSync(join(dir, 'app.mjs'), "import './guarded.mjs';\nexport function stop() {}\nconsole.log('app ran');\n");
    expect(start(dir).status).toBe(0);
  });

  it('damaged entries are ignored, never trusted', () => {
    const dir = project();
    start(dir);
    for (const kind of ['contract', 'model']) {
      for (const name of entries(dir, kind)) writeFileSync(join(dir, 'node_modules/.cache/importspy', kind, name), '{"model":{"file":1},"source":7');
    }
    expect(start(dir).stdout).toContain('app ran');
    writeFileSync(join(dir, 'spymodel.yml'), 'functions:\n  - name: other\n');
    expect(start(dir).status).toBe(1);
  });

  it('IMPORTSPY_CACHE=0 turns it off', () => {
    const dir = project();
    start(dir, { IMPORTSPY_CACHE: '0' });
    expect(() => entries(dir, 'contract')).toThrow();
  });
});
