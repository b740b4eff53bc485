import { describe, expect, it } from 'vitest';
import { RECLASSIFICATION_CHECKS } from '#core/checks/reclassification/index.ts';
import { studentTUpper } from '#core/checks/reclassification/record-level.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import { addMonths } from '#core/series/months.ts';
import { generateBenchmarkPanel, panelToRows } from '#core/synthetic/benchmark/generator.ts';
import { applyInjections } from '#core/synthetic/benchmark/injections.ts';
import { DOWNGRADE_PAIRS } from '#core/synthetic/benchmark/offences.ts';
import { benchmarkTransitions } from '#core/synthetic/benchmark/transitions.ts';

// Five years of record-level extracts from four forces (the benchmark's generator, violence codes
// only), with a 20% downgrade of 8N into 105A in Hertfordshire from April 2018 for a year.
const FORCES = ['hertfordshire', 'surrey', 'kent', 'essex'];
const clean = generateBenchmarkPanel({
  seed: 'evidence',
  forces: FORCES,
  codes: ['5D', '8N', '105A'],
  months: 60,
});
const { panel, labels } = applyInjections(clean, [
  {
    kind: 'reclassification',
    forces: ['hertfordshire'],
    codes: ['8N'],
    to_code: '105A',
    t0: '2018-04',
    duration: 12,
    size: 0.2,
  },
]);
const rows = panelToRows(panel, 'evidence', 'record_level');
const result = runChecks(
  new CheckRegistry().registerAll(RECLASSIFICATION_CHECKS),
  {
    current: rows,
    history: rows,
    notes: [],
    forces: FORCES,
    transitions: benchmarkTransitions(panel, labels),
  },
  { run_id: 'r1', now: new Date('2025-01-01T00:00:00Z') },
);

interface MonthRow {
  period: string;
  downgrades: number;
  upgrades: number;
  first_recorded_serious: number;
  role: 'window' | 'baseline';
}

/** Pearson φ of monthly hits out of trials around their pooled proportion (binomial) or rate (Poisson). */
function pearsonPhi(hits: number[], trials: number[], binomial: boolean): { phi: number; df: number } {
  const h = hits.reduce((a, b) => a + b, 0);
  const n = trials.reduce((a, b) => a + b, 0);
  const p = h / n;
  let x2 = 0;
  let terms = 0;
  trials.forEach((nm, i) => {
    if (nm <= 0) return;
    x2 += (hits[i]! - p * nm) ** 2 / (p * nm * (binomial ? 1 - p : 1));
    terms += 1;
  });
  const df = Math.max(1, terms - 1);
  return { phi: Math.max(1, x2 / df), df };
}

describe('reclassification.record_level evidence', () => {
  const found = result.findings.filter((f) => f.check_id === 'reclassification.record_level');

  it('finds the campaign once, in Hertfordshire only, from its first full quarter', () => {
    expect(result.errors).toEqual([]);
    expect(found.map((f) => f.force_code)).toEqual(['hertfordshire']);
    expect(found[0]!.period_start >= '2018-04' && found[0]!.period_start <= '2018-07').toBe(true);
  });

  it('lets an auditor recompute φ, both contrasts and the p-value from the evidence alone', () => {
    const f = found[0]!;
    const e = JSON.parse(f.evidence);
    const months = e.months as MonthRow[];
    const sum = (role: MonthRow['role'][], pick: (m: MonthRow) => number) =>
      months.filter((m) => role.includes(m.role)).reduce((s, m) => s + pick(m), 0);
    // The baseline is 12 months that stop at the guard band, 3 months before the window.
    const baseline = months.filter((m) => m.role === 'baseline');
    expect(baseline).toHaveLength(12);
    expect(baseline[11]!.period).toBe(addMonths(e.window.start, -4));

    const uW = sum(['window'], (m) => m.downgrades);
    const uB = sum(['baseline'], (m) => m.downgrades);
    const nW = sum(['window'], (m) => m.first_recorded_serious);
    const nB = sum(['baseline'], (m) => m.first_recorded_serious);
    const dW = sum(['window'], (m) => m.upgrades);
    const dB = sum(['baseline'], (m) => m.upgrades);
    expect(f.observed).toBe(uW);

    const phiRate = pearsonPhi(
      baseline.map((m) => m.downgrades),
      baseline.map((m) => m.first_recorded_serious),
      false,
    );
    const thetaRate = Math.log((uW + 0.5) / nW) - Math.log((uB + 0.5) / nB);
    const varRate = phiRate.phi * (1 / (uW + 0.5) + 1 / (uB + 0.5));
    const pRate = studentTUpper(thetaRate / Math.sqrt(varRate), phiRate.df);
    expect(e.rate.log_ratio).toBeCloseTo(thetaRate, 12);
    expect(e.rate.dispersion).toBeCloseTo(phiRate.phi, 12);
    expect(e.rate.df).toBe(phiRate.df);
    expect(e.rate.p_value).toBeCloseTo(pRate, 14);

    const phiAsym = pearsonPhi(
      baseline.map((m) => m.downgrades),
      baseline.map((m) => m.downgrades + m.upgrades),
      true,
    );
    const thetaAsym = Math.log((uW + 0.5) / (dW + 0.5)) - Math.log((uB + 0.5) / (dB + 0.5));
    const varAsym = phiAsym.phi * (1 / (uW + 0.5) + 1 / (uB + 0.5) + 1 / (dW + 0.5) + 1 / (dB + 0.5));
    const pAsym = studentTUpper(thetaAsym / Math.sqrt(varAsym), phiAsym.df);
    expect(e.asymmetry.p_value).toBeCloseTo(pAsym, 14);

    expect(f.p_value).toBeCloseTo(Math.min(1, 2 * Math.min(pRate, pAsym)), 14);
  });
});

describe('reclassification.record_level on small audits of long clean extracts', () => {
  it('stays quiet: few forces (so Benjamini–Hochberg is lenient) and honest rates that drift', () => {
    // Rule 1.1.0's difference-based dispersion flagged a clean drift in a setting like this one;
    // 1.3.0: 0 flags in these 300 force-years (10 seeds × 6 forces × 5 years).
    const forces = ['hertfordshire', 'surrey', 'kent', 'essex', 'cleveland', 'derbyshire'];
    const codes = [...new Set(DOWNGRADE_PAIRS.flatMap((p) => [p.from, p.to]))];
    const registry = new CheckRegistry().registerAll(
      RECLASSIFICATION_CHECKS.filter((c) => c.id === 'reclassification.record_level'),
    );
    let flags = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const clean = generateBenchmarkPanel({ seed: `small-${seed}`, forces, codes, months: 60 });
      const cleanRows = panelToRows(clean, 'small', 'record_level');
      const run = runChecks(
        registry,
        {
          current: cleanRows,
          history: cleanRows,
          notes: [],
          forces,
          transitions: benchmarkTransitions(clean),
        },
        { run_id: 'r1', now: new Date('2025-01-01T00:00:00Z') },
      );
      expect(run.errors).toEqual([]);
      flags += run.findings.length;
    }
    expect(flags / (10 * forces.length * 5)).toBeLessThanOrEqual(0.02);
  }, 60_000);
});
