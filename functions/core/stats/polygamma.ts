/**
 * Digamma ψ(x) and trigamma ψ′(x) for x > 0, needed by the Newton steps of the
 * beta-binomial, Dirichlet-multinomial and negative-binomial maximum-likelihood fits
 * (@stdlib's versions are not among the installed packages).
 *
 * Method: upward recurrence ψ(x) = ψ(x + 1) − 1/x (ψ′(x) = ψ′(x + 1) + 1/x²) until x ≥ 10
 * (20 for ψ′), then the asymptotic Bernoulli series; Abramowitz & Stegun 6.3.18 and 6.4.12.
 * Accuracy: ~1e-15 relative for x ≥ 1e-3 (first omitted series term < 1e-15).
 * Returns: NaN for x ≤ 0 (the fits only evaluate positive arguments).
 */

export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let acc = 0;
  let v = x;
  while (v < 10) {
    acc -= 1 / v;
    v += 1;
  }
  const inv2 = 1 / (v * v);
  // ln v − 1/(2v) − Σ B_{2k}/(2k v^{2k}).
  const series =
    inv2 *
    (1 / 12 -
      inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return acc + Math.log(v) - 0.5 / v - series;
}

export function trigamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let acc = 0;
  let v = x;
  // Trigamma's first omitted term, 691/(2730 v¹³), needs v ≥ 20 to stay below 1e-17.
  while (v < 20) {
    acc += 1 / (v * v);
    v += 1;
  }
  const inv = 1 / v;
  const inv2 = inv * inv;
  // 1/v + 1/(2v²) + Σ B_{2k}/v^{2k+1}.
  const series = inv2 * inv * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 * (1 / 30 - inv2 * (5 / 66)))));
  return acc + inv + 0.5 * inv2 + series;
}
