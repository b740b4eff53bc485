/**
 * Benjamini–Hochberg step-up adjustment (false discovery rate).
 *
 * Reference: Benjamini Y, Hochberg Y (1995). Controlling the false discovery rate:
 * a practical and powerful approach to multiple testing. JRSS B 57(1):289–300.
 * Matches R `p.adjust(p, "BH")`.
 *
 * Assumptions: the p-values are independent or positively dependent (PRDS); for
 * arbitrary dependence use `benjaminiYekutieli`.
 *
 * Returns: q-values in the same order as the input, each in [0, 1]. NaN inputs stay
 * NaN and are excluded from the count m (as R does with `n = sum(!is.na(p))`).
 */

/** BH q-values: q_(i) = min_{j >= i} min(1, m p_(j) / j), returned in input order. */
export function benjaminiHochberg(p: number[]): number[] {
  return stepUp(p, 1);
}

/**
 * Benjamini–Yekutieli (2001, Ann. Stat. 29:1165) adjustment, valid under any dependence:
 * BH multiplied by c(m) = Σ_{k=1}^{m} 1/k. Matches R `p.adjust(p, "BY")`.
 */
export function benjaminiYekutieli(p: number[]): number[] {
  const m = p.filter((v) => !Number.isNaN(v)).length;
  let cm = 0;
  for (let k = 1; k <= m; k++) cm += 1 / k;
  return stepUp(p, cm);
}

/**
 * Holm (1979, Scand. J. Stat. 6:65) step-down family-wise adjustment:
 * p_(i) * (m − i + 1), cumulative max, capped at 1. Matches R `p.adjust(p, "holm")`.
 */
export function holm(p: number[]): number[] {
  const idx = validIndices(p);
  const m = idx.length;
  idx.sort((a, b) => (p[a] as number) - (p[b] as number));
  const out = p.map(() => Number.NaN);
  let running = 0;
  for (let r = 0; r < m; r++) {
    const i = idx[r] as number;
    running = Math.max(running, Math.min(1, (m - r) * (p[i] as number)));
    out[i] = running;
  }
  return out;
}

function validIndices(p: number[]): number[] {
  const idx: number[] = [];
  p.forEach((v, i) => {
    if (!Number.isNaN(v)) idx.push(i);
  });
  return idx;
}

function stepUp(p: number[], factor: number): number[] {
  for (const v of p) {
    if (!Number.isNaN(v) && (v < 0 || v > 1)) throw new RangeError(`p-value out of [0,1]: ${v}`);
  }
  const idx = validIndices(p);
  const m = idx.length;
  // Descending order so that the running minimum enforces monotonicity from the top.
  idx.sort((a, b) => (p[b] as number) - (p[a] as number));
  const out = p.map(() => Number.NaN);
  let running = 1;
  for (let r = 0; r < m; r++) {
    const i = idx[r] as number;
    const rank = m - r;
    running = Math.min(running, (factor * m * (p[i] as number)) / rank);
    out[i] = Math.min(1, running);
  }
  return out;
}
