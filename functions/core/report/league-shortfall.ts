/**
 * How many of a target's crimes a finding says are missing from the force's figures in the target's
 * assessment window, month by month, read only from what the finding's evidence quantifies:
 *  - a sudden drop: expected − observed for each month of its tested window and of the lower level
 *    the check found after it (`evidence.lower_level`), where `evidence.series` gives both;
 *  - reclassification of a target offence to one outside the target: the serious crimes short of
 *    expectation (`evidence.series`, the serious side; the record-level check's series counts the
 *    downgrades themselves, so there it is downgrades − expected downgrades). Crimes moved between
 *    two of the target's offences leave its total unchanged and add nothing;
 *  - a no-crime spike: cancellations beyond the expected ones (`evidence.window_months`); for a
 *    finding about all offences, only the excess its components put in the target's groups, and
 *    only when the whole window lies in the assessment window (they are totals over the window);
 *  - a run of zeros: the trailing mean for each zero month.
 * Anything else (a missing month, a duplicate row, a count the evidence leaves unsized) adds nothing,
 * and the reading says why. Only months of the finding's own period count (and, for a drop, of its
 * lower level), and only those in the assessment window.
 */
import type { CrimeTarget } from '../detection/targets.ts';
import type { Finding } from '../model/findings.ts';
import { lookupOffence } from '../reference/offence-reference.ts';

export type ShortfallFinding = Pick<
  Finding,
  | 'finding_id'
  | 'signature'
  | 'check_id'
  | 'period_start'
  | 'period_end'
  | 'offence_group'
  | 'offence_code'
  | 'related_offence_code'
  | 'evidence'
>;

export interface ShortfallReading {
  /** Crimes per month of the assessment window (may be negative in a month; the caller totals). */
  months: Map<string, number>;
  /** Why the finding adds what it adds (or nothing). */
  note: string;
}

type Json = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const list = (v: unknown): Json[] =>
  Array.isArray(v) ? v.filter((x): x is Json => typeof x === 'object' && x !== null) : [];

/** True when every crime of the offence (a code, else a group; neither: all offences) is the target's. */
export function targetHolds(target: CrimeTarget, code: string | null, group: string | null): boolean {
  if (target.offence_codes.length > 0) return code !== null && target.offence_codes.includes(code);
  if (target.offence_groups.length === 0) return true;
  const g = code !== null ? (lookupOffence(code)?.group ?? group) : group;
  return g !== null && target.offence_groups.includes(g);
}

function none(note: string): ShortfallReading {
  return { months: new Map(), note };
}

function fromSeries(
  series: Json[],
  keep: (period: string) => boolean,
  gap: (s: Json) => number | null,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of series) {
    const period = typeof s.period === 'string' ? s.period : null;
    const g = gap(s);
    if (period !== null && g !== null && keep(period)) out.set(period, (out.get(period) ?? 0) + g);
  }
  return out;
}

function reading(months: Map<string, number>, what: string): ShortfallReading {
  if (months.size === 0)
    return none('none of its months with a measured shortfall lies in the assessment window');
  return { months, note: what };
}

/** The finding that accounts for this one (`evidence.explained_by`), if the evidence names one. */
export function explainedBy(f: Pick<Finding, 'evidence'>): string | null {
  try {
    const e = JSON.parse(f.evidence) as Json;
    const by = typeof e.explained_by === 'object' && e.explained_by !== null ? (e.explained_by as Json) : {};
    return typeof by.finding_id === 'string' ? by.finding_id : null;
  } catch {
    return null;
  }
}

export function findingShortfall(
  f: ShortfallFinding,
  target: CrimeTarget,
  assessment: ReadonlySet<string>,
): ShortfallReading {
  let evidence: Json;
  try {
    evidence = JSON.parse(f.evidence) as Json;
  } catch {
    return none('its evidence could not be read');
  }
  const keep = (m: string) => assessment.has(m) && m >= f.period_start && m <= f.period_end;
  const held = targetHolds(target, f.offence_code, f.offence_group);
  const series = list(evidence.series);
  const scope = f.offence_code ?? f.offence_group ?? 'all offences';
  const wider = `it is about ${scope}, wider than the target's offences, and its evidence does not say how much of that is the target's`;

  if (f.signature === 'sudden_drop') {
    if (!held) return none(wider);
    const lower =
      typeof evidence.lower_level === 'object' && evidence.lower_level !== null
        ? (evidence.lower_level as Json)
        : {};
    // The lower level counts only as the continuation of the finding's own drop: from its period on.
    const to = typeof lower.end === 'string' && lower.end > f.period_end ? lower.end : f.period_end;
    const keepLower = (m: string) => assessment.has(m) && m >= f.period_start && m <= to;
    const gaps = fromSeries(series, keepLower, (s) => {
      const e = num(s.expected);
      const v = num(s.value);
      return e === null || v === null ? null : e - v;
    });
    const beyond = [...gaps.keys()].filter((m) => m > f.period_end).length;
    return reading(
      gaps,
      `expected − recorded in its months${beyond > 0 ? ` (${beyond} after its tested window, while the lower level lasted)` : ''}`,
    );
  }

  if (f.signature === 'reclassification') {
    if (!held) return none(wider);
    const family =
      typeof evidence.family === 'object' && evidence.family !== null ? (evidence.family as Json) : {};
    const lesser = Array.isArray(family.lesser_codes)
      ? family.lesser_codes.filter((c): c is string => typeof c === 'string')
      : f.related_offence_code !== null
        ? [f.related_offence_code]
        : [];
    if (lesser.length === 0) return none('its evidence does not say where the crimes went');
    if (lesser.every((c) => targetHolds(target, c, null)))
      return none(
        `the crimes moved to ${lesser.join(', ')}, also the target's offences: its total is unchanged`,
      );
    const downgrades = f.check_id === 'reclassification.record_level';
    const gaps = fromSeries(series, keep, (s) => {
      const e = num(s.expected);
      const v = num(s.value);
      if (e === null || v === null) return null;
      return downgrades ? v - e : e - v;
    });
    if (gaps.size === 0 && series.length > 0 && series.every((s) => num(s.expected) === null))
      return none('its evidence gives no expected count per month');
    return reading(
      gaps,
      downgrades ? 'downgrades beyond the expected ones' : 'serious crimes short of expectation',
    );
  }

  if (f.signature === 'no_crime_spike') return noCrimeShortfall(f, target, evidence, keep, held, wider);

  if (f.check_id === 'dq.zero_run') {
    if (!held) return none(wider);
    const mean = num(evidence.trailing_mean);
    if (mean === null) return none('its evidence gives no trailing mean');
    return reading(
      fromSeries(series, keep, (s) => (num(s.value) === 0 ? mean : null)),
      'the trailing mean for each month returned as 0',
    );
  }
  return none('its evidence does not size missing crimes');
}

function noCrimeShortfall(
  f: ShortfallFinding,
  target: CrimeTarget,
  evidence: Json,
  keep: (m: string) => boolean,
  held: boolean,
  wider: string,
): ShortfallReading {
  const window = list(evidence.window_months);
  const excess = (s: Json) => {
    const c = num(s.cancelled);
    const e = num(s.expected_cancelled);
    return c === null || e === null ? null : c - e;
  };
  if (held) return reading(fromSeries(window, keep, excess), 'cancellations beyond the expected ones');
  const components = list(evidence.components);
  const periods = window.map((w) => w.period).filter((p): p is string => typeof p === 'string');
  if (components.length === 0 || periods.length === 0) return none(wider);
  if (!periods.some(keep)) return none('none of its months lies in the assessment window');
  if (!periods.every(keep))
    return none(
      `it is about ${f.offence_group ?? 'all offences'}, and its split by offence group covers months outside the assessment window`,
    );
  const share = components
    .filter((c) =>
      targetHolds(
        target,
        typeof c.offence_code === 'string' ? c.offence_code : null,
        String(c.offence_group),
      ),
    )
    .reduce((sum, c) => sum + (num(c.excess) ?? 0), 0);
  // The components are totals over the window: spread evenly, so that overlapping findings compare by month.
  const months = new Map(periods.map((p) => [p, share / periods.length]));
  return { months, note: "the excess cancellations its components put in the target's groups" };
}
