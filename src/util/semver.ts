/**
 * The three semver functions ImportSpy uses, each loaded on first use: semver compiles its
 * regular expressions when it loads (about 10 ms), which a guarded process whose contract names
 * no version need not pay.
 */
import { createRequire } from 'node:module';

type Satisfies = (version: string, range: string, options: { includePrerelease: boolean }) => boolean;
type Valid = (value: string) => string | null;

const load = createRequire(import.meta.url);
let satisfiesRange: Satisfies | undefined;
let validVersion: Valid | undefined;
let validRangeOf: Valid | undefined;

/** Whether `version` is in `range` (prereleases included, as a runtime's version may be one). */
export function satisfies(version: string, range: string): boolean {
  satisfiesRange ??= load('semver/functions/satisfies.js') as Satisfies;
  return satisfiesRange(version, range, { includePrerelease: true });
}

/** The normalised range, or null when it is not a semver range. */
export function validRange(range: string): string | null {
  validRangeOf ??= load('semver/ranges/valid.js') as Valid;
  return validRangeOf(range);
}

/** The normalised version, or null when it is not a semver version. */
export function valid(version: string): string | null {
  validVersion ??= load('semver/functions/valid.js') as Valid;
  return validVersion(version);
}
