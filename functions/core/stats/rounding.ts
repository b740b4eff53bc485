/**
 * Rounding for evidence and summaries: `digits` decimal places, half away from zero as Math.round
 * does for positives. Non-finite values pass through unchanged (NaN and ±Infinity stay as they are),
 * so a degenerate statistic is visible in the evidence rather than turned into a number.
 */
export function round(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const scale = 10 ** digits;
  return Math.round(x * scale) / scale;
}
