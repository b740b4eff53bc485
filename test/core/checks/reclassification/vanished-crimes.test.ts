/**
 * Crimes that vanish are not a reclassification (issue 9, item 4): a lasting 28% cliff in residential
 * burglary (28E) in median-sized forces, with nothing rising elsewhere, moves the family's mix as a
 * downgrade would, but κ ≈ 0. The mix-shift check must not report it (the sudden-drop check reports
 * the drop); the same forces with the crimes moved to 49 instead are reported where κ is measurable.
 */
import { describe, expect, it } from 'vitest';
import { reclassificationMixShiftCheck } from '#core/checks/reclassification/mix-shift-check.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { Finding } from '#core/model/findings.ts';
import { forceShare, SYNTHETIC_FORCES } from '#core/synthetic/force-sizes.ts';
import { runCheck } from '#test-support/run-check.ts';
import { driftingMixReturns, type Injection } from './drifting-mix.ts';

const FORCES = [...SYNTHETIC_FORCES];
const MEDIAN_FORCES = [...FORCES].sort((a, b) => forceShare(a) - forceShare(b)).slice(18, 26);

function audit(injections: Injection[]) {
  const rows = driftingMixReturns({ seed: 41, drift: [0.015, 0.045], injections });
  const input = { current: rows, history: rows, notes: [], forces: FORCES };
  const findings: Finding[] = runChecks(new CheckRegistry().register(reclassificationMixShiftCheck), input, {
    run_id: 'v',
    now: new Date('2025-01-01T00:00:00Z'),
  }).findings;
  return { findings, drafts: runCheck(reclassificationMixShiftCheck, input) };
}

const cliff = (vanish: boolean): Injection[] =>
  MEDIAN_FORCES.map((force) => ({
    force,
    from: '28E',
    to: '49',
    start: '2022-04',
    end: '2024-03',
    share: 0.28,
    vanish,
  }));

describe('a cliff with nothing rising elsewhere', () => {
  it('is not reported as a reclassification, and its evidence says κ did not compensate', () => {
    const { findings, drafts } = audit(cliff(true));
    const burglary = findings.filter((f) => JSON.parse(f.evidence).family.id === 'residential-burglary');
    // A reported shift needs κ's one-sided 95% lower limit above 0 (the lesser side rose clear of
    // noise), which a cliff meets in at most 5% of tests: none of the eight here.
    const onCliffs = burglary.filter((f) => MEDIAN_FORCES.includes(f.force_code));
    expect(onCliffs).toEqual([]);
    // The strongest test of each cliff force sees the fall and does not call it a reclassification;
    // κ is near 0 (each κ̂ is noisy, so the median over the eight forces is asserted).
    const kappas: number[] = [];
    for (const force of MEDIAN_FORCES) {
      const own = drafts
        .filter(
          (d) =>
            d.force_code === force && (d.evidence.family as { id: string }).id === 'residential-burglary',
        )
        .sort((a, b) => a.p_value! - b.p_value!)[0]!;
      const c = own.evidence.compensation as { kappa: number; verdict: string };
      expect(c.verdict).not.toBe('reclassified');
      kappas.push(c.kappa);
    }
    kappas.sort((a, b) => a - b);
    expect(Math.abs((kappas[3]! + kappas[4]!) / 2)).toBeLessThan(0.5);
  }, 120_000);

  it('reports at most one finding a force when the same crimes move to 49 instead', () => {
    const { findings } = audit(cliff(false));
    for (const force of MEDIAN_FORCES) {
      const own = findings.filter(
        (f) => f.force_code === force && JSON.parse(f.evidence).family.id === 'residential-burglary',
      );
      expect(own.length).toBeLessThanOrEqual(1);
    }
  }, 120_000);
});
