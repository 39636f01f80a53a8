/** The package's own version, read from its package.json (found by the package's own name). */
import { createRequire } from 'node:module';

/** The version of this ImportSpy package. */
export const VERSION: string = (createRequire(import.meta.url)('importspy/package.json') as { version: string }).version;
