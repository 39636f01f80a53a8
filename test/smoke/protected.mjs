// A module guarded by ImportSpy's embedded guard, as a package would ship it. Its contract
// requires the runtime named by IMPORTSPY_SMOKE_RUNTIME, so admission proves the detection; the
// mode comes from IMPORTSPY_MODE (enforce by default).
import { guard } from '../../dist/index.js';

const platforms = { linux: 'linux', darwin: 'macos', win32: 'windows' };
const runtime = process.env.IMPORTSPY_SMOKE_RUNTIME ?? 'node';
export const report = guard(import.meta, {
  contract: {
    deployments: [{ arch: process.arch, systems: [{ os: platforms[process.platform] ?? process.platform, runtimes: [{ name: runtime }] }] }],
    variables: [{ name: 'PLUGIN_NAME' }],
  },
});
