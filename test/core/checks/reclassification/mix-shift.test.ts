import { describe, expect, it } from 'vitest';
import type { WindowCounts } from '#core/checks/reclassification/family-counts.ts';
import { type MixUnit, mixShift, pooledDrift } from '#core/checks/reclassification/mix-shift.ts';
import { reclassificationMixShiftCheck } from '#core/checks/reclassification/mix-shift-check.ts';
import { runCheck } from '#test-support/run-check.ts';
import { driftingMixReturns, GENERATED_FAMILIES } from './drifting-mix.ts';

function counts(
  seriousWindow: number,
  lesserWindow: number,
  seriousBase: number,
  lesserBase: number,
): WindowCounts {
  return {
    seriousWindow,
    lesserWindow,
    seriousBase,
    lesserBase,
    codeWindow: new Float64Array([seriousWindow, lesserWindow]),
    codeBase: new Float64Array([seriousBase, lesserBase]),
    periods: [],
  };
}

const unit = (force: string, c: WindowCounts, peers: MixUnit['peers'] = null): MixUnit => ({
  force,
  counts: c,
  peers,
});

/** Eight forces whose mix did not move at all, and the focal force whose serious share fell from 50% to 40%. */
function handExample(): MixUnit[] {
  const steady = Array.from({ length: 8 }, (_, i) => unit(`f${i}`, counts(100, 100, 100, 100)));
  return [unit('focal', counts(80, 120, 100, 100)), ...steady];
}

const OPTS = { minForces: 8, fallbackTau: 0.1 };

describe('own-baseline mix shift (1A)', () => {
  it('reproduces the hand-computed 2×2 example', () => {
    const r = mixShift(handExample(), OPTS)[0]!;
    // δ = ln[(80.5)(100.5)/((120.5)(100.5))], SE² = 1/80.5 + 1/120.5 + 2/100.5
    expect(r.logOddsRatio).toBeCloseTo(-0.403392568506192, 12);
    expect(r.variance).toBeCloseTo(0.040621612947607, 12);
    // Every other force has δ = 0: the national median is 0 and the robust τ² is 0.
    expect(r.centre).toBe(0);
    expect(r.tau2).toBe(0);
    expect(r.calibration).toBe('national');
    expect(r.z).toBeCloseTo(-2.001471043456583, 9);
    expect(r.pLower).toBeCloseTo(0.022670825639032, 9);
    // Baseline share 50% applied to the window's 200 crimes: 100 expected, 20 displaced, 10 points.
    expect(r.expectedShare).toBeCloseTo(0.5, 12);
    expect(r.expectedSerious).toBeCloseTo(100, 9);
    expect(r.displaced).toBeCloseTo(20, 9);
    expect(r.observedShare).toBeCloseTo(0.4, 12);
    // Other forces did not grow: level expectations 100 and 100, and the 20 lost reappear as lesser.
    expect(r.growthSerious).toBeCloseTo(1, 12);
    expect(r.compensation.kappa).toBeCloseTo(1, 12);
  });

  it('falls back to no centring and the family drift when the cross-section is too small', () => {
    const r = mixShift(handExample().slice(0, 3), OPTS)[0]!;
    expect(r.calibration).toBe('fallback');
    expect(r.centre).toBe(0);
    expect(r.tau2).toBeCloseTo(0.01, 15);
    expect(r.z).toBeCloseTo(-1.792915838313516, 9);
    expect(r.pLower).toBeCloseTo(0.036493191208866, 9);
  });

  it('centres on the national median, so a shift every force made is not the focal force’s', () => {
    // Everyone moved from 50% to 40%: the focal force is ordinary.
    const all = Array.from({ length: 9 }, (_, i) => unit(`f${i}`, counts(80, 120, 100, 100)));
    const r = mixShift(all, OPTS)[0]!;
    expect(r.centre).toBeCloseTo(Math.log(80.5 / 120.5), 12);
    expect(r.z).toBeCloseTo(0, 12);
    expect(r.pLower).toBeCloseTo(0.5, 12);
    // Within the ½ correction of a crime.
    expect(Math.abs(r.displaced)).toBeLessThan(0.5);
  });

  it('uses the larger of the window’s and the pooled drift', () => {
    const pooled = { tau2: 0.04, didTau2: 0.09, units: 100, didUnits: 100 };
    const r = mixShift(handExample(), OPTS, pooled)[0]!;
    expect(r.tau2Window).toBe(0);
    expect(r.tau2).toBe(0.04);
    expect(r.z).toBeCloseTo(-0.403392568506192 / Math.sqrt(0.040621612947607 + 0.04), 9);
  });

  it('compares with pooled peers on the logit scale (1B)', () => {
    const peerCounts = counts(300, 300, 300, 300);
    const units = handExample().map((u) => ({
      ...u,
      peers: { forces: ['p1', 'p2', 'p3'], counts: peerCounts },
    }));
    const r = mixShift(units, OPTS)[0]!;
    expect(r.peer).not.toBeNull();
    expect(r.peer!.logOddsRatio).toBeCloseTo(0, 12);
    expect(r.peer!.did).toBeCloseTo(-0.403392568506192, 12);
    expect(r.peer!.didVariance).toBeCloseTo(0.040621612947607 + 4 / 300.5, 12);
    expect(r.peer!.pLower).toBeLessThan(0.05);
  });

  it('pools deviations from each window’s median into one drift estimate', () => {
    const spread = (shift: number) =>
      Array.from({ length: 12 }, (_, i) => {
        // serious share drifting by ±(i/20) on the logit scale around a common shift
        const odds = Math.exp(shift + (i - 5.5) / 20);
        const s = Math.round((20000 * odds) / (1 + odds));
        return unit(`f${i}`, counts(s, 20000 - s, 10000, 10000));
      });
    const pooled = pooledDrift([spread(0), spread(-0.3)], OPTS);
    expect(pooled.units).toBe(24);
    // Sampling SEs are ~0.02; the spread is ±0.28, so τ is clearly positive and of that order.
    expect(Math.sqrt(pooled.tau2)).toBeGreaterThan(0.1);
    expect(Math.sqrt(pooled.tau2)).toBeLessThan(0.3);
    // A window with too few forces adds nothing.
    expect(pooledDrift([spread(0).slice(0, 5)], OPTS).units).toBe(0);
  });
});

/** Every mix-shift draft over four years of seeded drifting returns of these families. */
function driftingDrafts(families: typeof GENERATED_FAMILIES) {
  const rows = driftingMixReturns({ seed: 3, start: '2015-04', end: '2019-03', families });
  const forces = [...new Set(rows.map((r) => r.force_code))];
  return runCheck(reclassificationMixShiftCheck, { current: rows, history: rows, notes: [], forces });
}

describe('reclassification.mix_shift windows and breaks', () => {
  it('never compares residential burglary across the April 2017 recoding', () => {
    const families = GENERATED_FAMILIES.filter(
      (f) => f.id === 'residential-burglary' || f.id === 'robbery-theft-person',
    );
    const drafts = driftingDrafts(families);
    const windows = (id: string) => [
      ...new Set(
        drafts.filter((d) => (d.evidence.family as { id: string }).id === id).map((d) => d.period_start),
      ),
    ];
    expect(windows('robbery-theft-person')).toEqual([
      '2016-01',
      '2016-04',
      '2016-07',
      '2016-10',
      '2017-01',
      '2017-04',
      '2017-07',
      '2017-10',
      '2018-01',
      '2018-04',
    ]);
    // Every window whose baseline starts before April 2017 and which ends after it is left out.
    expect(windows('residential-burglary')).toEqual(['2016-01', '2016-04', '2018-04']);
    const burglary = drafts.find(
      (d) => d.period_start === '2018-04' && d.offence_subgroup === 'Residential burglary',
    );
    expect(burglary?.evidence.known_breaks).toContain('burglary-recoding-2017');
  });
});

describe('reclassification.mix_shift overlapping windows', () => {
  it('names the window reported instead in the evidence of the drafts it outranks', () => {
    const drafts = driftingDrafts(GENERATED_FAMILIES);
    const outranked = drafts.filter((d) => d.evidence.reported_window !== undefined);
    expect(outranked.length).toBeGreaterThan(0);
    for (const d of outranked) {
      expect(d.material).toBe(false);
      const w = d.evidence.reported_window as { family: string; start: string; p_value: number };
      // The rival may test another pair of the same cluster (a ladder step sharing a code), or be the
      // whole-run scan.
      const rival = drafts.find(
        (e) =>
          e.force_code === d.force_code &&
          e.period_start === w.start &&
          e.discriminator?.split('|')[0] === w.family &&
          e.p_value === w.p_value,
      )!;
      expect(rival).toBeDefined();
      expect(rival.p_value!).toBeLessThanOrEqual(d.p_value!);
    }
  });
});
