// The main job of the README: check the bundled example contracts against this machine with the
// CLI, exactly as a CI step would, and show one passing and one failing report.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/importspy.js', import.meta.url));

function run(title, args, env = {}) {
  console.log(`\n$ importspy ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  console.log(`→ ${title}: exit code ${result.status}`);
  return result.status;
}

const pass = run('compliant machine', ['check', '-c', 'examples/machine/passes.yml']);
const fail = run('non-compliant machine', ['check', '-c', 'examples/machine/fails.yml'], {
  IMPORTSPY_EXAMPLE_ENABLED: 'no',
  IMPORTSPY_EXAMPLE_TOKEN: '',
});

// The example succeeds when ImportSpy admits the first and blocks the second.
const ok = pass === 0 && fail === 1;
console.log(ok ? '\nExample OK: the compliant check passed and the non-compliant one was blocked.' : '\nExample FAILED');
process.exitCode = ok ? 0 : 1;
