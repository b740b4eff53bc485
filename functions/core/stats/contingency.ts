/**
 * Tests of independence for r × c contingency tables: Pearson X², the likelihood-ratio
 * G-test, and Haberman's adjusted standardized residuals.
 *
 * References: Pearson K (1900) Phil. Mag. 50:157; Woolf B (1957) Ann. Hum. Genet. 21:397
 * (G); Haberman S J (1973) Biometrics 29:205 (adjusted residuals). Match R
 * `chisq.test(tab, correct = FALSE)`, `2 * sum(O * log(O / E))` with `pchisq(G, df, lower.tail =
 * FALSE)`, and scipy `chi2_contingency(tab, correction = False[, lambda_ = "log-likelihood"])`.
 * Assumptions: counts are independent multinomial/Poisson (no overdispersion — see
 * dirichlet-multinomial.ts for the clustered version); all row and column totals are positive.
 * The χ² approximation needs expected counts ≳ 5; use exact-tests.ts otherwise.
 * Returns: statistic, df = (r − 1)(c − 1), upper-tail p-value and the expected table.
 */
import { chi2Upper } from './distributions.ts';

export interface ContingencyTest {
  statistic: number;
  df: number;
  pValue: number;
  expected: number[][];
}

export interface PearsonOptions {
  /** Yates' continuity correction, applied only to 2 × 2 tables as R `chisq.test` does. */
  yates?: boolean;
}

interface Margins {
  rows: number[];
  cols: number[];
  total: number;
}

function margins(table: readonly (readonly number[])[]): Margins {
  if (table.length < 2) throw new RangeError('a contingency table needs at least 2 rows');
  const c = (table[0] as readonly number[]).length;
  if (c < 2) throw new RangeError('a contingency table needs at least 2 columns');
  const rows = new Array<number>(table.length).fill(0);
  const cols = new Array<number>(c).fill(0);
  table.forEach((row, i) => {
    if (row.length !== c) throw new RangeError('ragged contingency table');
    row.forEach((v, j) => {
      if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`invalid count ${v}`);
      rows[i] = (rows[i] as number) + v;
      cols[j] = (cols[j] as number) + v;
    });
  });
  if (rows.some((r) => r === 0) || cols.some((s) => s === 0)) {
    throw new RangeError('a row or column total is zero: expected counts undefined');
  }
  const total = rows.reduce((a, b) => a + b, 0);
  return { rows, cols, total };
}

/** Expected counts E_ij = r_i c_j / N under independence. */
export function expectedCounts(table: readonly (readonly number[])[]): number[][] {
  const { rows, cols, total } = margins(table);
  return rows.map((r) => cols.map((s) => (r * s) / total));
}

/** Pearson X² = Σ (O − E)² / E with df (r − 1)(c − 1). */
export function pearsonChiSquare(
  table: readonly (readonly number[])[],
  options: PearsonOptions = {},
): ContingencyTest {
  const expected = expectedCounts(table);
  const r = table.length;
  const c = (table[0] as readonly number[]).length;
  let yatesShift = 0;
  if (options.yates && r === 2 && c === 2) {
    let minAbs = Number.POSITIVE_INFINITY;
    table.forEach((row, i) => {
      row.forEach((o, j) => {
        minAbs = Math.min(minAbs, Math.abs(o - ((expected[i] as number[])[j] as number)));
      });
    });
    yatesShift = Math.min(0.5, minAbs);
  }
  let statistic = 0;
  table.forEach((row, i) => {
    row.forEach((o, j) => {
      const e = (expected[i] as number[])[j] as number;
      statistic += (Math.abs(o - e) - yatesShift) ** 2 / e;
    });
  });
  const df = (r - 1) * (c - 1);
  return { statistic, df, pValue: chi2Upper(statistic, df), expected };
}

/** G = 2 Σ O ln(O / E) (cells with O = 0 contribute 0), referred to χ² with (r − 1)(c − 1) df. */
export function gTest(table: readonly (readonly number[])[]): ContingencyTest {
  const expected = expectedCounts(table);
  let statistic = 0;
  table.forEach((row, i) => {
    row.forEach((o, j) => {
      if (o > 0) statistic += 2 * o * Math.log(o / ((expected[i] as number[])[j] as number));
    });
  });
  const df = (table.length - 1) * ((table[0] as readonly number[]).length - 1);
  return { statistic, df, pValue: chi2Upper(statistic, df), expected };
}

/**
 * Haberman adjusted residuals (O − E) / √(E (1 − r_i/N)(1 − c_j/N)); each is approximately
 * N(0, 1) under independence, so a cell's sign and size show where a mix moved.
 */
export function adjustedResiduals(table: readonly (readonly number[])[]): number[][] {
  const { rows, cols, total } = margins(table);
  return table.map((row, i) =>
    row.map((o, j) => {
      const e = ((rows[i] as number) * (cols[j] as number)) / total;
      return (o - e) / Math.sqrt(e * (1 - (rows[i] as number) / total) * (1 - (cols[j] as number) / total));
    }),
  );
}
