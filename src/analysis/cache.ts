/**
 * Filling the in-memory summaries of models.ts: parse and summarise a file, or read its own
 * imports alone, reusing the previous result while its bytes are unchanged.
 */
import { decodeUtf8, parseSource, readRawFile, type RawFile } from './source.js';
import type { FileSummary } from './bindings.js';
import { importsNeedTree, ownImports, summarize, type ImportsSummary } from './summary.js';
import { importSummaries, justRead, readAgain, stampOf, stamps, summaries } from './models.js';

/** Parse and summarise a file, reusing the previous result when its bytes have not changed. */
export function loadSummary(file: string, useCache: boolean): FileSummary {
  const cached = useCache ? summaries.get(file) : undefined;
  if (cached === undefined && !justRead(file)) return summarizeRaw(readStamped(file), useCache);
  const stamp = stampOf(file);
  if (cached !== undefined && stamp !== undefined && stamps.get(file)?.stamp === stamp && stamps.get(file)?.hash === cached.parsed.hash) return cached;
  const raw = readAgain(file, stamp);
  if (stamp !== undefined) stamps.set(file, { stamp, hash: raw.hash });
  if (cached !== undefined && cached.parsed.hash === raw.hash) return cached;
  return summarizeRaw(raw, useCache);
}

function summarizeRaw(raw: RawFile, useCache: boolean): FileSummary {
  const summary = summarize(parseSource(raw, decodeUtf8(raw)));
  if (useCache) summaries.set(raw.file, summary);
  return summary;
}

/** A file with nothing cached to compare with, read now: the read's own fstat, taken before its bytes, is its stamp. */
function readStamped(file: string): RawFile {
  const raw = readRawFile(file);
  stamps.set(file, { stamp: raw.stamp, hash: raw.hash });
  return raw;
}

/**
 * What a contract about imports alone needs of a file, reusing its full summary when one is
 * cached. `needsExports` says whether the light form would not do: the file's format can depend
 * on whether it assigns CommonJS exports, which only the full summary knows.
 */
export function loadImports(file: string, needsExports: (light: ImportsSummary) => boolean, loaded?: RawFile): ImportsSummary {
  // Bytes given (those Node loaded): parsed as they are, and kept nowhere — the file on disk may
  // differ by now, and the caches below describe the file on disk.
  if (loaded !== undefined) return parseImports(loaded, needsExports, false);
  const full = summaries.get(file);
  const cached = importSummaries.get(file);
  if (full === undefined && cached === undefined && !justRead(file)) return parseImports(readStamped(file), needsExports, true);
  const stamp = stampOf(file);
  const known = stamps.get(file);
  const fresh = (s: ImportsSummary | undefined): boolean => s !== undefined && stamp !== undefined && known?.stamp === stamp && known.hash === s.parsed.hash;
  if (full !== undefined && fresh(full)) return full;
  if (cached !== undefined && fresh(cached)) return cached;
  const raw = readAgain(file, stamp);
  if (stamp !== undefined) stamps.set(file, { stamp, hash: raw.hash });
  return parseImports(raw, needsExports, true);
}

/** The light summary of a file's bytes, or its full summary when `needsExports` says so; `keep`: cache it. */
function parseImports(raw: RawFile, needsExports: (light: ImportsSummary) => boolean, keep: boolean): ImportsSummary {
  const source = decodeUtf8(raw);
  const parsed = parseSource(raw, source, importsNeedTree(raw.file, source));
  const { hash, language, declarationOnly, hasModuleSyntax } = parsed;
  const light: ImportsSummary = { parsed: { file: parsed.file, hash, language, declarationOnly, hasModuleSyntax }, imports: ownImports(parsed), usesCommonJsExports: false };
  if (needsExports(light)) {
    const summary = summarize(parsed);
    if (keep) summaries.set(raw.file, summary);
    return summary;
  }
  if (keep) importSummaries.set(raw.file, light);
  return light;
}

