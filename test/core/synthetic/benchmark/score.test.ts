import { describe, expect, it } from 'vitest';
import {
  detectionWindowEnd,
  falseFlagsPerForceYear,
  findingHitsLabel,
  minEffectAtRecall,
  precisionAtPrevalence,
  quantile,
  recallBy,
  replayDelay,
  type ScoredFinding,
  type ScoredLabel,
  scoreRun,
  timeToDetect,
  wilsonInterval,
} from '#core/synthetic/benchmark/score.ts';

const downgrade: ScoredLabel = {
  id: 'S1',
  signature: 'reclassification',
  forces: ['surrey'],
  t0: '2018-06',
  duration: 12,
  size: 0.2,
  match_codes: ['8N', '5D', '105A'],
  match_subgroups: ['Violence with injury', 'Violence without injury'],
  match_groups: ['Violence against the person'],
};
const drop: ScoredLabel = {
  id: 'S3',
  signature: 'sudden_drop',
  forces: ['kent'],
  t0: '2019-04',
  duration: 12,
  size: 0.1,
  match_codes: ['46', '49'],
  match_subgroups: ['Shoplifting', 'Other theft offences'],
  match_groups: ['Theft offences'],
};

function finding(over: Partial<ScoredFinding>): ScoredFinding {
  return {
    signature: 'reclassification',
    check_id: 'reclass.test',
    force_code: 'surrey',
    period_start: '2018-06',
    period_end: '2019-05',
    offence_group: 'Violence against the person',
    offence_subgroup: 'Violence with injury',
    offence_code: '8N',
    related_offence_code: '105A',
    ...over,
  };
}

describe('findingHitsLabel', () => {
  it('needs the same force, signature and family, and a period overlapping [t0, t0 + D + 3]', () => {
    expect(detectionWindowEnd(downgrade)).toBe('2019-09');
    expect(findingHitsLabel(finding({}), downgrade)).toBe(true);
    expect(findingHitsLabel(finding({ force_code: 'kent' }), downgrade)).toBe(false);
    expect(findingHitsLabel(finding({ signature: 'sudden_drop' }), downgrade)).toBe(false);
    // Family: the code, the related code, or a coarser level that contains the family.
    expect(findingHitsLabel(finding({ offence_code: '5D', related_offence_code: null }), downgrade)).toBe(
      true,
    );
    expect(findingHitsLabel(finding({ offence_code: '9A', related_offence_code: '105A' }), downgrade)).toBe(
      true,
    );
    expect(findingHitsLabel(finding({ offence_code: '9A', related_offence_code: '9B' }), downgrade)).toBe(
      false,
    );
    expect(findingHitsLabel(finding({ offence_code: null, related_offence_code: null }), downgrade)).toBe(
      true,
    );
    // A subgroup-level family finding (no offence code) may name a lesser code outside the label's family.
    expect(findingHitsLabel(finding({ offence_code: null, related_offence_code: '9A' }), downgrade)).toBe(
      true,
    );
    expect(
      findingHitsLabel(
        finding({ offence_code: null, related_offence_code: '9A', offence_subgroup: 'Homicide' }),
        downgrade,
      ),
    ).toBe(false);
    expect(
      findingHitsLabel(
        finding({ offence_code: null, related_offence_code: null, offence_subgroup: 'Homicide' }),
        downgrade,
      ),
    ).toBe(false);
    expect(
      findingHitsLabel(
        finding({
          offence_code: null,
          related_offence_code: null,
          offence_subgroup: null,
          offence_group: 'Robbery',
        }),
        downgrade,
      ),
    ).toBe(false);
    expect(
      findingHitsLabel(
        finding({
          offence_code: null,
          related_offence_code: null,
          offence_subgroup: null,
          offence_group: null,
        }),
        downgrade,
      ),
    ).toBe(true);
    // Window edges: overlapping at either end counts; entirely before or after does not.
    expect(findingHitsLabel(finding({ period_start: '2017-06', period_end: '2018-06' }), downgrade)).toBe(
      true,
    );
    expect(findingHitsLabel(finding({ period_start: '2017-06', period_end: '2018-05' }), downgrade)).toBe(
      false,
    );
    expect(findingHitsLabel(finding({ period_start: '2019-09', period_end: '2019-09' }), downgrade)).toBe(
      true,
    );
    expect(findingHitsLabel(finding({ period_start: '2019-10', period_end: '2019-10' }), downgrade)).toBe(
      false,
    );
    expect(findingHitsLabel(finding({ period_start: '2019-10', period_end: '2019-10' }), downgrade, 4)).toBe(
      true,
    );
  });

  it('counts any detection signature (but not data quality) against a negative control', () => {
    const control: ScoredLabel = { ...downgrade, id: 'ctl', signature: null, forces: ['surrey', 'kent'] };
    expect(findingHitsLabel(finding({ signature: 'sudden_drop', force_code: 'kent' }), control)).toBe(true);
    expect(findingHitsLabel(finding({ signature: 'no_crime_spike' }), control)).toBe(true);
    expect(findingHitsLabel(finding({ signature: 'data_quality' }), control)).toBe(false);
  });
});

describe('scoreRun', () => {
  it('marks detections, time to detect from the earliest hit, and unmatched flags', () => {
    const findings: ScoredFinding[] = [
      finding({ period_start: '2018-06', period_end: '2019-05', check_id: 'late' }),
      finding({ period_start: '2018-01', period_end: '2018-09', check_id: 'early' }),
      finding({ force_code: 'essex' }),
      finding({ signature: 'data_quality', force_code: 'essex' }),
      finding({
        signature: 'sudden_drop',
        force_code: 'kent',
        offence_code: '46',
        offence_subgroup: 'Shoplifting',
        offence_group: 'Theft offences',
        related_offence_code: null,
        period_start: '2019-03',
        period_end: '2019-03',
      }),
    ];
    const missed: ScoredLabel = { ...drop, id: 'missed', forces: ['dorset'] };
    const score = scoreRun([downgrade, drop, missed], findings);
    const [s1, s3, s3missed] = score.outcomes;
    expect(s1).toMatchObject({
      detected: true,
      hits: 2,
      timeToDetect: 3,
      localisation: 0,
      detectedBy: 'early',
    });
    // A finding that ends before t0 does not hit (2019-03 < 2019-04).
    expect(s3).toMatchObject({
      detected: false,
      hits: 0,
      timeToDetect: null,
      localisation: null,
      detectedBy: null,
    });
    expect(s3missed!.detected).toBe(false);
    // Unmatched: the essex reclassification and the early kent drop; data quality is not a detection flag.
    expect(score.unmatched.map((f) => `${f.signature}:${f.force_code}`).sort()).toEqual([
      'reclassification:essex',
      'sudden_drop:kent',
    ]);
    const ttd = timeToDetect(score.outcomes);
    expect(ttd).toEqual({ n: 1, median: 3, p90: 3 });
  });

  it('leaves findings that run to the end of the data out of the time to detect', () => {
    const segment = finding({ period_start: '2018-08', period_end: '2024-03', check_id: 'segment' });
    const bounded = finding({ period_start: '2018-06', period_end: '2019-05', check_id: 'window' });
    const open = scoreRun([downgrade], [segment], { dataEnd: '2024-03' }).outcomes[0]!;
    expect(open).toMatchObject({
      detected: true,
      timeToDetect: null,
      localisation: 2,
      detectedBy: 'segment',
    });
    const both = scoreRun([downgrade], [segment, bounded], { dataEnd: '2024-03' }).outcomes[0]!;
    expect(both).toMatchObject({ timeToDetect: 11, localisation: 0, detectedBy: 'window' });
    // Without a data end every hit counts.
    expect(scoreRun([downgrade], [segment]).outcomes[0]!.timeToDetect).toBe(69);
    expect(timeToDetect([open, both])).toEqual({ n: 1, median: 11, p90: 11 });
  });

  it('takes the replay delay from the first truncation that detects', () => {
    expect(
      replayDelay([
        { monthsOfData: 1, detected: false },
        { monthsOfData: 3, detected: false },
        { monthsOfData: 5, detected: true },
        { monthsOfData: 7, detected: false },
        { monthsOfData: 9, detected: true },
      ]),
    ).toBe(4);
    expect(replayDelay([{ monthsOfData: 1, detected: true }])).toBe(0);
    expect(replayDelay([{ monthsOfData: 15, detected: false }])).toBeNull();
  });

  it('clamps the time to detect at zero and groups recall by a key', () => {
    const score = scoreRun([downgrade], [finding({ period_start: '2017-06', period_end: '2018-06' })]);
    expect(score.outcomes[0]!.timeToDetect).toBe(0);
    const outcomes = [
      { ...score.outcomes[0]!, label: { ...downgrade, size: 0.2 } },
      {
        label: { ...downgrade, size: 0.2 },
        detected: false,
        hits: 0,
        timeToDetect: null,
        localisation: null,
        detectedBy: null,
      },
      {
        label: { ...downgrade, size: 0.1 },
        detected: false,
        hits: 0,
        timeToDetect: null,
        localisation: null,
        detectedBy: null,
      },
    ];
    const by = recallBy(outcomes, (o) => o.label.size);
    expect(by.get(0.2)).toEqual({ n: 2, detected: 1, recall: 0.5 });
    expect(by.get(0.1)).toEqual({ n: 1, detected: 0, recall: 0 });
  });
});

describe('rates and summaries', () => {
  it('counts false flags of one signature per force-year, and flagged force-years by the financial year a flag begins in', () => {
    const findings = [
      finding({ period_start: '2019-03' }),
      finding({ period_start: '2018-04' }),
      finding({ period_start: '2019-04' }),
      finding({ signature: 'sudden_drop' }),
    ];
    const r = falseFlagsPerForceYear(findings, 'reclassification', 440);
    expect(r).toEqual({ flags: 3, forceYears: 440, rate: 3 / 440, flaggedForceYears: 2 });
    expect(() => falseFlagsPerForceYear(findings, 'reclassification', 0)).toThrow();
  });

  it('computes precision at a prevalence of M manipulated forces a year among F', () => {
    expect(precisionAtPrevalence({ recall: 0.9, falseFlagsPerForceYear: 0.1 })).toBeCloseTo(
      4.5 / (4.5 + 4.4),
      12,
    );
    expect(
      precisionAtPrevalence({ recall: 1, falseFlagsPerForceYear: 0, manipulatedPerYear: 2, forces: 10 }),
    ).toBe(1);
    expect(precisionAtPrevalence({ recall: 0, falseFlagsPerForceYear: 0 })).toBeNaN();
  });

  it('finds the smallest effect from which recall stays at or above 80%', () => {
    const rows = (r: number[]) => [0.05, 0.1, 0.2, 0.3].map((size, i) => ({ size, recall: r[i]!, n: 20 }));
    expect(minEffectAtRecall(rows([0.1, 0.5, 0.85, 1]))).toBe(0.2);
    expect(minEffectAtRecall(rows([0.9, 0.5, 0.85, 1]))).toBe(0.2);
    expect(minEffectAtRecall(rows([0.8, 0.8, 0.8, 0.8]))).toBe(0.05);
    expect(minEffectAtRecall(rows([0.1, 0.2, 0.9, 0.7]))).toBeNull();
    expect(
      minEffectAtRecall([
        { size: 0.3, recall: 0.95, n: 10 },
        { size: 0.1, recall: 0.9, n: 10 },
        { size: 0.05, recall: 0, n: 0 },
      ]),
    ).toBe(0.1);
    expect(minEffectAtRecall(rows([0.1, 0.5, 0.6, 0.7]), 0.6)).toBe(0.2);
  });

  it('computes quantiles and Wilson intervals', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
    expect(quantile([], 0.5)).toBeNaN();
    const [lo, hi] = wilsonInterval(9, 10);
    expect(lo).toBeCloseTo(0.5958, 4);
    expect(hi).toBeCloseTo(0.9821, 4);
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(10, 10)[1]).toBeCloseTo(1, 12);
  });
});
