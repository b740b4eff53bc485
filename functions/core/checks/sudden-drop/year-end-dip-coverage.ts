/**
 * One finding per year-end dip episode, at the coarsest level that explains it: the rule of
 * coarsest.ts (level shifts) for dips. A code's dip is reported inside its group's (the force total's
 * when the group was not tested), and a group's inside the total's, when
 *
 * - they are one episode: the same force and financial year (the quarter and its March are one
 *   event, so the windows may differ);
 * - the parent would be reported whenever the child would: it passes the material gate and
 *   p_parent ≤ p_child (Benjamini–Hochberg q is monotone in p within the family);
 * - the child does not stand out: not (dip_child > standOutDropRatio × dip_parent and
 *   (ln RR_child − ln RR_parent)/SE_child ≤ −standOutZ).
 *
 * Covered dips stay drafts with their p-values (BH counts every test), not material, naming the
 * finding that reports them; the reporting finding lists them.
 *
 * The other way round: a parent not covered by anything is reported inside the finer dip, of the
 * same force and financial year, that is reported and more significant (p_child ≤ p_parent, the same
 * BH argument with the roles swapped) — of several, the one with the most missing crimes. Unlike
 * level shifts (coarsest.ts rule 1.5.0) no share of the parent's shortfall is required, and a parent
 * that covers finer dips moves with them: every dip here is one force's January–March of one year,
 * so parent and child are one episode by construction, and the report needs it once. The finding
 * that reports them lists them in `explains` (with their dips) so the total's figure is not lost.
 */
import type { CoarsestLevelRule } from './config.ts';
import type { YearEndDip } from './year-end-dip-analyse.ts';

export interface DipCoverage {
  /** The dip whose finding reports this one (followed to the top), or null when it is reported. */
  reportedBy: YearEndDip | null;
  /** Dips this finding reports (direct and through its children). */
  covers: YearEndDip[];
  /** The finer dip whose finding reports this coarser one (it explains it), or null. */
  explainedBy: YearEndDip | null;
  /** Coarser dips this finding reports because it explains them. */
  explains: YearEndDip[];
}

export function decideDipCoverage(
  dips: readonly YearEndDip[],
  rule: CoarsestLevelRule,
): Map<YearEndDip, DipCoverage> {
  const bySeries = new Map(dips.map((d) => [`${d.force}|${d.spec.id}`, d]));
  const parentOf = new Map<YearEndDip, YearEndDip>();
  for (const d of dips) {
    const parent = parentFor(d, bySeries);
    if (parent && covers(parent, d, rule)) parentOf.set(d, parent);
  }
  const out = new Map<YearEndDip, DipCoverage>();
  for (const d of dips) out.set(d, { reportedBy: null, covers: [], explainedBy: null, explains: [] });
  for (const [child, direct] of parentOf) {
    let top = direct;
    while (parentOf.has(top)) top = parentOf.get(top)!;
    out.get(child)!.reportedBy = top;
    out.get(top)!.covers.push(child);
  }
  applyExplains(dips, out);
  return out;
}

/** Parents covering nothing, reported inside the finer reported dip that explains them. */
function applyExplains(dips: readonly YearEndDip[], out: Map<YearEndDip, DipCoverage>): void {
  for (const parent of dips) {
    const pc = out.get(parent)!;
    if (parent.spec.level === 'code' || pc.reportedBy !== null || !parent.gatePassed) continue;
    const candidates = dips.filter((c) => {
      const cc = out.get(c)!;
      return (
        c.force === parent.force &&
        c !== parent &&
        isFiner(c, parent) &&
        c.cells.april === parent.cells.april &&
        c.gatePassed &&
        cc.reportedBy === null &&
        cc.explainedBy === null &&
        c.p <= parent.p
      );
    });
    if (candidates.length === 0) continue;
    const by = candidates.reduce((a, b) => (b.missing > a.missing ? b : a));
    pc.explainedBy = by;
    const bc = out.get(by)!;
    bc.explains.push(parent);
    // What the parent reported moves with it (its covered dips are the same episode).
    for (const c of pc.covers.filter((x) => x !== by)) {
      out.get(c)!.reportedBy = by;
      bc.covers.push(c);
    }
    pc.covers = [];
  }
}

function isFiner(child: YearEndDip, parent: YearEndDip): boolean {
  if (parent.spec.level === 'total') return child.spec.level !== 'total';
  return child.spec.level === 'code' && child.spec.offence_group === parent.spec.offence_group;
}

function parentFor(d: YearEndDip, bySeries: ReadonlyMap<string, YearEndDip>): YearEndDip | undefined {
  if (d.spec.level === 'code')
    return bySeries.get(`${d.force}|group:${d.spec.offence_group}`) ?? bySeries.get(`${d.force}|total`);
  if (d.spec.level === 'group') return bySeries.get(`${d.force}|total`);
  return undefined;
}

function covers(parent: YearEndDip, child: YearEndDip, rule: CoarsestLevelRule): boolean {
  if (parent.cells.april !== child.cells.april) return false;
  if (!parent.gatePassed || parent.p > child.p) return false;
  const lnChild = Math.log(1 - child.dip);
  const lnParent = Math.log(1 - parent.dip);
  const se = Math.sqrt(child.best.oneOff.variance + child.best.tau2);
  const standsOut =
    child.dip > rule.standOutDropRatio * parent.dip && (lnChild - lnParent) / se <= -rule.standOutZ;
  return !standsOut;
}
