/**
 * Loads the golden reference values for the statistics tests.
 *
 * The values were produced by R 4.2.2 / scipy 1.10.1 / statsmodels 0.13.5 scripts in
 * shared/stats-oracles (oracle_r.R, oracle_r2.R, oracle_py.py) and copied verbatim into
 * test/core/stats/golden/*.json so that the tests run even if ../shared moves. The copy is what the
 * tests use; golden-copy.test.ts checks it still equals the shared files whenever those exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Repository root: test/core/stats → ../../.. */
export const repoRoot = resolve(here, '..', '..', '..');
/** The shared oracle directory next to the repository, if present. */
export const sharedOracleDir = resolve(repoRoot, '..', 'shared', 'stats-oracles');
export const goldenDir = resolve(here, 'golden');

export type FixtureName = 'fixtures_r' | 'fixtures_r2' | 'fixtures_py';

/** R's jsonlite writes length-1 vectors as scalars (auto_unbox). */
type Cpts = number | number[];

export interface GoldenR {
  D1: {
    x: number[];
    mu: number[];
    changepoint: {
      pelt_mbic_cpts: Cpts;
      pelt_mbic_pen: number;
      pelt_mbic_means: number[];
      pelt_manual2logn_cpts: Cpts;
      x_deseason: number[];
      pelt_mbic_deseason_cpts: Cpts;
    };
    glrpois_dec: { mu0: number; alarm: number[]; glr: number[] };
  };
  D2: {
    tab: number[][];
    chisq_stat: number;
    chisq_p: number;
    expected: number[][];
    G_stat: number;
    G_p: number;
    tab3: number[][];
    chisq3_stat: number;
    chisq3_p: number;
    dirmult: { peers: number[][]; gamma: number[]; pi: number[]; theta: number; loglik: number };
  };
  D3: {
    n: number[];
    y: number[];
    p0: number;
    p1: number;
    binom_greater_p: number;
    binom_twosided_p: number;
    binom_cusum_manual: number[];
    binom_cusum_surveillance: number[];
    betabin: { n: number[]; y: number[]; mu: number; rho: number };
  };
  D4: { p: number[]; bh: number[]; by: number[]; holm: number[] };
  D5: {
    x: number[];
    nb_coef: number[];
    nb_theta: number;
    nb_se: number[];
    qp_coef: number[];
    qp_dispersion: number;
    nb_lowtail_p_example: number;
    poisson_test_p: number;
  };
}

export interface GoldenR2 {
  E1: { y: number[]; logRR: number; se_poisson: number; se_formula: number; z: number; p_lower: number };
  E2: {
    n: number[];
    y: number[];
    theta0: number;
    z: number[];
    phi: number;
    tau2: number;
    zD: number[];
    pD_upper: number[];
    DL_tau2: number;
    DL_mu: number;
  };
  E3: { y: number[]; fyEndPost_coef: number; fyEndPost_p: number; fyEndPost_se: number; theta: number };
  E4: { below: number; above: number; p_one_sided: number };
}

export interface GoldenPy {
  pelt: { mbic: number[]; manual_2logn: number[]; mbic_deseason: number[] };
  D2: {
    chisq: [number, number];
    G: [number, number];
    chisq3: [number, number];
    adj_resid: number[][];
    dirmult_py: { alpha: number[]; pi: number[]; theta: number };
  };
  D3: { binom_greater_p: number; binom_twosided_p: number; betabin_py: { mu: number; rho: number } };
  D4: { bh: number[] };
  D5: {
    nb_coef: number[];
    nb_theta: number;
    qp_coef: number[];
    qp_dispersion: number;
    nb_lowtail_p_example: number;
    poisson_test_p: number;
  };
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function goldenRaw(name: FixtureName): unknown {
  return readJson(resolve(goldenDir, `${name}.json`));
}

/** The shared original, or undefined when ../shared/stats-oracles is not present. */
export function sharedRaw(name: FixtureName): unknown {
  const path = resolve(sharedOracleDir, `${name}.json`);
  return existsSync(path) ? readJson(path) : undefined;
}

export const goldenR = (): GoldenR => goldenRaw('fixtures_r') as GoldenR;
export const goldenR2 = (): GoldenR2 => goldenRaw('fixtures_r2') as GoldenR2;
export const goldenPy = (): GoldenPy => goldenRaw('fixtures_py') as GoldenPy;

export function asArray(v: Cpts): number[] {
  return Array.isArray(v) ? v : [v];
}

/** |a − e| ≤ tol·|e| elementwise (relative tolerance). */
export function expectRelClose(actual: readonly number[], expected: readonly number[], tol: number): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  actual.forEach((a, i) => {
    const e = expected[i] as number;
    if (!(Math.abs(a - e) <= tol * Math.abs(e))) {
      throw new Error(
        `element ${i}: ${a} vs expected ${e} (relative error ${Math.abs(a - e) / Math.abs(e)} > ${tol})`,
      );
    }
  });
}

/** |a − e| ≤ tol elementwise (absolute tolerance). */
export function expectAbsClose(actual: readonly number[], expected: readonly number[], tol: number): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  actual.forEach((a, i) => {
    const e = expected[i] as number;
    if (!(Math.abs(a - e) <= tol)) {
      throw new Error(`element ${i}: ${a} vs expected ${e} (absolute error ${Math.abs(a - e)} > ${tol})`);
    }
  });
}
