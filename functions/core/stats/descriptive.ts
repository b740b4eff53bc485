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
  // A NaN has no place in an order, and a sort leaves it where its comparisons happen to put it:
  // keep that behaviour rather than define another.
  if (xs.some((x) => Number.isNaN(x))) {
    const sorted = [...xs].sort((a, b) => a - b);
    const h = (sorted.length - 1) * prob;
    const lo = Math.floor(h);
    const a = sorted[lo] as number;
    return a + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] as number) - a);
  }
  return quantileInPlace(Float64Array.from(xs), xs.length, prob);
}

/**
 * The type 7 quantile of the first `n` entries of `buf` (no NaN), which it reorders: the two order
 * statistics are found by selection, O(n), instead of a sort, and give the sort's value exactly.
 */
export function quantileInPlace(buf: Float64Array, n: number, prob: number): number {
  const lo = Math.floor((n - 1) * prob);
  select(buf, n, lo);
  // Selection leaves every entry after `lo` at or above it: the next order statistic is their minimum.
  let b = buf[lo]!;
  if (lo + 1 < n) {
    b = buf[lo + 1]!;
    for (let i = lo + 2; i < n; i++) if (buf[i]! < b) b = buf[i]!;
  }
  return buf[lo]! + ((n - 1) * prob - lo) * (b - buf[lo]!);
}

/** Hoare's selection (quickselect, median-of-three pivot): puts the k-th smallest of buf[0, n) at k. */
function select(buf: Float64Array, n: number, k: number): void {
  let left = 0;
  let right = n - 1;
  while (right > left) {
    const mid = (left + right) >>> 1;
    if (buf[mid]! < buf[left]!) swap(buf, mid, left);
    if (buf[right]! < buf[left]!) swap(buf, right, left);
    if (buf[right]! < buf[mid]!) swap(buf, right, mid);
    const pivot = buf[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (buf[i]! < pivot) i++;
      while (buf[j]! > pivot) j--;
      if (i <= j) {
        swap(buf, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(buf: Float64Array, i: number, j: number): void {
  const t = buf[i]!;
  buf[i] = buf[j]!;
  buf[j] = t;
}

export function median(xs: readonly number[]): number {
  return quantileType7(xs, 0.5);
}
