/**
 * One event, one finding. First, findings of one signature that are one episode are merged
 * (episodes.ts). Then, across signatures: a sudden drop that another
 * finding explains is folded into it: the explanation is the primary (it says why the crimes fell and
 * what to correct: a reclassification to review, a return to fix); the drop is kept, at severity info,
 * with `evidence.explained_by`, and the primary lists it in `evidence.also_seen_as` and takes the
 * higher of the two severities (reporting the event once must not make it look smaller).
 *
 * A primary P explains a drop D (signature sudden_drop) when all hold:
 * - same force, and the periods share at least one month;
 * - P is a reclassification whose serious side (its offence columns) lies inside D's offences and whose
 *   lesser side (related_offence_code) does not — a move inside D's scope cannot lower D's count — and
 *   whose `evidence.compensation.kappa`, when present, is at least `min_kappa` (the crimes moved); or
 *   P is a data-quality finding with `evidence.crimes_missing` > 0 (crimes left out of the counts:
 *   dq.zero_run, dq.missing_offence) whose offences overlap D's (code in group, group in total); or
 *   P is a no-crime rise above info with `evidence.excess_cancellations` > 0 whose offences overlap D's:
 *   a cancelled crime leaves the recorded count, so cancellations beyond the expected fall as a drop;
 * - P's crimes over the shared months (its crimes × shared / its months) are at least
 *   `min_explained_share` of D's missing crimes (expected − observed). A reclassification's crimes are
 *   |observed − expected|, the crimes its own columns say moved; unknown sizes never fold.
 * A reclassification also explains a drop of its lesser side that starts inside its period or at most
 * `move_end_months` after it (relation `move_ended`): the lesser code falling back as the move stops,
 * when P's crimes a month over D's months are at least `min_explained_share` of D's missing crimes.
 * Several candidates: the one explaining the largest share, then the lower finding_id.
 *
 * Pure and deterministic; finding ids do not change (identity has no severity or evidence), and a
 * second pass changes nothing: a finding the engine folded (its `explained_by` names a finding) is never
 * folded again nor explains another.
 */
import type { Finding, Severity } from '../model/findings.ts';
import { addMonths } from '../series/months.ts';
import { cmp } from '../series/streams.ts';
import { canonicalJson } from './canonical-json.ts';
import { type ConsolidationConfig, DEFAULT_CONSOLIDATION_CONFIG } from './consolidation-config.ts';
import { mergeEpisodes } from './episodes.ts';
import { alreadyFolded, type Ev, num, parseEvidence, SEVERITY_RANK as RANK } from './finding-evidence.ts';
import {
  codeScope,
  holds,
  monthsOf,
  type OffenceScope,
  overlaps,
  scopeOf,
  sharedMonths,
} from './offence-scope.ts';

interface Parsed {
  f: Finding;
  ev: Ev;
}

interface Fold {
  drop: Parsed;
  primary: Parsed;
  share: number;
  /** `explains`: P's crimes are D's missing ones; `move_ended`: D is P's lesser side falling back. */
  relation: 'explains' | 'move_ended';
}

export function consolidate(
  findings: readonly Finding[],
  config: ConsolidationConfig = DEFAULT_CONSOLIDATION_CONFIG,
): Finding[] {
  const episodes = mergeEpisodes(findings, config);
  const parsed = episodes.map((f) => ({ f, ev: parseEvidence(f.evidence) }));
  const primaries = parsed.filter((p) => !alreadyFolded(p.ev) && crimesOf(p, config) !== null);
  const folds: Fold[] = [];
  for (const d of parsed) {
    if (d.f.signature !== 'sudden_drop' || alreadyFolded(d.ev)) continue;
    const best = bestExplanation(d, primaries, config);
    if (best) folds.push(best);
  }
  if (folds.length === 0) return episodes;
  const replaced = new Map<Finding, Finding>();
  for (const fold of folds) replaced.set(fold.drop.f, folded(fold));
  for (const [primary, its] of groupByPrimary(folds)) replaced.set(primary.f, withAlsoSeen(primary, its));
  return episodes.map((f) => replaced.get(f) ?? f);
}

/** The crimes a primary says are missing or moved, or null when it cannot explain a drop. */
function crimesOf(p: Parsed, config: ConsolidationConfig): number | null {
  const { f, ev } = p;
  if (f.signature === 'data_quality') {
    const c = num(ev.crimes_missing);
    return c !== null && c > 0 ? c : null;
  }
  if (f.signature === 'no_crime_spike') {
    const c = num(ev.excess_cancellations);
    return f.severity !== 'info' && c !== null && c > 0 ? c : null;
  }
  if (f.signature !== 'reclassification' || f.unit !== 'crimes') return null;
  if (f.observed === null || f.expected === null) return null;
  const comp = ev.compensation;
  const kappa = comp !== null && typeof comp === 'object' ? num((comp as Ev).kappa) : null;
  if (kappa !== null && kappa < config.min_kappa) return null;
  const moved = Math.abs(f.observed - f.expected);
  return moved > 0 ? moved : null;
}

/** The crimes a drop says are missing, or null without both figures in crimes. */
function missingOf(d: Finding): number | null {
  if (d.unit !== 'crimes' || d.observed === null || d.expected === null) return null;
  const m = d.expected - d.observed;
  return m > 0 ? m : null;
}

function bestExplanation(d: Parsed, primaries: readonly Parsed[], config: ConsolidationConfig): Fold | null {
  const missing = missingOf(d.f);
  if (missing === null) return null;
  const dropScope = scopeOf(d.f);
  let best: Fold | null = null;
  for (const p of primaries) {
    if (p.f.force_code !== d.f.force_code) continue;
    const perMonth = (crimesOf(p, config) ?? 0) / monthsOf(p.f);
    const shared = sharedMonths(p.f, d.f);
    const candidates: Fold[] = [];
    if (shared > 0 && offencesExplain(p.f, dropScope))
      candidates.push({ drop: d, primary: p, share: (perMonth * shared) / missing, relation: 'explains' });
    if (fallsBack(p.f, d.f, dropScope, config))
      candidates.push({
        drop: d,
        primary: p,
        share: (perMonth * monthsOf(d.f)) / missing,
        relation: 'move_ended',
      });
    for (const c of candidates) {
      if (c.share < config.min_explained_share) continue;
      if (
        !best ||
        c.share > best.share ||
        (c.share === best.share && cmp(p.f.finding_id, best.primary.f.finding_id) < 0)
      )
        best = c;
    }
  }
  return best;
}

/**
 * A reclassification's lesser side falling back when the move stops: D is about the lesser code (or
 * holds it) and not the serious side, and starts inside P's period or at most `move_end_months` after
 * it ends. The lesser side then loses what it gained a month, so P's crimes a month over D's months
 * are what D can be missing.
 */
function fallsBack(p: Finding, d: Finding, drop: OffenceScope, config: ConsolidationConfig): boolean {
  if (p.signature !== 'reclassification' || p.related_offence_code === null) return false;
  if (!holds(drop, codeScope(p.related_offence_code)) || holds(drop, scopeOf(p))) return false;
  return (
    d.period_start >= p.period_start && d.period_start <= addMonths(p.period_end, config.move_end_months)
  );
}

function offencesExplain(p: Finding, drop: OffenceScope): boolean {
  const own = scopeOf(p);
  if (p.signature === 'data_quality' || p.signature === 'no_crime_spike') return overlaps(own, drop);
  if (!holds(drop, own)) return false;
  return p.related_offence_code === null || !holds(drop, codeScope(p.related_offence_code));
}

function describe(f: Finding): string {
  if (f.signature === 'reclassification')
    return `the reclassification ${f.offence_code ?? f.offence_group ?? ''}${f.related_offence_code ? ` → ${f.related_offence_code}` : ''} (${f.check_id}, finding ${f.finding_id})`;
  if (f.signature === 'no_crime_spike')
    return `the rise in cancellations ${f.check_id} (finding ${f.finding_id})`;
  return `the data-quality problem ${f.check_id} (finding ${f.finding_id})`;
}

function folded({ drop, primary, share, relation }: Fold): Finding {
  const why =
    relation === 'move_ended'
      ? 'whose lesser side this fall returns to its level as the move ends'
      : 'which accounts for the fall';
  return {
    ...drop.f,
    severity: 'info',
    summary: `${drop.f.summary} The same event is reported as ${describe(primary.f)}, ${why}, so the explanation is due on that finding, not this one; this finding is kept for reference.`,
    evidence: canonicalJson({
      ...drop.ev,
      explained_by: {
        finding_id: primary.f.finding_id,
        check_id: primary.f.check_id,
        signature: primary.f.signature,
        explained_share: share,
        relation,
        severity_before: drop.f.severity,
      },
    }),
  };
}

function groupByPrimary(folds: readonly Fold[]): Map<Parsed, Fold[]> {
  const out = new Map<Parsed, Fold[]>();
  for (const fold of folds) {
    const list = out.get(fold.primary) ?? [];
    list.push(fold);
    out.set(fold.primary, list);
  }
  return out;
}

function withAlsoSeen(primary: Parsed, folds: readonly Fold[]): Finding {
  const entries = folds
    .map(({ drop, share, relation }) => ({
      finding_id: drop.f.finding_id,
      check_id: drop.f.check_id,
      signature: drop.f.signature,
      severity: drop.f.severity,
      period_start: drop.f.period_start,
      period_end: drop.f.period_end,
      offence_group: drop.f.offence_group,
      offence_code: drop.f.offence_code,
      relation,
      crimes_missing: missingOf(drop.f),
      explained_share: share,
    }))
    .sort((a, b) => cmp(a.finding_id, b.finding_id));
  const before = Array.isArray(primary.ev.also_seen_as) ? (primary.ev.also_seen_as as Ev[]) : [];
  const known = new Set(entries.map((e) => e.finding_id));
  const all = [...before.filter((e) => !known.has(String(e.finding_id))), ...entries];
  const top = folds.reduce<Severity>(
    (s, x) => (RANK[x.drop.f.severity] > RANK[s] ? x.drop.f.severity : s),
    primary.f.severity,
  );
  const raised = top !== primary.f.severity;
  const ids = entries.map((e) => `${e.check_id} finding ${e.finding_id}`).join(', ');
  return {
    ...primary.f,
    severity: top,
    summary: `${primary.f.summary} The same event also appears as a sudden drop (${ids}), which this explains; that finding is kept at info.`,
    evidence: canonicalJson({
      ...primary.ev,
      also_seen_as: all,
      ...(raised ? { severity_own: primary.f.severity } : {}),
    }),
  };
}
