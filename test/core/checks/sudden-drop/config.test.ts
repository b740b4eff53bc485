import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  DEFAULT_SUDDEN_DROP_CONFIG,
  SuddenDropConfigSchema,
  suddenDropConfig,
} from '#core/checks/sudden-drop/config.ts';
import { KNOWN_BREAKS } from '#core/detection/known-breaks.ts';
import { DEFAULT_TARGETS } from '#core/detection/targets.ts';

/** The values the checks ran with before the schema (rule versions 2.0.0, 1.0.0, 1.0.0): unchanged. */
const BEFORE = {
  excludeGroups: ['Fraud offences'],
  levelShift: {
    peerGroupSize: 7,
    minCompletePeers: 3,
    windowCapMonths: 12,
    preWindowCapMonths: 12,
    stepAgainstTrend: true,
    trendPreWindowMonths: 60,
    scanWindowLengths: true, // level_shift 2.2.0
    minTrendMonths: 12,
    scanBound: true,
    penaltyScaleMonths: 0.8,
    penaltyScaleQuarters: 1,
    emitNoShiftDrafts: true,
    shockEdgeIsNotTemporary: true,
    minSegmentMonths: 3,
    minSegmentQuarters: 2,
    minPeriods: 8,
    minRelativeDrop: 0.1,
    minCrimesPerQuarter: 30,
    minCodeMonthlyMean: 400,
    maxCodeShareOfGroup: 0.9,
    minPlaceboForces: 5,
    coarsestLevel: {
      changeToleranceMonths: 2,
      standOutDropRatio: 1.25,
      standOutZ: 1.96,
      explainedShare: 0.8,
    },
  },
  periodEndDip: {
    minRelativeDip: 0.05,
    minCrimesPerMarch: 10,
    minYears: 2,
    minForces: 5,
    minDeferredShare: 0.25,
    trimFromYears: 3, // period_end_dip 1.1.0: the lowest year is left out from three years
  },
  bunching: { caliperPoints: 3, alpha: 0.05, minForces: 10 },
};

/** The ZodError `f` throws, so a test can read which field it names. */
function zodError(f: () => unknown): ZodError {
  try {
    f();
  } catch (e) {
    if (e instanceof ZodError) return e;
    throw e;
  }
  throw new Error('expected a ZodError');
}

describe('the sudden-drop configuration schema', () => {
  it('defaults to the values the checks have always run with', () => {
    const { targets, knownBreaks, yearEndDip, proactiveRecording, ...thresholds } =
      DEFAULT_SUDDEN_DROP_CONFIG;
    expect(thresholds).toEqual(BEFORE);
    // New with year_end_dip 1.0.0 (its own section) and the proactive-recording list (item 12).
    expect(yearEndDip.minRelativeDip).toBe(0.1);
    expect(yearEndDip.coarsestLevel).toEqual(BEFORE.levelShift.coarsestLevel);
    expect(proactiveRecording.groups.map((g) => g.group)).toEqual(['Sexual offences']);
    expect(proactiveRecording.codes.map((c) => c.code)).toContain('106');
    expect(targets).toEqual(DEFAULT_TARGETS);
    expect(knownBreaks).toEqual(KNOWN_BREAKS);
    expect(SuddenDropConfigSchema.parse({})).toEqual(DEFAULT_SUDDEN_DROP_CONFIG);
  });

  it('applies a partial override at any depth and keeps every other default', () => {
    const cfg = suddenDropConfig({
      levelShift: { shockEdgeIsNotTemporary: false, coarsestLevel: { standOutZ: 2.5 } },
      knownBreaks: [],
    });
    expect(cfg.levelShift.shockEdgeIsNotTemporary).toBe(false);
    expect(cfg.levelShift.coarsestLevel).toEqual({ ...BEFORE.levelShift.coarsestLevel, standOutZ: 2.5 });
    expect(cfg.levelShift.minRelativeDrop).toBe(0.1);
    expect(cfg.periodEndDip).toEqual(BEFORE.periodEndDip);
    expect(cfg.knownBreaks).toEqual([]);
    expect(cfg.targets).toEqual(DEFAULT_TARGETS);
  });

  it('refuses a bad override with an error that names the field', () => {
    const fraction = zodError(() => suddenDropConfig({ levelShift: { minRelativeDrop: 1.5 } }));
    expect(fraction.issues.map((i) => i.path.join('.'))).toEqual(['levelShift.minRelativeDrop']);
    const nested = zodError(() =>
      suddenDropConfig({ levelShift: { coarsestLevel: { changeToleranceMonths: 1.5 } } }),
    );
    expect(nested.issues[0]!.path).toEqual(['levelShift', 'coarsestLevel', 'changeToleranceMonths']);
    const type = zodError(() => suddenDropConfig({ bunching: { alpha: '0.05' as unknown as number } }));
    expect(type.message).toContain('alpha');
    const list = zodError(() => suddenDropConfig({ targets: 'none' as unknown as typeof DEFAULT_TARGETS }));
    expect(list.issues[0]!.path).toEqual(['targets']);
  });
});
