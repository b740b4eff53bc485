/**
 * One event, one finding, within a signature (the first consolidation stage; consolidate.ts runs it
 * before the cross-signature one). A lasting episode shows in several tests of one family: two windows
 * of one no-crime rise, the group and the code it sits in, a year-end dip seen by both the level-shift
 * and the year-end-dip checks. Each is a valid finding, but reporting them all reports one event several
 * times. Findings of the same detection signature (reclassification, no_crime_spike, sudden_drop) and
 * force, both above info, are one episode when their offences nest (one scope holds the other: a code in
 * its group, a group in the force's total; the narrower's shortfall at least `min_explained_share` of
 * the broader's, in excess cancellations for a no-crime rise and in observed − expected otherwise)
 * and their periods share a month — or, for two findings of the same check, are at most
 * `same_check_gap_months` apart (consecutive windows of one test).
 *
 * The finding that reports the episode is the first by `episode_precedence` (a check that names
 * the mechanism, such as a year-end dip, before a generic level shift), then severity (highest), then
 * p-value (smallest), then finding_id; it takes the highest severity of what it absorbs (its own kept
 * as `evidence.severity_own`), so the episode is never reported less severe than its parts; it absorbs every other finding that
 * is one episode with it directly (not through a third, so two events a coarser finding both touches
 * stay two). The absorbed are kept at severity info with `evidence.explained_by` (relation
 * `same_episode`); the reporting finding lists them, windows and offences, in `evidence.also_seen_as`.
 * Data-quality findings are left alone: each names its own fault in the return.
 */
import type { Finding } from '../model/findings.ts';
import { monthsBetween } from '../series/months.ts';
import { cmp } from '../series/streams.ts';
import { canonicalJson } from './canonical-json.ts';
import type { ConsolidationConfig } from './consolidation-config.ts';
import { alreadyFolded, type Ev, num, parseEvidence, SEVERITY_RANK } from './finding-evidence.ts';
import { overlaps, scopeOf, sharedMonths } from './offence-scope.ts';

const EPISODE_SIGNATURES = new Set(['reclassification', 'no_crime_spike', 'sudden_drop']);

interface Member {
  f: Finding;
  ev: Ev;
}

export function mergeEpisodes(findings: readonly Finding[], config: ConsolidationConfig): Finding[] {
  const open = findings
    .map((f) => ({ f, ev: parseEvidence(f.evidence) }))
    .filter((m) => EPISODE_SIGNATURES.has(m.f.signature) && m.f.severity !== 'info' && !alreadyFolded(m.ev))
    .sort(byStrength(config.episode_precedence));
  const absorbed = new Set<Member>();
  const replaced = new Map<Finding, Finding>();
  for (const lead of open) {
    if (absorbed.has(lead)) continue;
    const its = open.filter((m) => m !== lead && !absorbed.has(m) && oneEpisode(lead.f, m.f, config));
    if (its.length === 0) continue;
    for (const m of its) {
      absorbed.add(m);
      replaced.set(m.f, absorbedFinding(m, lead.f));
    }
    replaced.set(lead.f, leadFinding(lead, its));
  }
  return findings.map((f) => replaced.get(f) ?? f);
}

function byStrength(precedence: readonly string[]): (a: Member, b: Member) => number {
  const rank = (m: Member) => {
    const i = precedence.indexOf(m.f.check_id);
    return i < 0 ? precedence.length : i;
  };
  return (a, b) =>
    rank(a) - rank(b) ||
    SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] ||
    (a.f.p_value ?? 1) - (b.f.p_value ?? 1) ||
    cmp(a.f.finding_id, b.f.finding_id);
}

/** Months from the end of the earlier period to the start of the later (0: consecutive; < 0: overlap). */
function gapMonths(a: Finding, b: Finding): number {
  const [first, second] = a.period_start <= b.period_start ? [a, b] : [b, a];
  return monthsBetween(first.period_end, second.period_start) - 1;
}

const sameScope = (a: Finding, b: Finding) =>
  a.offence_group === b.offence_group &&
  a.offence_subgroup === b.offence_subgroup &&
  a.offence_code === b.offence_code;

/**
 * What a finding says is missing or in excess, and in what: a no-crime rise in the cancellations its
 * evidence counts beyond the expected (its rate would make a code's rise look larger than its
 * group's, which holds it), any other finding in its own observed − expected; null without either.
 */
function amountOf(f: Finding): { unit: string; value: number } | null {
  if (f.signature === 'no_crime_spike') {
    const excess = num(parseEvidence(f.evidence).excess_cancellations);
    if (excess !== null) return { unit: 'excess_cancellations', value: Math.abs(excess) };
  }
  if (f.observed === null || f.expected === null) return null;
  return { unit: f.unit ?? '', value: Math.abs(f.observed - f.expected) };
}

/**
 * A finding in a narrower scope is part of a broader one's episode only when it carries a material
 * share of it: a robbery fall is not the episode of a force-wide fall it is a small part of.
 */
function nestedShare(a: Finding, b: Finding, config: ConsolidationConfig): boolean {
  if (sameScope(a, b)) return true;
  const [x, y] = [amountOf(a), amountOf(b)];
  if (x === null || y === null || x.unit !== y.unit) return false;
  const top = Math.max(x.value, y.value);
  return top > 0 && Math.min(x.value, y.value) / top >= config.min_explained_share;
}

export function oneEpisode(a: Finding, b: Finding, config: ConsolidationConfig): boolean {
  if (a.force_code !== b.force_code || a.signature !== b.signature) return false;
  if (!overlaps(scopeOf(a), scopeOf(b))) return false;
  if (!nestedShare(a, b, config)) return false;
  if (sharedMonths(a, b) > 0) return true;
  return a.check_id === b.check_id && gapMonths(a, b) <= config.same_check_gap_months;
}

const where = (
  f: Pick<Finding, 'offence_code' | 'offence_subgroup' | 'offence_group' | 'period_start' | 'period_end'>,
) =>
  `${f.offence_code ?? f.offence_subgroup ?? f.offence_group ?? 'all offences'}, ${f.period_start} to ${f.period_end}`;

function absorbedFinding({ f, ev }: Member, lead: Finding): Finding {
  return {
    ...f,
    severity: 'info',
    summary: `${f.summary} It is part of the episode reported by ${lead.check_id} finding ${lead.finding_id} (${where(lead)}), so the explanation is due on that finding, not this one; this finding is kept for reference.`,
    evidence: canonicalJson({
      ...ev,
      explained_by: {
        finding_id: lead.finding_id,
        check_id: lead.check_id,
        signature: lead.signature,
        relation: 'same_episode',
        severity_before: f.severity,
      },
    }),
  };
}

function leadFinding({ f, ev }: Member, its: readonly Member[]): Finding {
  const entries = its
    .map(({ f: m }) => ({
      finding_id: m.finding_id,
      check_id: m.check_id,
      signature: m.signature,
      relation: 'same_episode',
      severity: m.severity,
      period_start: m.period_start,
      period_end: m.period_end,
      offence_group: m.offence_group,
      offence_code: m.offence_code,
      p_value: m.p_value,
    }))
    .sort((a, b) => cmp(a.period_start, b.period_start) || cmp(a.finding_id, b.finding_id));
  const before = Array.isArray(ev.also_seen_as) ? (ev.also_seen_as as Ev[]) : [];
  const named = [...its]
    .sort((a, b) => cmp(a.f.period_start, b.f.period_start) || cmp(a.f.finding_id, b.f.finding_id))
    .map(({ f: m }) => `${m.check_id} finding ${m.finding_id} (${where(m)})`);
  const highest = its.reduce(
    (top, { f: m }) => (SEVERITY_RANK[m.severity] > SEVERITY_RANK[top] ? m.severity : top),
    f.severity,
  );
  const raised = highest !== f.severity ? { severity_own: f.severity } : {};
  return {
    ...f,
    severity: highest,
    summary: `${f.summary} The same episode also shows in ${named.join(', ')}, kept at info.`,
    evidence: canonicalJson({ ...ev, ...raised, also_seen_as: [...before, ...entries] }),
  };
}
