/**
 * The level-shift summaries: one sentence group per draft, written once from the analysed shift and
 * its coverage outcome (which finding reports the drop, what else the finding reports). Neutral
 * wording: a pattern that requires explanation, never an allegation.
 */
import type { CrimeTarget } from '#core/detection/targets.ts';
import { periodLabel, spanLabel } from '#core/series/periods.ts';
import { capitalise, fmt, forceName, percent, targetClause } from '../wording.ts';
import { dropOf, type TestedShift } from './coarsest.ts';
import type { AnalysedShift, LevelShiftRun } from './level-shift-analyse.ts';
import type { ShiftCoverage } from './level-shift-coverage.ts';
import type { SeriesSpec } from './panel.ts';
import { seriesLabel } from './wording.ts';

type Scope = Pick<LevelShiftRun, 'cfg' | 'panel'>;

export interface SummaryFacts {
  drop: number;
  observed: number;
  expected: number;
  periodStart: string;
  postLast: string;
  /** Periods of the window not counted (inside an excluded national shock, or missing). */
  leftOut: number;
  /** The lower segment's last period when it outlasts the post window, else null. */
  segmentLast: string | null;
  segmentToDataEnd: boolean;
  migration: string[];
  targets: readonly CrimeTarget[];
  material: boolean;
  /** The shift whose finding reports this drop (coarsest level), if not this one. */
  coveredBy?: TestedShift | null;
  /** Finer shifts of the same episode this finding reports. */
  includes?: readonly TestedShift[];
  /** Coarser shifts this finding reports because it explains them (rule 1.5.0). */
  explains?: readonly TestedShift[];
  /** The finer shift whose finding reports this (coarser) drop (rule 1.5.0). */
  explainedBy?: TestedShift | null;
}

/** The facts a shift's summary is written from, its coverage outcome included. */
export function summaryFacts(run: Scope, a: AnalysedShift, coverage: ShiftCoverage): SummaryFacts {
  const { panel } = run;
  const { primary, shift } = a;
  const postLast = shift.postWindow[1];
  return {
    drop: primary.drop,
    observed: primary.post.y,
    expected: primary.expected,
    periodStart: a.periodStart,
    postLast: panel.periods[postLast]!,
    leftOut: postLast - shift.change + 1 - primary.post.periods,
    segmentLast: a.segmentLast > postLast ? panel.periods[a.segmentLast]! : null,
    segmentToDataEnd: a.segmentToDataEnd,
    migration: a.migration.map((b) => b.id),
    targets: a.targets,
    material: a.material,
    ...coverageFacts(coverage),
  };
}

/**
 * What the summary says about coverage. A finding that reports finer drops names them (and whoever
 * reports it in turn); otherwise one that explains coarser drops names those; otherwise a drop
 * reported elsewhere names the finding that reports it.
 */
export function coverageFacts(c: ShiftCoverage): Partial<SummaryFacts> {
  if (c.includes.length > 0)
    return { coveredBy: c.reportedBy, includes: c.includes.map((d) => d.shift), explains: c.explains };
  if (c.explains.length > 0) return { explains: c.explains };
  if (c.relation === 'explained') return { explainedBy: c.by };
  if (c.relation === 'covered') return { coveredBy: c.reportedBy };
  return {};
}

export function shiftSummary(run: Scope, spec: SeriesSpec, force: string, s: SummaryFacts): string {
  const { panel } = run;
  const what = seriesLabel(spec, run.cfg.excludeGroups);
  // The months the figures cover: the whole period, less any the comparison left out.
  const unit = panel.grain === 'quarter' ? 'quarter' : 'month';
  const span =
    spanLabel(s.periodStart, s.postLast, panel.grain) +
    (s.leftOut > 0
      ? ` without the ${s.leftOut} ${unit}${s.leftOut === 1 ? '' : 's'} left out as a national shock or missing`
      : '');
  const head =
    `${capitalise(what)} in ${forceName(force)} fell ${percent(s.drop)} relative to its peer forces from ` +
    `${spanLabel(s.periodStart, s.periodStart, panel.grain)} (${fmt(s.observed)} recorded against ` +
    `${fmt(Math.round(s.expected))} expected from its own trend against its peers, ${span})`;
  const it =
    s.migration.length > 0
      ? ` It coincides with a known records-system change (${s.migration.join(', ')}), which may explain it; please confirm.`
      : '';
  return `${head}${tail(run, s)}${it}${includesClause(run, s)}${explainsClause(run, s)}${targetClause(s.targets)}`;
}

/** How long the lower level lasted, then who reports the drop (or whether it is material). */
function tail(run: Scope, s: SummaryFacts): string {
  const { panel } = run;
  const label = (t: TestedShift): string => seriesLabel(t.spec, run.cfg.excludeGroups);
  const from = (t: TestedShift): string =>
    spanLabel(panel.periods[t.change]!, panel.periods[t.change]!, panel.grain);
  // How long the lower level lasted beyond the compared window (the period covers only the window).
  const lasted =
    s.segmentLast === null
      ? ''
      : s.segmentToDataEnd
        ? `, and the lower level continues to the end of the data (${periodLabel(s.segmentLast, panel.grain)})`
        : `, and the lower level lasted until ${periodLabel(s.segmentLast, panel.grain)}`;
  const cover = s.coveredBy ?? null;
  const finer = s.explainedBy ?? null;
  if (finer)
    return (
      `${lasted}; most of it (${fmt(Math.round(finer.shortfall))} of ${fmt(Math.round(s.expected - s.observed))} crimes) is the fall ` +
      `in ${label(finer)} from ${from(finer)}, which is reported as one finding, and it is not reported separately.`
    );
  if (cover)
    return (
      `${lasted}; it is part of the fall in ${label(cover)} from ${from(cover)}, ` +
      'which is reported as one finding, and is not reported separately.'
    );
  return s.material
    ? `${lasted}; this sudden drop requires explanation.`
    : `${lasted}; this is below the material threshold and is not reported.`;
}

function includesClause(run: Scope, s: SummaryFacts): string {
  const parts = (s.includes ?? []).map(
    (d) => `${seriesLabel(d.spec, run.cfg.excludeGroups)}, down ${percent(dropOf(d))}`,
  );
  return parts.length > 0
    ? ` The fall includes ${parts.length > 1 ? `${parts.slice(0, -1).join('; ')}; and ${parts.at(-1)}` : parts[0]}` +
        ' over the same months; each was tested and is listed in the evidence (covers).'
    : '';
}

function explainsClause(run: Scope, s: SummaryFacts): string {
  return (s.explains ?? [])
    .map(
      (p) =>
        ` Over the same months ${seriesLabel(p.spec, run.cfg.excludeGroups)} fell ${percent(dropOf(p))} ` +
        `(${fmt(Math.round(p.shortfall))} crimes short), mostly through this fall; it was tested and is listed in the evidence (explains).`,
    )
    .join('');
}

/** The summary of a series in which no downward shift was located. */
export function noShiftSummary(run: Scope, spec: SeriesSpec, force: string): string {
  return `No downward level shift against peer forces was located in ${seriesLabel(
    spec,
    run.cfg.excludeGroups,
  )} for ${forceName(force)}; nothing to explain.`;
}
