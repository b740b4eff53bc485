/**
 * The known breaks (known-breaks.ts: Action Fraud's move of fraud, the 2017 burglary recoding,
 * HMIC's 2014 recording drive, COVID-19, Greater Manchester's 2019 records system) as annotations,
 * so that checks and the engine have one mechanism for a dated break: what an auditor records with
 * `auditor annotate` and what the project ships are the same kind of row.
 *
 * A national break becomes one annotation per force (every force of the reference table, BTP
 * included) and per offence group it names, because an annotation row is about one force and at
 * most one group; `force_code` is always a real slug. Built-in rows are not stored: every run adds
 * them to the stored ones (withBuiltIns), so a change of this list needs no migration of any store.
 *
 * A permanent counting-rule change (a break without an end: fraud to Action Fraud, the burglary
 * recoding) is annotated over its first financial year (start to the next March): that is when a
 * finding is explained by the change. Later findings are about the series under the new rules and
 * are neither cited nor lowered; the checks' baselines still treat the change as permanent (below).
 *
 * Back to checks: knownBreaksOf turns a run's annotations into the KnownBreak list the checks'
 * baselines use. A built-in annotation gives back its break as known-breaks.ts states it (kind,
 * source, id and a permanent change's open end kept, so baselines, evidence and the
 * reclassification families' break ids do not change). An auditor's annotation gives a break of
 * kind `annotation` for its force whose months are left out of baselines; one still in force
 * (no period_end) leaves out every month from its start. A code-level annotation is left out
 * there: baselines are cut per force and group, and one code's break is no reason to drop its
 * whole group's months (it is still cited by, and lowers, the findings about that code).
 */
import type { Annotation } from '../model/annotations.ts';
import { FORCES } from '../reference/forces.ts';
import { makeAnnotation } from './annotations.ts';
import { KNOWN_BREAKS, type KnownBreak } from './known-breaks.ts';

/** Who built-in annotations are recorded by. */
export const BUILT_IN_ACTOR = 'built-in';
/** A fixed time for built-in rows, so that they (and anything derived from them) are deterministic. */
const BUILT_IN_CREATED_AT = new Date('2026-12-07T00:00:00.000Z');
/** An auditor's annotation still in force covers every month from its start: this far, as a break. */
const STILL_IN_FORCE_END = '9999-12';

/** The March that ends the financial year (April to March) holding this month. */
function financialYearEnd(month: string): string {
  return `${Number(month.slice(0, 4)) + (month.slice(5) >= '04' ? 1 : 0)}-03`;
}

function annotationsOfBreak(b: KnownBreak): Annotation[] {
  const forces = b.force_code === null ? FORCES.map((f) => f.slug) : [b.force_code];
  const groups: ReadonlyArray<string | null> = b.offence_groups ?? [null];
  const reason = `${b.description} Source: ${b.source}. (known break ${b.id})`;
  const period_end = b.end ?? financialYearEnd(b.start);
  return forces.flatMap((force_code) =>
    groups.map((offence_group) =>
      makeAnnotation(
        { force_code, period_start: b.start, period_end, offence_group, offence_code: null, reason },
        BUILT_IN_ACTOR,
        BUILT_IN_CREATED_AT,
      ),
    ),
  );
}

const BREAK_OF = new Map<string, KnownBreak>();
const BUILT_IN: Annotation[] = [];
for (const b of KNOWN_BREAKS) {
  for (const a of annotationsOfBreak(b)) {
    BREAK_OF.set(a.annotation_id, b);
    BUILT_IN.push(a);
  }
}

export const BUILT_IN_ANNOTATIONS: readonly Annotation[] = Object.freeze(BUILT_IN);

/** The known break a built-in annotation stands for; null for an auditor's annotation. */
export function builtInBreakOf(annotationId: string): KnownBreak | null {
  return BREAK_OF.get(annotationId) ?? null;
}

/**
 * A run's annotations: the built-in ones, then the stored ones (one per id, as a store holds
 * them) that are not built in.
 */
export function withBuiltIns(stored: readonly Annotation[]): Annotation[] {
  return [...BUILT_IN_ANNOTATIONS, ...stored.filter((a) => !BREAK_OF.has(a.annotation_id))];
}

/**
 * The breaks checks keep out of their baselines, from a run's annotations (see the header). A
 * built-in break counts once, as known-breaks.ts states it, when any of its annotations is there.
 */
export function knownBreaksOf(annotations: readonly Annotation[]): KnownBreak[] {
  const out = new Set<KnownBreak>();
  for (const a of annotations) {
    const b = BREAK_OF.get(a.annotation_id);
    if (b) out.add(b);
    else if (a.offence_code === null) out.add(breakOfAnnotation(a));
  }
  return [...out];
}

function breakOfAnnotation(a: Annotation): KnownBreak {
  return {
    id: a.annotation_id,
    kind: 'annotation',
    start: a.period_start,
    end: a.period_end ?? STILL_IN_FORCE_END,
    force_code: a.force_code,
    offence_groups: a.offence_group === null ? null : [a.offence_group],
    description: a.reason,
    source: `annotation recorded by ${a.actor}`,
  };
}
