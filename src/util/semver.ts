/**
 * The three semver functions ImportSpy uses, imported one by one: the whole `semver` package
 * costs several milliseconds to load, which every guarded process would pay at start-up.
 */
import satisfiesRange from 'semver/functions/satisfies.js';
import validVersion from 'semver/functions/valid.js';
import validRangeOf from 'semver/ranges/valid.js';

/** Whether `version` is in `range` (prereleases included, as a runtime's version may be one). */
export function satisfies(version: string, range: string): boolean {
  return satisfiesRange(version, range, { includePrerelease: true });
}

/** The normalised range, or null when it is not a semver range. */
export function validRange(range: string): string | null {
  return validRangeOf(range);
}

/** The normalised version, or null when it is not a semver version. */
export function valid(version: string): string | null {
  return validVersion(version);
}
