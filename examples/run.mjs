// The README's main job: (a) a plugin host admits its compliant plugins and rejects a rogue one,
// (b) a protected package admits compliant importers and blocks the others, in ESM and CommonJS,
// then (c) the CLI checks this machine against a contract it meets and one it does not.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { linkPackage } from './setup.mjs';

linkPackage();
const bin = fileURLToPath(new URL('../bin/importspy.js', import.meta.url));
const results = [];

function step(title, args, { cwd = '.', env = {}, expect }) {
  console.log(`\n── ${title}\n$ ${args.join(' ')}`);
  const r = spawnSync(process.execPath, args.slice(1), {
    cwd: fileURLToPath(new URL(cwd, import.meta.url)),
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  process.stdout.write(r.stdout);
  // A blocked import ends with ContractViolationError: show its message, not Node's stack.
  const stderr = r.stderr.split('\n').filter((l) => !l.trimStart().startsWith('at ') && !l.startsWith('file://') && !l.includes('^'));
  if (stderr.join('').trim()) process.stdout.write(`${stderr.join('\n').trim()}\n`);
  const ok = r.status === expect;
  console.log(`→ exit code ${r.status} (${ok ? 'as expected' : `expected ${expect}`})`);
  results.push(ok);
}

step('(a) plugin host: load every plugin, admit the compliant ones', ['node', 'host.mjs'], { cwd: './plugin-host/', expect: 0 });

const key = { PAYMENTS_API_KEY: 'example-key-never-printed' };
step('(b) protected package, compliant ESM importer', ['node', 'checkout.mjs'], { cwd: './protected-package/', env: key, expect: 0 });
step('(b) protected package, compliant CommonJS importer', ['node', 'checkout.cjs'], { cwd: './protected-package/', env: key, expect: 0 });
step('(b) protected package, non-compliant ESM importer: blocked before it runs', ['node', 'shortcut.mjs'], { cwd: './protected-package/', env: key, expect: 1 });
step('(b) protected package, non-compliant CommonJS importer: blocked', ['node', 'shortcut.cjs'], { cwd: './protected-package/', env: key, expect: 1 });

step('(c) CLI: this machine against a contract it meets', ['node', bin, 'check', '-c', 'machine/passes.yml'], { expect: 0 });
step('(c) CLI: this machine against a contract it does not meet', ['node', bin, 'check', '-c', 'machine/fails.yml'], {
  env: { IMPORTSPY_EXAMPLE_ENABLED: 'no', IMPORTSPY_EXAMPLE_TOKEN: '' },
  expect: 1,
});

const ok = results.every(Boolean);
console.log(ok ? '\nExample OK: compliant code admitted, non-compliant code blocked.' : '\nExample FAILED: see the steps above.');
process.exitCode = ok ? 0 : 1;
