/**
 * sudden_drop.period_end_dip — recorded crime dipping in the last month of the financial year
 * (METHODS §4 3C; timing gaming at deadlines: Oyer 1998 QJE 113:149, Courty & Marschke 2004 JOLE
 * 22:23). Monthly returns only: a quarterly table cannot show March on its own.
 *
 * Per force × offence group, the residual of each month on the log scale against the rest of the
 * country, r_t = ln(y_t + ½) − ln(N_t + ½) with N_t the same group summed over every other force that
 * reported every month, removes seasonality, calendar length, Easter and national shocks. The
 * contrast per financial year is
 *
 *   d = r_March − (r_February + r_April)/2,   Var d ≈ φ̂ Σ 1/(y + ½) + Σ 1/(N + ½),
 *
 * with φ̂ the force's difference-based quasi-Poisson dispersion against N (dispersion.ts: large
 * forces are over-dispersed, and without φ̂ their contrasts look far more precise than they are).
 * The contrast also cancels the force's own level and trend. D_f = mean over the years but the one
 * with the lowest d when there are at least `trimFromYears` (3) of them (rule 1.1.0: a dip in one
 * year is year_end_dip's one-off, and must not make a recurring finding of the same event; with two
 * years year_end_dip, which needs three, does not test, and nothing is left out); Var D_f = Σ Var d / K² over those K years. The trim biases
 * every force's D upwards by a similar amount, which the median centre takes out.
 * D is calibrated across forces: z = (D_f − median D)/√(Var D_f + τ̂²) with the robust τ̂² of
 * stats/robust-tau2.ts, one-sided p = Φ(z) (a dip). Years whose February–May months fall in a
 * temporary national shock (COVID-19) are left out, as the level-shift check leaves them out.
 *
 * Deferral (crimes of March recorded in April instead) shows as a March deficit with an April
 * excess, both measured against the mean of February and May and centred on the national medians;
 * the evidence reports both, and the summary notes deferral when April's excess makes up at least a
 * quarter of March's deficit.
 *
 * Gate: a dip of at least 5% against the national pattern and at least 10 crimes a March; below it
 * the draft is emitted with `material = false`.
 */
import { seriousnessWeight, severityOf } from '#core/detection/seriousness.ts';
import { type NearTarget, nearTargets } from '#core/detection/targets.ts';
import type { Evidence, Severity } from '#core/model/findings.ts';
import { addMonths, calendarMonth } from '#core/series/months.ts';
import { median } from '#core/stats/descriptive.ts';
import { calibratedZ } from '#core/stats/log-odds-ratio.ts';
import { robustTau2 } from '#core/stats/robust-tau2.ts';
import { round } from '#core/stats/rounding.ts';
import { withRunBreaks } from '../annotated-breaks.ts';
import { type AuditContext, auditContext } from '../audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { parametersOf } from '../parameters.ts';
import { capitalise, fmt, forceName, percent, targetClause } from '../wording.ts';
import { explains, touches } from './baseline-mask.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG, type SuddenDropConfig } from './config.ts';
import { targetEvidence } from './context.ts';
import { differenceDispersion } from './dispersion.ts';
import { buildPanel, type Panel, type SeriesSpec } from './panel.ts';
import { seriesLabel } from './wording.ts';

export const PERIOD_END_DIP_CHECK_ID = 'sudden_drop.period_end_dip';
export const PERIOD_END_DIP_RULE_VERSION = '1.1.0';

const METHOD =
  'recurring financial-year-end dip: mean over years (the lowest left out) of r(March) − [r(February) + r(April)]/2, r = log count ' +
  'relative to the other forces, calibrated across forces (median centre, robust τ²)';
const REFERENCE =
  'METHODS.md §4 3C; Oyer 1998 QJE 113:149; Courty & Marschke 2004 JOLE 22:23; Paule & Mandel 1982 J Res NBS 87:377';
const FORMULA =
  'r_t = ln(y_t + ½) − ln(N_t + ½); d_k = r_Mar − (r_Feb + r_Apr)/2; Var d_k = φ̂{1/(y_Mar+½) + [1/(y_Feb+½) + ' +
  '1/(y_Apr+½)]/4} + the same for N without φ̂; D = mean d_k over the years but the lowest; Var D = Σ Var d_k / K²; z = (D − m)/√(Var D + τ̂²); p = Φ(z)';

interface YearContrast {
  /** The financial year's March (YYYY-03). */
  march: string;
  counts: { feb: number; mar: number; apr: number; may: number | null };
  national: { feb: number; mar: number; apr: number; may: number | null };
  d: number;
  variance: number;
  /** r_Mar − (r_Feb + r_May)/2 and r_Apr − (r_Feb + r_May)/2, when May is there. */
  marchDeficit: number | null;
  aprilExcess: number | null;
}

interface ForceContrast {
  force: string;
  /** Difference-based quasi-Poisson dispersion of the force's months against the national series. */
  phi: number;
  /** The years the contrast averages: every usable year but the one with the lowest d. */
  years: YearContrast[];
  /** The year with the lowest d, left out so that one year's dip cannot make a recurring one. */
  leftOut: YearContrast | null;
  D: number;
  variance: number;
  deficit: number | null;
  excess: number | null;
}

export function createPeriodEndDipCheck(config: SuddenDropConfig = DEFAULT_SUDDEN_DROP_CONFIG): Check {
  return {
    id: PERIOD_END_DIP_CHECK_ID,
    signature: 'sudden_drop',
    ruleVersion: PERIOD_END_DIP_RULE_VERSION,
    description:
      'Recorded crime dipping in March, the last month of the financial year, more than elsewhere (monthly returns).',
    run(input: AuditInput, ctx: AuditContext): CheckDraft[] {
      return periodEndDipDrafts(input, withRunBreaks(config, input), ctx);
    },
  };
}

export const periodEndDipCheck: Check = createPeriodEndDipCheck();

export function periodEndDipDrafts(
  input: AuditInput,
  cfg: SuddenDropConfig,
  ctx: AuditContext = auditContext(input),
): CheckDraft[] {
  const panel = buildPanel(ctx, 'month', { excludeGroups: cfg.excludeGroups });
  if (!panel) return [];
  const audited = new Set(input.forces);
  const out: CheckDraft[] = [];
  for (const spec of panel.specs) {
    if (spec.level !== 'group') continue;
    const contrasts = contrastsFor(panel, spec, cfg);
    if (contrasts.length < cfg.periodEndDip.minForces) continue;
    const tau = robustTau2(
      contrasts.map((c) => c.D),
      contrasts.map((c) => Math.sqrt(c.variance)),
    );
    const deficits = contrasts.flatMap((c) => (c.deficit === null ? [] : [c.deficit]));
    const excesses = contrasts.flatMap((c) => (c.excess === null ? [] : [c.excess]));
    const centres = {
      deficit: deficits.length > 0 ? median(deficits) : 0,
      excess: excesses.length > 0 ? median(excesses) : 0,
    };
    for (const c of contrasts) {
      if (!audited.has(c.force)) continue;
      out.push(draftFor(cfg, spec, c, contrasts, tau, centres));
    }
  }
  return out;
}

/** Every force's contrast for one group (forces with fewer than `minYears` usable years left out). */
function contrastsFor(panel: Panel, spec: SeriesSpec, cfg: SuddenDropConfig): ForceContrast[] {
  const byForce = panel.values.get(spec.id)!;
  const n = panel.periods.length;
  // Reference forces: complete over the whole axis, so that the national sum has no false dips.
  const complete = [...byForce.entries()].filter(([, v]) => v.every((x) => !Number.isNaN(x)));
  const sum = new Float64Array(n);
  for (const [, v] of complete) for (let t = 0; t < n; t++) sum[t] = sum[t]! + v[t]!;
  const completeSet = new Set(complete.map(([f]) => f));
  const pos = new Map(panel.periods.map((p, i) => [p, i]));
  const out: ForceContrast[] = [];
  for (const [force, y] of byForce) {
    // Marches touching a national shock or the force's own annotated break are left out of its
    // average (baseline-mask.ts says why).
    const shocks = cfg.knownBreaks.filter(
      (b) =>
        (b.kind === 'national_shock' && b.force_code === null && b.end !== null && touches(b, spec)) ||
        explains(b, spec, force),
    );
    const national = (t: number): number => sum[t]! - (completeSet.has(force) ? y[t]! : 0);
    const usable = panel.periods.flatMap((_, t) => (!Number.isNaN(y[t]!) && national(t) > 0 ? [t] : []));
    const phi = differenceDispersion(
      usable.map((t) => y[t]!),
      usable.map((t) => national(t)),
    );
    const years: YearContrast[] = [];
    for (const [t, p] of panel.periods.entries()) {
      if (calendarMonth(p) !== 3) continue;
      const tFeb = pos.get(addMonths(p, -1));
      const tApr = pos.get(addMonths(p, 1));
      const tMay = pos.get(addMonths(p, 2));
      if (tFeb === undefined || tApr === undefined) continue;
      if (shocks.some((b) => addMonths(p, -1) <= b.end! && b.start <= addMonths(p, 2))) continue;
      const ok = (i: number | undefined): i is number =>
        i !== undefined && !Number.isNaN(y[i]!) && national(i) > 0;
      if (!ok(tFeb) || !ok(t) || !ok(tApr)) continue;
      const r = (i: number): number => Math.log(y[i]! + 0.5) - Math.log(national(i) + 0.5);
      const v = (i: number): number => phi / (y[i]! + 0.5) + 1 / (national(i) + 0.5);
      const hasMay = ok(tMay);
      const base = hasMay ? (r(tFeb) + r(tMay)) / 2 : null;
      years.push({
        march: p,
        counts: { feb: y[tFeb]!, mar: y[t]!, apr: y[tApr]!, may: hasMay ? y[tMay]! : null },
        national: {
          feb: national(tFeb),
          mar: national(t),
          apr: national(tApr),
          may: hasMay ? national(tMay) : null,
        },
        d: r(t) - (r(tFeb) + r(tApr)) / 2,
        variance: v(t) + (v(tFeb) + v(tApr)) / 4,
        marchDeficit: base === null ? null : r(t) - base,
        aprilExcess: base === null ? null : r(tApr) - base,
      });
    }
    if (years.length < cfg.periodEndDip.minYears) continue;
    // A recurring dip must show without its worst year: that year alone is year_end_dip's one-off.
    const worst = years.reduce((a, b) => (b.d < a.d ? b : a));
    const leftOut = years.length >= cfg.periodEndDip.trimFromYears ? worst : null;
    const kept = years.filter((yr) => yr !== leftOut);
    const k = kept.length;
    const withMay = kept.filter((yr) => yr.marchDeficit !== null);
    out.push({
      force,
      phi,
      years: kept,
      leftOut,
      D: kept.reduce((s, yr) => s + yr.d, 0) / k,
      variance: kept.reduce((s, yr) => s + yr.variance, 0) / (k * k),
      deficit:
        withMay.length > 0 ? withMay.reduce((s, yr) => s + yr.marchDeficit!, 0) / withMay.length : null,
      excess: withMay.length > 0 ? withMay.reduce((s, yr) => s + yr.aprilExcess!, 0) / withMay.length : null,
    });
  }
  return out;
}

/** What one force's contrast says: the calibrated test, the material gate, deferral and targets. */
interface DipFigures {
  z: ReturnType<typeof calibratedZ>;
  excessDip: number;
  observed: number;
  expected: number;
  years: number;
  missingPerMarch: number;
  dip: number;
  material: boolean;
  weight: number;
  severity: Severity;
  start: string;
  end: string;
  targets: NearTarget[];
  /** March's deficit and April's excess against February and May, centred on the national medians. */
  deficit: number | null;
  excess: number | null;
  deferral: boolean;
  deferredShare: number | null;
}

function dipFigures(
  cfg: SuddenDropConfig,
  spec: SeriesSpec,
  c: ForceContrast,
  tau: { tau2: number; centre: number },
  centres: { deficit: number; excess: number },
): DipFigures {
  const p = cfg.periodEndDip;
  const z = calibratedZ(c.D, c.variance, tau.centre, tau.tau2);
  const excessDip = c.D - tau.centre;
  const observed = c.years.reduce((s, yr) => s + yr.counts.mar, 0);
  const expected = c.years.reduce((s, yr) => s + yr.counts.mar * Math.exp(tau.centre - yr.d), 0);
  const k = c.years.length;
  const missingPerMarch = (expected - observed) / k;
  const dip = 1 - Math.exp(excessDip);
  const material = dip >= p.minRelativeDip && missingPerMarch >= p.minCrimesPerMarch;
  const weight = seriousnessWeight(spec.offence_group, null);
  // The shared rule (README "Severity"): the crimes missing over every March averaged, weighted.
  const severity: Severity = material
    ? severityOf({ weightedExcess: (expected - observed) * weight, relativeEffect: -dip, z: -z.z })
    : 'info';
  const start = addMonths(c.years[0]!.march, -1);
  const end = addMonths(c.years[k - 1]!.march, 1);
  const targets = nearTargets(
    cfg.targets,
    { start, end, codes: [], groups: spec.groups },
    cfg.proactiveRecording,
  );
  const deficit = c.deficit === null ? null : c.deficit - centres.deficit;
  const excess = c.excess === null ? null : c.excess - centres.excess;
  // Deferral is noted when April's excess makes up at least a quarter of March's deficit.
  const share = deficit !== null && excess !== null && deficit < 0 && excess > 0 ? excess / -deficit : null;
  return {
    z,
    excessDip,
    observed,
    expected,
    years: k,
    missingPerMarch,
    dip,
    material,
    weight,
    severity,
    start,
    end,
    targets,
    deficit,
    excess,
    deferral: share !== null && share >= p.minDeferredShare,
    deferredShare: share === null ? null : Math.min(1, share),
  };
}

function draftFor(
  cfg: SuddenDropConfig,
  spec: SeriesSpec,
  c: ForceContrast,
  all: readonly ForceContrast[],
  tau: { tau2: number; centre: number },
  centres: { deficit: number; excess: number },
): CheckDraft {
  const f = dipFigures(cfg, spec, c, tau, centres);
  return draft({
    severity: f.severity,
    force_code: c.force,
    period_start: f.start,
    period_end: f.end,
    offence_group: spec.offence_group,
    observed: f.observed,
    expected: Math.round(f.expected * 10) / 10,
    effect_size: round(f.excessDip, 6),
    p_value: Math.min(1, Math.max(0, f.z.pLower)),
    near_target: f.targets.length > 0,
    summary: dipSummary(cfg, spec, c.force, f),
    evidence: dipEvidence(cfg, c, all, tau, centres, f),
    material: f.material,
  });
}

function dipSummary(cfg: SuddenDropConfig, spec: SeriesSpec, force: string, f: DipFigures): string {
  const head =
    `${capitalise(seriesLabel(spec, cfg.excludeGroups))} in ${forceName(force)} dips in March, the last month of the ` +
    `financial year, by ${percent(f.dip)} more than the national pattern (${f.years} years, ` +
    `${fmt(Math.round(f.missingPerMarch))} fewer crimes a March than expected)`;
  const deferralNote = f.deferral
    ? ` April runs ${percent(Math.exp(f.excess!) - 1)} above the national pattern, consistent with crimes recorded in the next financial year instead.`
    : '';
  return f.material
    ? `${head}; this requires explanation.${deferralNote}${targetClause(f.targets)}`
    : `${head}; this is below the material threshold and is not reported.`;
}

function dipEvidence(
  cfg: SuddenDropConfig,
  c: ForceContrast,
  all: readonly ForceContrast[],
  tau: { tau2: number; centre: number },
  centres: { deficit: number; excess: number },
  f: DipFigures,
): Evidence {
  return {
    method: METHOD,
    reference: REFERENCE,
    formula: FORMULA,
    parameters: parametersOf(cfg.periodEndDip, { exclude_groups: cfg.excludeGroups }),
    baseline: {
      start: f.start,
      end: f.end,
      description:
        'February and April of each year (and May for the deferral contrast), against the other forces',
    },
    reference_forces: 'every other force reporting every month of the series',
    statistic_inputs: {
      years: c.years.map((yr) => ({
        march: yr.march,
        counts: yr.counts,
        national: yr.national,
        d: round(yr.d, 6),
        variance: round(yr.variance, 10),
      })),
      left_out_year: c.leftOut && {
        march: c.leftOut.march,
        counts: c.leftOut.counts,
        d: round(c.leftOut.d, 6),
        variance: round(c.leftOut.variance, 10),
      },
      dispersion_phi: round(c.phi, 6),
      D: round(c.D, 6),
      variance_D: round(c.variance, 10),
      centre_median_D: round(tau.centre, 6),
      tau2: round(tau.tau2, 8),
      z: round(f.z.z, 4),
    },
    forces_compared: all.map((o) => ({
      force: o.force,
      D: round(o.D, 5),
      se: round(Math.sqrt(o.variance), 5),
    })),
    deferral: {
      march_deficit_vs_feb_may: f.deficit === null ? null : round(f.deficit, 5),
      april_excess_vs_feb_may: f.excess === null ? null : round(f.excess, 5),
      centred_on_national_medians: { deficit: round(centres.deficit, 5), excess: round(centres.excess, 5) },
      indicated: f.deferral,
      share_deferred_estimate: f.deferredShare === null ? null : round(f.deferredShare, 3),
    },
    relative_dip: round(f.dip, 4),
    crimes_missing_per_march: round(f.missingPerMarch, 1),
    seriousness_weight: f.weight,
    near_targets: f.targets.map(targetEvidence),
    series: c.years.flatMap((yr) => [
      { period: addMonths(yr.march, -1), value: yr.counts.feb },
      {
        period: yr.march,
        value: yr.counts.mar,
        expected: round(yr.counts.mar * Math.exp(tau.centre - yr.d), 1),
      },
      { period: addMonths(yr.march, 1), value: yr.counts.apr },
    ]),
  };
}
