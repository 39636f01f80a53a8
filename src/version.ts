/** The package's own version, read from its package.json (one folder up from both src/ and dist/). */
import { createRequire } from 'node:module';

/** The version of this ImportSpy package. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
