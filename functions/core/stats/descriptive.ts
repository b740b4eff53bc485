/**
 * Descriptive helpers shared by the estimators: sums, means, the median and R's default
 * (type 7) sample quantile.
 *
 * Reference: Hyndman R J, Fan Y (1996). Sample quantiles in statistical packages.
 * Am. Stat. 50:361–365 (definition 7 = R `quantile(type = 7)` = numpy 'linear').
 * Assumptions: finite inputs; empty arrays are rejected where a value is undefined.
 * Returns: plain numbers.
 */

export function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('mean of an empty array');
  return sum(xs) / xs.length;
}

/** R `quantile(x, prob, type = 7)`: linear interpolation between order statistics at (n − 1)p. */
export function quantileType7(xs: readonly number[], prob: number): number {
  if (xs.length === 0) throw new RangeError('quantile of an empty array');
  if (!(prob >= 0 && prob <= 1)) throw new RangeError(`probability out of [0,1]: ${prob}`);
  const sorted = [...xs].sort((a, b) => a - b);
  const h = (sorted.length - 1) * prob;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

export function median(xs: readonly number[]): number {
  return quantileType7(xs, 0.5);
}
