/**
 * sudden_drop.year_end_dip — a one-off dip at the end of ONE financial year: January–March (or March
 * alone) below the same year's April–December run-rate, relative to the peer forces and to the
 * force's own profile in its other years, recovering in the next April–June. The signature targets
 * create ("crimes disappear before year-end", HMIC 2014 Crime-recording: making the victim count
 * §4; Bevan & Hood 2006 Public Administration 84:517 on gaming at deadlines). The statistics are in
 * year-end-dip-stats.ts; what the check compares in year-end-dip-series.ts.
 *
 * Beside period_end_dip, not instead of it: period_end_dip tests a March dip that recurs every year
 * (against the national pattern, averaged over years, the worst year left out); this check tests one
 * year against the force's own other years, so a recurring dip is part of its baseline and a one-off
 * is not diluted by the other years. The two cannot report one event twice: a one-off dip is left
 * out of period_end_dip's average (its worst year), and a recurring one is in this check's baseline.
 *
 * Series: the force total, each offence group and each code of at least `minCodeMonthlyMean` a month
 * that is not (almost) its whole group; monthly and quarterly data (quarterly: the January–March
 * quarter only). One draft per force × series (its most significant year and window, Šidák over
 * all), and one finding per episode at the coarsest level (year-end-dip-coverage.ts). A dip whose
 * next financial year stays down is a level shift (that check reports it) and is not material here.
 */
import { round } from '#core/stats/rounding.ts';
import { withRunBreaks } from '../annotated-breaks.ts';
import { type AuditContext, auditContext } from '../audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { capitalise, fmt, forceName, percent, targetClause } from '../wording.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG, type SuddenDropConfig } from './config.ts';
import { grainsOf } from './panel.ts';
import { seriesLabel } from './wording.ts';
import { analyseYearEnd, type YearEndDip } from './year-end-dip-analyse.ts';
import { type DipCoverage, decideDipCoverage } from './year-end-dip-coverage.ts';
import { yearEndDipEvidence } from './year-end-dip-evidence.ts';
import { financialYearLabel } from './year-end-dip-series.ts';

export const YEAR_END_DIP_CHECK_ID = 'sudden_drop.year_end_dip';
export const YEAR_END_DIP_RULE_VERSION = '1.0.0';

export function createYearEndDipCheck(config: SuddenDropConfig = DEFAULT_SUDDEN_DROP_CONFIG): Check {
  return {
    id: YEAR_END_DIP_CHECK_ID,
    signature: 'sudden_drop',
    ruleVersion: YEAR_END_DIP_RULE_VERSION,
    description:
      'A one-off dip in January–March of one financial year against that year’s own run-rate and the peer forces.',
    run(input: AuditInput, ctx: AuditContext): CheckDraft[] {
      return yearEndDipDrafts(input, withRunBreaks(config, input), ctx);
    },
  };
}

export const yearEndDipCheck: Check = createYearEndDipCheck();

export function yearEndDipDrafts(
  input: AuditInput,
  cfg: SuddenDropConfig,
  ctx: AuditContext = auditContext(input),
): CheckDraft[] {
  const audited = new Set(input.forces);
  const out: CheckDraft[] = [];
  for (const grain of grainsOf(ctx)) {
    const run = analyseYearEnd(ctx, cfg, grain, audited);
    if (!run) continue;
    const coverage = decideDipCoverage(run.dips, cfg.yearEndDip.coarsestLevel);
    for (const d of run.dips) out.push(dipDraft(cfg, d, coverage.get(d)!));
  }
  return out;
}

function dipDraft(cfg: SuddenDropConfig, d: YearEndDip, cov: DipCoverage): CheckDraft {
  const material = d.gatePassed && cov.reportedBy === null && cov.explainedBy === null;
  return draft({
    severity: material ? d.severity : 'info',
    force_code: d.force,
    period_start: d.start,
    period_end: d.end,
    offence_group: d.spec.offence_group,
    offence_subgroup: d.spec.offence_subgroup,
    offence_code: d.spec.offence_code,
    observed: d.observed,
    expected: round(d.expected, 1),
    effect_size: round(Math.log(1 - d.dip), 6),
    p_value: Math.min(1, Math.max(0, d.p)),
    near_target: d.targets.length > 0,
    summary: dipSummary(cfg, d, cov),
    evidence: yearEndDipEvidence(cfg, d, cov),
    material,
  });
}

function windowLabel(d: YearEndDip): string {
  const fy = financialYearLabel(d.cells.april);
  return d.best.window === 'quarter'
    ? `January–March, the last quarter of ${fy}`
    : `March, the last month of ${fy}`;
}

function dipSummary(cfg: SuddenDropConfig, d: YearEndDip, cov: DipCoverage): string {
  const what = seriesLabel(d.spec, cfg.excludeGroups);
  const head =
    `${capitalise(what)} in ${forceName(d.force)} dipped ${percent(d.dip)} in ${windowLabel(d)}, against ` +
    `that year's April–December relative to its peer forces and its own pattern in other years ` +
    `(${fmt(d.observed)} recorded against ${fmt(Math.round(d.expected))} expected)`;
  const by = cov.reportedBy ?? cov.explainedBy;
  if (by !== null)
    return `${head}; it is reported with the dip in ${seriesLabel(by.spec, cfg.excludeGroups)}, one event.`;
  if (!d.gatePassed) {
    const why =
      d.recovery.persists === true
        ? 'the next financial year stayed down, so it is a level change rather than a year-end dip'
        : 'this is below the material threshold';
    return `${head}; ${why} and is not reported.`;
  }
  const recovered =
    d.recovery.persists === false
      ? ' The series recovered in the next financial year.'
      : ' The data end before the next April–June, so recovery cannot be seen.';
  const deferral =
    d.deferral && d.deferral.share >= cfg.yearEndDip.minDeferredShare
      ? ` April of the next year ran ${fmt(Math.round(d.deferral.reappeared))} above expectation, about ${percent(d.deferral.share)} of the missing crimes, consistent with crimes recorded in the next financial year instead.`
      : '';
  const includes =
    cov.covers.length > 0
      ? ` It includes the dips in ${cov.covers.map((c) => seriesLabel(c.spec, cfg.excludeGroups)).join(', ')}.`
      : '';
  const explains =
    cov.explains.length > 0
      ? ` The dip in ${cov.explains.map((c) => `${seriesLabel(c.spec, cfg.excludeGroups)} (${percent(c.dip)})`).join(', ')} in the same quarter is part of the same event and is reported here.`
      : '';
  return `${head}; this requires explanation.${recovered}${deferral}${includes}${explains}${targetClause(d.targets)}`;
}
