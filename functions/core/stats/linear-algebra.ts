/**
 * Small dense linear algebra for the GLM fits: Cholesky factorisation of a symmetric
 * positive-definite matrix, solves and the inverse (for coefficient covariances).
 *
 * Reference: Golub G H, Van Loan C F (2013). Matrix Computations, 4th ed., §4.2.
 * Assumptions: matrices are small (a GLM's p × p cross-product, p ≲ 30) and SPD; a
 * non-positive pivot means the design is rank-deficient and is reported as an error.
 * Returns: new arrays; inputs are not modified.
 */

export type Matrix = number[][];

function at(m: Matrix, i: number, j: number): number {
  return (m[i] as number[])[j] as number;
}

/** Lower-triangular L with A = L Lᵀ. Throws if A is not numerically positive definite. */
export function cholesky(a: Matrix): Matrix {
  const n = a.length;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = at(a, j, j);
    for (let k = 0; k < j; k++) d -= at(l, j, k) ** 2;
    if (!(d > 1e-300)) throw new RangeError('matrix is not positive definite (rank-deficient design?)');
    const ljj = Math.sqrt(d);
    (l[j] as number[])[j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = at(a, i, j);
      for (let k = 0; k < j; k++) s -= at(l, i, k) * at(l, j, k);
      (l[i] as number[])[j] = s / ljj;
    }
  }
  return l;
}

/** Solves L Lᵀ x = b given the Cholesky factor L. */
export function choleskySolve(l: Matrix, b: readonly number[]): number[] {
  const n = l.length;
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= at(l, i, k) * (y[k] as number);
    y[i] = s / at(l, i, i);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= at(l, k, i) * (x[k] as number);
    x[i] = s / at(l, i, i);
  }
  return x;
}

/** A⁻¹ for SPD A, column by column from its Cholesky factor. */
export function spdInverse(a: Matrix): Matrix {
  const l = cholesky(a);
  const n = a.length;
  const inv: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const e = new Array<number>(n).fill(0);
    e[j] = 1;
    const col = choleskySolve(l, e);
    for (let i = 0; i < n; i++) (inv[i] as number[])[j] = col[i] as number;
  }
  return inv;
}

/** Xᵀ W X for an n × p design (rows are observations) and weights w. */
export function weightedCrossProduct(x: Matrix, w: readonly number[]): Matrix {
  const p = (x[0] ?? []).length;
  const out: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  x.forEach((row, i) => {
    const wi = w[i] as number;
    for (let a = 0; a < p; a++) {
      const ra = (row[a] as number) * wi;
      const outA = out[a] as number[];
      for (let b = 0; b <= a; b++) outA[b] = (outA[b] as number) + ra * (row[b] as number);
    }
  });
  for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) (out[a] as number[])[b] = at(out, b, a);
  return out;
}

/** Xᵀ W z. */
export function weightedCrossVector(x: Matrix, w: readonly number[], z: readonly number[]): number[] {
  const p = (x[0] ?? []).length;
  const out = new Array<number>(p).fill(0);
  x.forEach((row, i) => {
    const wz = (w[i] as number) * (z[i] as number);
    for (let a = 0; a < p; a++) out[a] = (out[a] as number) + (row[a] as number) * wz;
  });
  return out;
}
