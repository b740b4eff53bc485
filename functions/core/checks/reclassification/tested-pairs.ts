/**
 * What the mix-shift check tests: every reclassification family, and every step of a seriousness
 * ladder (detection/seriousness-ladders.ts) that no family already tests.
 *
 * A family covers a step when the step's upper rung lies on the family's serious side and its lower
 * rung on the lesser side: the family's test sees every move down that step (8N → 105A is inside
 * violence-injury, 34B → 39 is robbery-theft-person), so the step is not tested again (two tests of one
 * move would report it twice and spend the multiple-testing budget twice); the family's finding names
 * the step instead. A step inside one side of a family (5D → 8N, both "with injury") is invisible to the
 * family and is tested as a pair of its own.
 *
 * Pairs that share a code test overlapping moves (5D → 105A lowers both violence-injury's serious share
 * and 5D's share of 5D + 8N): they form one cluster, within which overlapping windows of a force report
 * at most one finding (overlapping-windows.ts).
 */
import type { LadderStep, SeriousnessLadder } from '#core/detection/seriousness-ladders.ts';
import { ladderSteps } from '#core/detection/seriousness-ladders.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import type { ReclassificationFamily } from '#core/reference/reclassification-families.ts';

export interface TestedPair {
  /** A family, or a step tested as one (serious = upper rung, lesser = lower rung). */
  family: ReclassificationFamily;
  /** The ladder step the pair tests (or that the family covers); null when none. */
  step: LadderStep | null;
  /** Pairs sharing a code share a cluster (the id of the cluster's first pair). */
  cluster: string;
}

/**
 * A step's drift is unmeasured (the published tables do not split 5D from 8N or sexual assault from
 * the other contact offences): the fallback τ for a single-force audit is the larger of the measured
 * pairs, rounded, as for the other unmeasured families.
 */
export const STEP_FALLBACK_TAU = 0.15;

const within = (codes: readonly string[], side: readonly string[]) => codes.every((c) => side.includes(c));

export function covers(family: ReclassificationFamily, step: LadderStep): boolean {
  return within(step.upper.codes, family.serious.codes) && within(step.lower.codes, family.lesser.codes);
}

function label(families: readonly ReclassificationFamily[], code: string): string {
  for (const f of families) if (f.labels[code] !== undefined) return f.labels[code];
  return lookupOffence(code)?.description.toLowerCase() ?? code;
}

/** A step as a family: its upper rung the serious side, its lower rung the lesser side. */
export function stepFamily(
  step: LadderStep,
  families: readonly ReclassificationFamily[],
): ReclassificationFamily {
  const codes = [...step.upper.codes, ...step.lower.codes];
  const breaks = families
    .filter((f) => codes.some((c) => f.serious.codes.includes(c) || f.lesser.codes.includes(c)))
    .flatMap((f) => f.skip_across_breaks);
  return {
    id: `step-${step.ladder.id}-${step.upper.id}-${step.lower.id}`,
    description: `${step.upper.label} recorded as ${step.lower.label} (${step.name} on ${step.ladder.name})`,
    level: step.upper.codes.length === 1 && step.lower.codes.length === 1 ? 'code' : 'subgroup',
    offence_group: step.ladder.offence_group,
    serious: { label: step.upper.label, codes: step.upper.codes },
    lesser: { label: step.lower.label, codes: step.lower.codes },
    labels: Object.fromEntries(codes.map((c) => [c, label(families, c)])),
    fallback_tau: STEP_FALLBACK_TAU,
    skip_across_breaks: [...new Set(breaks)],
    rationale: step.ladder.reason,
    evidence: step.ladder.sources,
  };
}

/** Families first (in table order), then the steps no family covers (in ladder order). */
export function testedPairs(
  families: readonly ReclassificationFamily[],
  ladders: readonly SeriousnessLadder[],
): TestedPair[] {
  const steps = ladderSteps(ladders);
  const pairs: Array<Omit<TestedPair, 'cluster'>> = [
    ...families.map((family) => ({ family, step: steps.find((s) => covers(family, s)) ?? null })),
    ...steps
      .filter((s) => !families.some((f) => covers(f, s)))
      .map((step) => ({ family: stepFamily(step, families), step })),
  ];
  return withClusters(pairs);
}

/** Union of pairs that share a code, transitively; each cluster named by its first pair's id. */
function withClusters(pairs: ReadonlyArray<Omit<TestedPair, 'cluster'>>): TestedPair[] {
  const codesOf = (p: Omit<TestedPair, 'cluster'>) => [...p.family.serious.codes, ...p.family.lesser.codes];
  const cluster = pairs.map((_, i) => i);
  const root = (i: number): number => (cluster[i] === i ? i : root(cluster[i]!));
  for (let i = 0; i < pairs.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = codesOf(pairs[i]!);
      if (codesOf(pairs[j]!).some((c) => a.includes(c))) {
        const [ri, rj] = [root(i), root(j)];
        cluster[Math.max(ri, rj)] = Math.min(ri, rj);
      }
    }
  }
  return pairs.map((p, i) => ({ ...p, cluster: pairs[root(i)]!.family.id }));
}
