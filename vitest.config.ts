import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const dist = fileURLToPath(new URL('./dist/', import.meta.url));

export default defineConfig({
  resolve: {
    // Tests exercise the built package (`npm test` builds first): an import of src/x.js loads
    // dist/x.js, exactly the code users get, including its lazy `require` of optional parts.
    alias: [{ find: /^(?:\.\.\/)+src\/(.*)$/, replacement: `${dist}$1` }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Spawned CLI and loader tests start real Node processes; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // dist/ is loaded by Node itself, not transformed by the test runner: ImportSpy requires parts
    // of itself on first use (src/util/own-code.ts), and those must meet the same module instances
    // (one class of each error) as the test's own imports of dist/.
    server: { deps: { external: [/\/dist\//] } },
    // No on-disk cache between runs (a test of the cache turns it on in a folder of its own).
    env: { IMPORTSPY_CACHE: '0' },
  },
});
