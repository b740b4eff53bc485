/**
 * Turns an assessed window into a check draft: whether it is reported is decided first, then the
 * summary (summary.ts), the severity and the evidence (test-evidence.ts for every draft,
 * reported-evidence.ts for the reported ones) are each written once. Drafts that are never reported
 * (below the material gate, or covered by a better window or a coarser series) still carry their
 * p-value into BH, as not material, with compact evidence.
 */
import { targetsNear } from '#core/detection/targets.ts';
import { round } from '#core/stats/rounding.ts';
import type { CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import type { TestedWindow } from './analysis.ts';
import { type Assessment, isReported } from './gates.ts';
import { severityOfRise } from './materiality.ts';
import { type ReportedContext, reportedEvidence } from './reported-evidence.ts';
import { windowSummary } from './summary.ts';
import { testEvidence } from './test-evidence.ts';

export interface DraftContext extends ReportedContext {
  /** The configuration as evidence.parameters cites it (config.ts configParameters). */
  parameters: Readonly<Record<string, unknown>>;
}

export function draftFor(a: Assessment, ctx: DraftContext): CheckDraft {
  const t = a.test;
  const s = t.series;
  const r = t.result.plugIn;
  const months = t.force.months;
  const first = months[t.windowIdx[0]!]!;
  const last = months[t.windowIdx[t.windowIdx.length - 1]!]!;
  const reported = isReported(a);
  const rate = r.n > 0 ? r.y / r.n : 0;
  const near = targetsNear(ctx.config.targets, {
    groups: s.offence_group === null ? 'all' : [s.offence_group],
    codes: s.offence_code === null ? [] : [s.offence_code],
    start: first,
    end: last,
  });
  const tested = testEvidence(a, ctx.parameters);
  return draft({
    severity: reported ? severityOfRise(t, a.expected, a.pValue) : 'info',
    force_code: t.force.force_code,
    period_start: first,
    period_end: last,
    offence_group: s.offence_group,
    offence_subgroup: s.offence_subgroup,
    offence_code: s.offence_code,
    observed: round(rate, 6),
    expected: round(r.n > 0 ? a.expected / r.n : t.fit.mu, 6),
    unit: 'rate',
    effect_size: round(r.logRatio, 6),
    p_value: clamp01(a.pValue),
    near_target: near.length > 0,
    summary: windowSummary(t, {
      reported,
      rate,
      first,
      last,
      onset: reported ? (ctx.cusum?.onset ?? null) : null,
    }),
    evidence: reported
      ? reportedEvidence(
          a,
          ctx,
          tested,
          near.map((x) => x.id),
        )
      : tested,
    material: reported,
    discriminator: discriminatorOf(t),
  });
}

/**
 * Part of the finding's identity beyond force, period and offence: the stream's level (a force may
 * send both code- and group-level months) and the window's first month (with a month missing, two
 * windows, or two blocks' windows, can cover the same months).
 */
function discriminatorOf(t: TestedWindow): string {
  return `stream:${t.force.stream.level}|block:${t.blockStart}|window:${t.windowStart}`;
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
