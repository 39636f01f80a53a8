/** The package's own version, read from its package.json (found by the package's own name); the bundles have both values written in (scripts/bundle.mjs). */
import { createRequire } from 'node:module';

const meta = createRequire(import.meta.url)('importspy/package.json') as { version: string; repository?: { url?: string } | string };

/** The version of this ImportSpy package. */
export const VERSION: string = meta.version;

/** The package's repository URL as package.json gives it (`repository`), or '' when it has none. */
export const REPOSITORY: string = typeof meta.repository === 'string' ? meta.repository : (meta.repository?.url ?? '');
