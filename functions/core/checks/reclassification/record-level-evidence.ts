/**
 * The evidence of a record-level finding: every month of the baseline and the window with the counts
 * both contrasts read (so that an auditor can recompute φ, the contrasts and p from it alone), the
 * code pairs, the contrasts, the quarter-end timing, and the quarter's place in a campaign.
 */
import type { Evidence } from '#core/model/findings.ts';
import { addMonths } from '#core/series/months.ts';
import type { CampaignRole } from './campaigns.ts';
import { familyEvidence } from './family-evidence.ts';
import type { RecordLevelTest } from './record-level.ts';
import { firstSerious, type RecordLevelCase } from './record-level-analysis.ts';
import type { RecordLevelConfig } from './record-level-config.ts';

const METHOD = {
  method:
    'Record-level reclassification within a family of substitutable codes (METHODS §2 1C): the downgrade ' +
    'rate and the downgrade share of moves (asymmetry) against the force\u2019s own earlier months, each a ' +
    'quasi-likelihood contrast with month-to-month dispersion, combined by Bonferroni; quarter-end timing reported',
  reference: 'Wedderburn 1974 and McCullagh & Nelder 1989 §4.5 (quasi-likelihood dispersion); METHODS §2 1C',
  formula:
    'rate: θ = ln((u_W+½)/N_W) − ln((u_B+½)/N_B), Var = φ(1/(u_W+½) + 1/(u_B+½)); ' +
    'asymmetry: θ = ln((u_W+½)/(d_W+½)) − ln((u_B+½)/(d_B+½)), Var = φ Σ 1/(cell+½); ' +
    'φ = max(1, Pearson X² of the baseline months around the baseline rate / (baseline months − 1)); ' +
    'p = P(t_df ≥ θ/√Var); p = min(1, 2·min(p_rate, p_asym)); N = final serious count + downgrades − upgrades',
};

export interface RecordLevelEvidenceFacts {
  /** The configuration's reported parameters with the finding's seriousness weight. */
  parameters: Record<string, unknown>;
  pairs: ReadonlyMap<string, number>;
  nearTarget: string | null;
  campaign: CampaignRole<RecordLevelCase>;
}

export function recordLevelEvidence(
  c: RecordLevelCase,
  config: RecordLevelConfig,
  facts: RecordLevelEvidenceFacts,
): Evidence {
  const { test, window: w, base } = c;
  const months = [...base, ...w.months];
  return {
    ...METHOD,
    parameters: facts.parameters,
    family: familyEvidence(c.family),
    window: { start: w.start, end: w.end, months: w.months },
    baseline: {
      start: base[0]!,
      end: base[base.length - 1]!,
      description:
        base[base.length - 1]! < addMonths(w.start, -1)
          ? `the force's own earlier months in the extract (up to ${config.baselineMonths}), before a ${config.guardMonths}-month guard band`
          : `the force's own earlier months in the extract (up to ${config.baselineMonths}), right before the window (too few months for a guard band)`,
    },
    months: months.map((month) => ({
      period: month,
      downgrades: c.byMonth.get(month)?.down ?? 0,
      upgrades: c.byMonth.get(month)?.up ?? 0,
      first_recorded_serious: firstSerious(c, month),
      role: w.months.includes(month) ? 'window' : 'baseline',
    })),
    table: { window: sideTotals(test.totals.window), baseline: sideTotals(test.totals.baseline) },
    pairs: [...facts.pairs].map(([p, n]) => ({ from: p.split('>')[0], to: p.split('>')[1], window: n })),
    rate: contrastEvidence(test.rate),
    asymmetry: contrastEvidence(test.asymmetry),
    timing: test.timing
      ? {
          quarter_end_downgrades: test.timing.downAtQuarterEnd,
          expected_share: test.timing.expectedShare,
          p_value: test.timing.pValue,
        }
      : null,
    expected_downgrades: test.expectedDown,
    excess_downgrades: test.excessDown,
    peers: [],
    near_target: facts.nearTarget,
    series: months.map((month) => {
      const n = firstSerious(c, month);
      const inWindow = month >= w.start;
      return {
        period: month,
        value: c.byMonth.get(month)?.down ?? 0,
        expected: inWindow && test.rate !== null && n !== null ? n * test.rate.baseline : null,
      };
    }),
    series_upgrades: months.map((month) => ({ period: month, value: c.byMonth.get(month)?.up ?? 0 })),
    ...campaignEvidence(facts.campaign),
  };
}

function sideTotals(t: RecordLevelTest['totals']['window']): Record<string, number | null> {
  return { downgrades: t.down, upgrades: t.up, first_recorded_serious: t.firstSerious };
}

function contrastEvidence(c: RecordLevelTest['rate']): Record<string, number> | null {
  if (c === null) return null;
  return {
    window: c.window,
    baseline: c.baseline,
    log_ratio: c.logRatio,
    variance: c.variance,
    dispersion: c.dispersion,
    df: c.df,
    t: c.t,
    p_value: c.pValue,
  };
}

/** `covered_by` on a quarter reported as part of a campaign, `covers` on the one reported for it. */
function campaignEvidence(role: CampaignRole<RecordLevelCase>): Record<string, unknown> {
  if (role.kind === 'covered') {
    const { window, test } = role.by;
    return { covered_by: { period_start: window.start, period_end: window.end, p_value: test.pValue } };
  }
  if (role.kind === 'reported') {
    return {
      covers: role.covers.map(({ window, test }) => ({
        period_start: window.start,
        period_end: window.end,
        downgrades: test.totals.window.down,
        expected_downgrades: test.expectedDown,
        p_value: test.pValue,
      })),
    };
  }
  return {};
}
