/**
 * Which tested findings are reported: the engine's multiple-testing decision.
 *
 * The default is an error budget per force-year (`force_year_budget`): the expected number of false
 * flags a signature raises on clean data is held at `flagsPerForceYear` for every force-year audited.
 * This is control of the per-family error rate (PFER) in its Bonferroni form — the expected number
 * of false rejections is at most Σ m·t, whatever the dependence between tests (Gordon, Glazko, Qiu &
 * Yakovlev 2007, "Control of the mean number of false discoveries, Bonferroni and stability of
 * multiple testing", Annals of Applied Statistics 1(1):179–190). For check c of a signature whose
 * budget is shared by k checks that tested anything in the run,
 *
 *     t_c = (flagsPerForceYear / k) × FY / m_c,
 *
 * where FY is the force-years of data of the audited forces and m_c the tests check c reported (every
 * draft with a p-value: checks emit one per hypothesis, material or not). A finding is reported when
 * p ≤ t_c. Why not Benjamini–Hochberg over the run: on clean data BH at q is Bonferroni over the whole
 * nation and decade (FWER q), far stricter than the product's promise of at most 0.05 false flags a
 * force-year, and it makes a force's findings depend on how many other forces were audited with it.
 * Under the budget a force audited alone and the same force in a national run face the same
 * threshold, up to the ratio of tests to force-years.
 *
 * A small audit (one force, two years of an extract) has a small budget: 0.002 × 2 force-years is a
 * two-hundred-and-fiftieth of a false flag. There a familywise floor is the more generous: a test is also
 * reported when p ≤ α / k / m_c (Bonferroni over the signature's tests in the run, α =
 * `floorFamilywise`, 0.05), so the chance that a run raises any false flag of a signature through
 * the floor is at most α whatever the data, and the expected false flags of a signature are at most
 * its budget plus α a run. The floor is familywise, not BH at q: with true effects in the run, BH's
 * cut moves up with them, so in a national run it let through chance dips that the budget refused
 * (a four-month fall in the demo's Staffordshire public order, p 3.2e-4 above the budget's cut,
 * had q 0.021 beside the planted problems). BH q-values are computed and stored either way
 * (contract: "q after multiple-testing control across the run"); `bh` alone keeps the old rule.
 */

export type DecisionRule =
  | {
      kind: 'force_year_budget';
      /** Expected false flags per force-year on clean data, per signature, when p-values are valid. */
      flagsPerForceYear: number;
      /** A test with p ≤ this / k / m_c (Bonferroni, module comment) is reported too; 0 turns it off. */
      floorFamilywise: number;
    }
  | { kind: 'bh'; q: number };

/**
 * A twenty-fifth of the issue's ≤ 0.05 false flags a force-year, per signature. The issue also asks
 * that at least 90% of the findings of a national audit with a handful of real problems are real,
 * which allows about one false flag in a five-year national audit (220 force-years): three
 * signatures × 0.002 × 220 = 1.3 at the nominal level (the benchmark's clean data with trends
 * measures 0.004 a force-year in all). At 0.005 the same audit expected 3.3.
 */
export const DEFAULT_DECISION: DecisionRule = {
  kind: 'force_year_budget',
  flagsPerForceYear: 0.002,
  floorFamilywise: 0.05,
};

export function validateDecision(rule: DecisionRule): DecisionRule {
  const v = rule.kind === 'bh' ? rule.q : rule.flagsPerForceYear;
  if (!(v > 0 && v <= 1)) throw new RangeError(`${rule.kind} level must be in (0, 1], got ${v}`);
  if (rule.kind === 'force_year_budget' && !(rule.floorFamilywise >= 0 && rule.floorFamilywise <= 1))
    throw new RangeError(`floorFamilywise must be in [0, 1], got ${rule.floorFamilywise}`);
  return rule;
}

/** What one check was held to in a run: reported in the evidence of the findings it raised. */
export interface CheckThreshold {
  check_id: string;
  rule: DecisionRule['kind'];
  /** Tests (drafts with a p-value) the check reported for the audited forces. */
  tests: number;
  force_years: number;
  /** Checks of the signature sharing its budget in this run. */
  checks_sharing: number;
  /** Report when p ≤ this (force_year_budget); null under bh, where q ≤ level decides. */
  p_threshold: number | null;
  level: number;
  /** The familywise floor α of force_year_budget; null under bh. */
  familywise_floor: number | null;
  /** α / k / m: p at or below this reports too (force_year_budget); null under bh. */
  p_floor: number | null;
}

interface Tested {
  check_id: string;
  signature: string;
  p_value: number | null;
}

/** Each check's threshold for this run, from the drafts it emitted for the audited forces. */
export function checkThresholds(
  tested: readonly Tested[],
  rule: DecisionRule,
  forceYears: number,
): Map<string, CheckThreshold> {
  const tests = new Map<string, { signature: string; n: number }>();
  for (const f of tested) {
    if (f.p_value === null) continue;
    const t = tests.get(f.check_id) ?? { signature: f.signature, n: 0 };
    t.n += 1;
    tests.set(f.check_id, t);
  }
  const sharing = new Map<string, number>();
  for (const t of tests.values()) sharing.set(t.signature, (sharing.get(t.signature) ?? 0) + 1);
  const out = new Map<string, CheckThreshold>();
  for (const [check_id, t] of tests) {
    const k = sharing.get(t.signature)!;
    const budget = rule.kind === 'force_year_budget';
    const level = budget ? rule.flagsPerForceYear : rule.q;
    out.set(check_id, {
      check_id,
      rule: rule.kind,
      tests: t.n,
      force_years: forceYears,
      checks_sharing: k,
      p_threshold: budget ? Math.min(1, ((level / k) * forceYears) / t.n) : null,
      level,
      familywise_floor: budget ? rule.floorFamilywise : null,
      p_floor: budget ? rule.floorFamilywise / k / t.n : null,
    });
  }
  return out;
}

/** Whether a tested finding passes its check's threshold (a rule without a p-value always does). */
export function passes(
  f: { check_id: string; p_value: number | null; q_value: number | null },
  thresholds: ReadonlyMap<string, CheckThreshold>,
): boolean {
  if (f.p_value === null) return true;
  const t = thresholds.get(f.check_id);
  if (!t) return true;
  if (t.rule === 'bh') return f.q_value !== null && f.q_value <= t.level;
  return f.p_value <= Math.max(t.p_threshold ?? 0, t.p_floor ?? 0);
}

/**
 * Force-years of data of the audited forces: months with any current cell (a quarter counts its three
 * months), over twelve. What the budget is spent against.
 */
export function forceYears(
  rows: readonly { force_code: string; period_start: string; grain: 'month' | 'quarter' }[],
  audited: ReadonlySet<string>,
): number {
  // Distinct periods per force and grain, keyed by the rows' own strings: no key built per row.
  const months = new Map<string, { month: Set<string>; quarter: Set<string> }>();
  for (const r of rows) {
    if (!audited.has(r.force_code)) continue;
    let sets = months.get(r.force_code);
    if (!sets) {
      sets = { month: new Set(), quarter: new Set() };
      months.set(r.force_code, sets);
    }
    (r.grain === 'quarter' ? sets.quarter : sets.month).add(r.period_start);
  }
  let total = 0;
  for (const { month, quarter } of months.values()) total += month.size + 3 * quarter.size;
  return total / 12;
}
