/**
 * One finding per drop episode, at the coarsest level that explains it (level shift rule 1.4.0).
 *
 * The level-shift check tests the force total, each offence group and each large code, so one real
 * fall (a force's violence recording falling 20% from April) used to come out as the group and each
 * of its large codes — and the total too when the group is big enough — three findings of one event.
 * As in no-crime's "coarsest level" rule (no-crime/gates.ts), a code is reported inside its group and
 * a group inside the force total when:
 *
 * - Same episode. The two shifts are of the same force and grain, their changes are at most
 *   `changeToleranceMonths` apart (2 months: PELT places the same step in a code, which is a noisier
 *   series, a month or two from where it places it in the group; two falls a quarter or more apart
 *   are not one step), and their post windows — the finding periods — overlap. (The windows start at
 *   the changes and run at least a minimum segment, 3 months, so the first condition implies the
 *   second; the second is kept so the rule reads as what it guarantees.)
 * - The parent would be reported whenever the child would. The parent passes the material gate and
 *   p_parent ≤ p_child. Benjamini–Hochberg q-values are monotone in p within the family the engine
 *   gates (every draft of the signature in the run), so q_parent ≤ q_child: a covered child that
 *   would have passed BH has a parent that passes too, and a child whose parent is not material, or
 *   less significant, stays reported. Coverage is transitive (code → group → total) only through
 *   parents that satisfy the same condition, so p only falls along the chain.
 * - The child does not stand out. It stands out — and is reported on its own — when its drop is
 *   clearly larger than the parent's: drop_child > standOutDropRatio × drop_parent (drop = 1 − RR of
 *   the primary peer DiD) AND (ln RR_child − ln RR_parent)/SE_child ≤ −standOutZ. The ratio is of the
 *   drops (the missing share), not of the rate ratios as for no-crime's rises: a code down 25% in a
 *   group down 12% has RR 0.75 against 0.88, a rate-ratio ratio of only 1.17, yet its shortfall is
 *   twice the group's. The z part (SE_child = the child's quasi-Poisson DiD SE, as no-crime uses the
 *   child's SE) keeps noise in a smaller series from making it "stand out": a code is part of its
 *   parent, so its difference from the parent has at most the child's own sampling error.
 *
 * Covered children stay drafts with their p-values (BH still counts every test) but with
 * material = false and `covered_by` naming the parent; the parent lists what it covers. Nothing
 * reportable is lost: each covered drop is in the reported parent's evidence.
 *
 * The other way round (level shift rule 1.5.0): a parent that covers nothing is reported inside one
 * finer drop that explains it — a force total that fell because its theft fell, when the theft drop
 * is the more significant (so the rule above keeps it reported) — when they are the same episode,
 * the child is material and reported (not itself covered), p_child ≤ p_parent (the same BH argument,
 * with the roles swapped), and the child's shortfall in crimes is at least `explainedShare` of the
 * parent's. The child's finding lists the parent in `explains`; the parent names the child. Of
 * several such children, the one with the largest shortfall explains.
 */
import type { CoarsestLevelRule } from './config.ts';
import type { SeriesSpec } from './panel.ts';

export type { CoarsestLevelRule };

/** One tested downward shift, as the coverage rule sees it. */
export interface TestedShift {
  spec: SeriesSpec;
  force: string;
  /** Period positions on the panel axis: the change and the post window [first, last]. */
  change: number;
  postWindow: readonly [number, number];
  /** The primary peer DiD: ln RR and its (uncalibrated, quasi-Poisson) SE. */
  logRateRatio: number;
  se: number;
  /** The finding's p-value (after the intersection–union step when there is one). */
  pValue: number;
  /** Passed the material gate. */
  material: boolean;
  /** Crimes missing in the post window against the force's own trend relative to its peers (expected − observed). */
  shortfall: number;
  /** Set by applyCoarsestLevel: the parent whose finding reports this drop. */
  coveredBy: TestedShift | null;
  /** Set by applyCoarsestLevel: the shifts this one's finding reports (direct children). */
  covers: TestedShift[];
  /** Set by applyCoarsestLevel: coarser shifts reported in this one's finding because it explains them. */
  explains: TestedShift[];
}

export function dropOf(s: Pick<TestedShift, 'logRateRatio'>): number {
  return 1 - Math.exp(s.logRateRatio);
}

/** The series a shift's drop would be reported within: code → its group, group → the total. */
function parentIds(spec: SeriesSpec): string[] {
  if (spec.level === 'code') return [`group:${spec.offence_group}`, 'total'];
  if (spec.level === 'group') return ['total'];
  return [];
}

/** The child's drop is clearly larger than the parent's (see the header). */
export function standsOut(child: TestedShift, parent: TestedShift, rule: CoarsestLevelRule): boolean {
  const larger = dropOf(child) > rule.standOutDropRatio * dropOf(parent);
  const z = child.se > 0 ? (child.logRateRatio - parent.logRateRatio) / child.se : Number.NEGATIVE_INFINITY;
  return larger && z <= -rule.standOutZ;
}

/** Same force and episode: changes within the tolerance and post windows that overlap. */
export function sameEpisode(a: TestedShift, b: TestedShift, tolerancePeriods: number): boolean {
  return (
    a.force === b.force &&
    Math.abs(a.change - b.change) <= tolerancePeriods &&
    a.postWindow[0] <= b.postWindow[1] &&
    b.postWindow[0] <= a.postWindow[1]
  );
}

/** The parent may report the child's drop in its stead. */
export function covers(
  parent: TestedShift,
  child: TestedShift,
  rule: CoarsestLevelRule,
  tolerancePeriods: number,
): boolean {
  return (
    parent.material &&
    parent.pValue <= child.pValue &&
    sameEpisode(parent, child, tolerancePeriods) &&
    !standsOut(child, parent, rule)
  );
}

/**
 * Sets coveredBy / covers on the shifts of one panel (one grain). A code's parent is its group's
 * shift; only when the group series was not tested at all for the force does the total take its
 * place (no-crime does the same). Of several qualifying parent shifts, the one whose change is
 * nearest, then the smallest p, covers.
 */
export function applyCoarsestLevel(
  shifts: readonly TestedShift[],
  rule: CoarsestLevelRule,
  monthsPerPeriod: number,
  testedSeries: (seriesId: string, force: string) => boolean,
): void {
  const tolerance = Math.floor(rule.changeToleranceMonths / monthsPerPeriod);
  const bySeries = new Map<string, TestedShift[]>();
  for (const s of shifts) {
    const key = `${s.force}|${s.spec.id}`;
    const list = bySeries.get(key);
    if (list) list.push(s);
    else bySeries.set(key, [s]);
  }
  for (const child of shifts) {
    if (!child.material) continue;
    for (const id of parentIds(child.spec)) {
      const candidates = (bySeries.get(`${child.force}|${id}`) ?? []).filter((p) =>
        covers(p, child, rule, tolerance),
      );
      if (candidates.length > 0) {
        candidates.sort(
          (a, b) =>
            Math.abs(a.change - child.change) - Math.abs(b.change - child.change) || a.pValue - b.pValue,
        );
        const parent = candidates[0]!;
        child.coveredBy = parent;
        parent.covers.push(child);
        break;
      }
      // The nearer parent was tested: whether or not it covers, the drop is judged against it.
      if (testedSeries(id, child.force)) break;
    }
  }
  explainParents(shifts, rule, tolerance);
}

/** The finer drop that explains a parent's, if any (see the header; after the downward pass). */
export function explainedBy(
  parent: TestedShift,
  child: TestedShift,
  rule: CoarsestLevelRule,
  tolerancePeriods: number,
): boolean {
  // A code that already explains its own group may go on to explain the total (rule 2.0.0): the
  // code, its group and the total are then one finding, as when a code's series vanishes.
  const explainsOnlyItsGroup =
    child.spec.level === 'code' &&
    parent.spec.level === 'total' &&
    child.explains.every((p) => p.spec.level === 'group' && parentIds(child.spec).includes(p.spec.id));
  return (
    child.material &&
    child.coveredBy === null &&
    (child.explains.length === 0 || explainsOnlyItsGroup) &&
    child.pValue <= parent.pValue &&
    parent.shortfall > 0 &&
    child.shortfall >= rule.explainedShare * parent.shortfall &&
    sameEpisode(parent, child, tolerancePeriods)
  );
}

/**
 * Groups first (explained by a code), then the force total (explained by a group, or by the code that
 * already explains its group), so that a group that is itself reported inside a code's finding cannot
 * also report the total.
 */
function explainParents(shifts: readonly TestedShift[], rule: CoarsestLevelRule, tolerance: number): void {
  for (const level of ['group', 'total'] as const) {
    for (const parent of shifts) {
      if (parent.spec.level !== level || !parent.material) continue;
      if (parent.coveredBy !== null || parent.covers.length > 0 || parent.explains.length > 0) continue;
      const children = shifts.filter(
        (c) =>
          c.force === parent.force &&
          parentIds(c.spec).includes(parent.spec.id) &&
          (level === 'total' ? c.spec.level === 'group' || c.explains.length > 0 : true) &&
          explainedBy(parent, c, rule, tolerance),
      );
      if (children.length === 0) continue;
      children.sort((a, b) => b.shortfall - a.shortfall || a.pValue - b.pValue);
      const child = children[0]!;
      parent.coveredBy = child;
      child.explains.push(parent);
    }
  }
}

/** The finding that reports a covered shift's drop: follows coveredBy to the top. */
export function reportedBy(s: TestedShift): TestedShift {
  let top = s;
  while (top.coveredBy !== null) top = top.coveredBy;
  return top;
}

/** Every shift reported inside this one's finding, directly or through a covered intermediate. */
export function coveredDescendants(s: TestedShift): Array<{ shift: TestedShift; via: TestedShift | null }> {
  const out: Array<{ shift: TestedShift; via: TestedShift | null }> = [];
  for (const c of s.covers) {
    out.push({ shift: c, via: null });
    for (const d of coveredDescendants(c)) out.push({ shift: d.shift, via: d.via ?? c });
  }
  return out;
}
