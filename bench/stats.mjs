// What the bench files share: the summary of a list of timings, and milliseconds since a start.

/** Median, p95, min, max and count of `xs`. */
export const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), min: s[0], max: s[s.length - 1], runs: s.length };
};

/** Milliseconds since `t0` (a `process.hrtime.bigint()`). */
export const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
