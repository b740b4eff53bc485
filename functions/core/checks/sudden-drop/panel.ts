/**
 * The sudden-drop checks' view of the returns: for one grain, every force's count of each series
 * (the force total, each offence group, and — at code level — each offence code) as a dense vector
 * over one contiguous period axis, NaN where the force has no usable count.
 *
 * Series are built with the shared national/peer machinery (detection/national.ts), so a force that
 * sent offence codes is aggregated to groups by the same rules every check uses. The force total is
 * the sum of its offence groups. Groups the configuration excludes (fraud, see config.ts) are left
 * out everywhere, and so are codes the reference table does not know (their group is unknown).
 */
import { forceSeries, seriesKeys } from '#core/detection/national.ts';
import { UNKNOWN_OFFENCE_GROUP } from '#core/reference/offence-reference.ts';
import { expectedPeriods, type Grain } from '#core/series/periods.ts';
import { cmp } from '#core/series/streams.ts';
import type { AuditContext } from '../audit-context.ts';

export type SeriesLevel = 'total' | 'group' | 'code';

export interface SeriesSpec {
  /** `total`, `group:<name>` or `code:<code>`. */
  id: string;
  level: SeriesLevel;
  offence_group: string | null;
  offence_subgroup: string | null;
  offence_code: string | null;
  /** The offence groups the series is made of (for targets and known breaks). */
  groups: readonly string[];
}

export interface Panel {
  grain: Grain;
  /** Contiguous period starts from the first to the last period any force reported at this grain. */
  periods: readonly string[];
  /** Forces with at least one usable count at this grain, sorted. */
  forces: readonly string[];
  /** Series in a stable order: the total, the groups, then codes. */
  specs: readonly SeriesSpec[];
  /** spec id → force → counts by period position (NaN = no usable count). */
  values: ReadonlyMap<string, ReadonlyMap<string, Float64Array>>;
}

export const TOTAL_ID = 'total';

export interface PanelOptions {
  /** Groups left out altogether: no group series, not in the total, none of their codes. */
  excludeGroups: readonly string[];
  /** Include code series for which `wantCode(mean per period by force)` is true (default none). */
  wantCode?: (code: string, group: string, meanByForce: ReadonlyMap<string, number>) => boolean;
}

/** The grains present in the rows, monthly first. */
export function grainsOf(ctx: AuditContext): Grain[] {
  const present = new Set(ctx.streams.map((s) => s.grain));
  return (['month', 'quarter'] as const).filter((g) => present.has(g));
}

export function buildPanel(ctx: AuditContext, grain: Grain, opts: PanelOptions): Panel | null {
  const excluded = new Set(opts.excludeGroups);
  const groupNames = seriesKeys(ctx.national, { level: 'group', grain }).filter(
    (k) => k !== '*' && k !== UNKNOWN_OFFENCE_GROUP && !excluded.has(k),
  );
  if (groupNames.length === 0) return null;
  const forces = [...new Set(ctx.streams.filter((s) => s.grain === grain).map((s) => s.force_code))].sort(
    cmp,
  );

  // The period axis: every period any force reported any group in.
  const seen = new Set<string>();
  const groupMaps = new Map<string, Map<string, Map<string, number>>>();
  for (const g of groupNames) {
    const byForce = new Map<string, Map<string, number>>();
    for (const f of forces) {
      const m = forceSeries(ctx.national, f, { level: 'group', grain, key: g });
      if (m.size === 0) continue;
      byForce.set(f, m);
      for (const p of m.keys()) seen.add(p);
    }
    groupMaps.set(g, byForce);
  }
  const sorted = [...seen].sort(cmp);
  if (sorted.length === 0) return null;
  const periods = expectedPeriods(sorted[0]!, sorted[sorted.length - 1]!, grain);
  const pos = new Map(periods.map((p, i) => [p, i]));
  const n = periods.length;
  const toVector = (m: ReadonlyMap<string, number>): Float64Array => {
    const v = new Float64Array(n).fill(Number.NaN);
    for (const [p, x] of m) {
      const i = pos.get(p);
      if (i !== undefined) v[i] = x;
    }
    return v;
  };

  const values = new Map<string, Map<string, Float64Array>>();
  const specs: SeriesSpec[] = [];
  addGroups(groupNames, groupMaps, n, toVector, values, specs);
  if (opts.wantCode) addCodes(ctx, grain, forces, toVector, values, specs, opts.wantCode, excluded);
  return { grain, periods, forces, specs, values };
}

/** Each group's series and the force total (the sum of its groups), total first in `specs`. */
function addGroups(
  groupNames: readonly string[],
  groupMaps: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, number>>>,
  n: number,
  toVector: (m: ReadonlyMap<string, number>) => Float64Array,
  values: Map<string, Map<string, Float64Array>>,
  specs: SeriesSpec[],
): void {
  const totals = new Map<string, Float64Array>();
  for (const g of groupNames) {
    const byForce = new Map<string, Float64Array>();
    for (const [f, m] of groupMaps.get(g)!) {
      const v = toVector(m);
      byForce.set(f, v);
      let t = totals.get(f);
      if (!t) {
        t = new Float64Array(n).fill(Number.NaN);
        totals.set(f, t);
      }
      for (let i = 0; i < n; i++) {
        const x = v[i]!;
        if (!Number.isNaN(x)) t[i] = Number.isNaN(t[i]!) ? x : t[i]! + x;
      }
    }
    values.set(`group:${g}`, byForce);
  }
  if (totals.size > 0) {
    values.set(TOTAL_ID, totals);
    specs.push({
      id: TOTAL_ID,
      level: 'total',
      offence_group: null,
      offence_subgroup: null,
      offence_code: null,
      groups: groupNames,
    });
  }
  for (const g of groupNames) {
    specs.push({
      id: `group:${g}`,
      level: 'group',
      offence_group: g,
      offence_subgroup: null,
      offence_code: null,
      groups: [g],
    });
  }
}

function addCodes(
  ctx: AuditContext,
  grain: Grain,
  forces: readonly string[],
  toVector: (m: ReadonlyMap<string, number>) => Float64Array,
  values: Map<string, Map<string, Float64Array>>,
  specs: SeriesSpec[],
  wantCode: NonNullable<PanelOptions['wantCode']>,
  excluded: ReadonlySet<string>,
): void {
  const codes = seriesKeys(ctx.national, { level: 'code', grain }).filter((k) => k !== '*');
  if (codes.length === 0) return;
  const meta = new Map<string, { group: string; subgroup: string | null }>();
  for (const s of ctx.streams) {
    if (s.grain !== grain || s.level !== 'code') continue;
    for (const series of s.series.values()) {
      if (!meta.has(series.key))
        meta.set(series.key, { group: series.offence_group, subgroup: series.offence_subgroup });
    }
  }
  for (const code of codes) {
    const m = meta.get(code);
    if (!m || m.group === UNKNOWN_OFFENCE_GROUP || excluded.has(m.group)) continue;
    const byForce = new Map<string, Float64Array>();
    const means = new Map<string, number>();
    for (const f of forces) {
      const s = forceSeries(ctx.national, f, { level: 'code', grain, key: code });
      if (s.size === 0) continue;
      let total = 0;
      for (const x of s.values()) total += x;
      means.set(f, total / s.size);
      byForce.set(f, toVector(s));
    }
    if (!wantCode(code, m.group, means)) continue;
    values.set(`code:${code}`, byForce);
    specs.push({
      id: `code:${code}`,
      level: 'code',
      offence_group: m.group,
      offence_subgroup: m.subgroup,
      offence_code: code,
      groups: [m.group],
    });
  }
}
