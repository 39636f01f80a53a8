/**
 * The three semver functions ImportSpy uses, each loaded on first use: semver compiles its
 * regular expressions when it loads (10–25 ms of a start-up), which a guarded process whose
 * contract names no version need not pay. The answers of `satisfies` are also kept in the
 * on-disk cache (kind `semver`): a process that asks again whether its own Node version is in a
 * contract's range reads the answer back instead of loading semver. An answer depends on the
 * version, the range and semver's own version, which its key holds, with ImportSpy's build.
 */
import { createRequire } from 'node:module';
import { cacheKey, diskCacheEnabled, readDiskCache, writeDiskCacheLater } from './disk-cache.js';

type Satisfies = (version: string, range: string, options: { includePrerelease: boolean }) => boolean;
type Valid = (value: string) => string | null;

const load = createRequire(import.meta.url);
let satisfiesRange: Satisfies | undefined;
let validVersion: Valid | undefined;
let validRangeOf: Valid | undefined;

/** Answers given in this process, by version and range. */
const answers = new Map<string, boolean>();
let semverVersion: string | undefined;

/** Whether `version` is in `range` (prereleases included, as a runtime's version may be one). */
export function satisfies(version: string, range: string): boolean {
  const asked = `${version}\u0000${range}`;
  let answer = answers.get(asked);
  if (answer !== undefined) return answer;
  const key = diskCacheEnabled() ? diskKey(asked) : undefined;
  const stored = key === undefined ? undefined : readDiskCache<unknown>(asked, 'semver', key);
  if (typeof stored === 'boolean') {
    answer = stored;
  } else {
    satisfiesRange ??= load('semver/functions/satisfies.js') as Satisfies;
    answer = satisfiesRange(version, range, { includePrerelease: true });
    if (key !== undefined) writeDiskCacheLater(asked, 'semver', key, answer);
  }
  answers.set(asked, answer);
  return answer;
}

/** The on-disk key of an answer: the question and the version of the semver that answers it. */
function diskKey(asked: string): string | undefined {
  try {
    semverVersion ??= (load('semver/package.json') as { version: string }).version;
  } catch {
    return undefined;
  }
  return cacheKey('semver', asked, semverVersion);
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
