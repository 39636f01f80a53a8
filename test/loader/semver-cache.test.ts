/**
 * A contract that names a runtime version: whether this process's Node version is in its range
 * is answered by semver once, then read back from the authenticated on-disk cache, so a later
 * process does not load semver (10–25 ms) — with the same verdicts, a failing range included.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTree } from './spawn.js';

const dist = pathToFileURL(fileURLToPath(new URL('../../dist/index.js', import.meta.url))).href;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const contract = (range: string): string => `deployments:\n  - systems:\n      - os: ${process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'darwin' : 'linux'}\n        runtimes:\n          - name: node\n            version: "${range}"\n`;

function project(range: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'importspy-semver-cache-'));
  dirs.push(dir);
  writeTree(dir, {
    'spymodel.yml': contract(range),
    'guarded.mjs': `import { guard } from ${JSON.stringify(dist)};\nguard(import.meta, { contract: './spymodel.yml' });\n`,
    // Prints whether semver's code was loaded into this process (its package.json names its version in the key), once the guarded import is done.
    'app.mjs': "import './guarded.mjs';\nimport { createRequire } from 'node:module';\nconst cache = createRequire(import.meta.url).cache;\nconsole.log('app ran; semver loaded:', Object.keys(cache).some((k) => k.includes('semver') && !k.endsWith('package.json')));\n",
  });
  return dir;
}

function start(dir: string) {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('IMPORTSPY_') && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS') env[k] = v;
  const r = spawnSync(process.execPath, ['app.mjs'], { cwd: dir, encoding: 'utf8', env: { ...env, NO_COLOR: '1', IMPORTSPY_CACHE: '1', IMPORTSPY_CACHE_DIR: join(dir, 'cache') } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('runtime version answers in the on-disk cache', () => {
  it('a range the Node version is in: semver answers once, the next process reads the answer back', () => {
    const dir = project('>=20');
    const first = start(dir);
    expect(first.stdout, first.stderr).toContain('app ran; semver loaded: true');
    const second = start(dir);
    expect(second.stdout, second.stderr).toContain('app ran; semver loaded: false');
  });

  it('a range it is not in blocks the import in every process, from the cached answer too', () => {
    const dir = project('<1');
    for (let run = 0; run < 2; run++) {
      const r = start(dir);
      expect(r.status).not.toBe(0);
      expect(r.stdout).not.toContain('app ran');
      expect(r.stderr).toContain('<1');
    }
  });

  it('an answer changed on disk without the key is not believed', () => {
    const dir = project('<1');
    expect(start(dir).status).not.toBe(0);
    const folder = join(dir, 'cache', 'semver');
    const [name] = readdirSync(folder).filter((n) => n.endsWith('.json'));
    const entry = join(folder, name ?? '');
    const text = readFileSync(entry, 'utf8');
    expect(text).toContain('"value":false');
    writeFileSync(entry, text.replace('"value":false', '"value":true'));
    const r = start(dir);
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('app ran');
  });

  it('another range is another question, answered by semver', () => {
    const dir = project('>=20');
    start(dir);
    writeFileSync(join(dir, 'spymodel.yml'), contract('>=20 <21'));
    const r = start(dir);
    const inRange = Number(process.versions.node.split('.')[0]) === 20;
    if (inRange) expect(r.stdout, r.stderr).toContain('app ran; semver loaded: true');
    else {
      expect(r.status).not.toBe(0);
      expect(r.stdout).not.toContain('app ran');
    }
  });
});
