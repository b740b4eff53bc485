/**
 * A campaign that lasts a year raises the downgrade rate in four or five consecutive quarters, and
 * each would be its own finding: the auditor should get one. Of consecutive quarters (each starting
 * at most a month after the previous one ends) that are material and nominally significant
 * (p ≤ `campaignAlpha`), only the one with the smallest p is reported (the earlier on ties); the
 * others keep their p-values, so Benjamini–Hochberg still counts them, but are not reported and name
 * the one that is, which lists them. BH q-values are monotone in p, so when a covered quarter would
 * pass BH the reported one passes too: nothing that would be reported is lost. Decided before any
 * draft is written, so each summary is written once.
 */
import { addMonths } from '#core/series/months.ts';

export interface QuarterTest {
  start: string;
  end: string;
  p: number | null;
  material: boolean;
}

/** A quarter's place in a campaign: the quarter reported for it, or the quarters it reports for. */
export type CampaignRole<T> =
  | { kind: 'alone' }
  | { kind: 'covered'; by: T }
  | { kind: 'reported'; covers: T[]; start: string; end: string };

/**
 * Each quarter's role, in the same order; `tests` are one force and family's quarters in time order,
 * `quarter` reads what the decision needs from each.
 */
export function campaignRoles<T>(
  tests: readonly T[],
  quarter: (t: T) => QuarterTest,
  campaignAlpha: number,
): CampaignRole<T>[] {
  const roles = new Map<T, CampaignRole<T>>();
  const q = new Map(tests.map((t) => [t, quarter(t)]));
  const of = (t: T) => q.get(t)!;
  const inCampaign = (t: T) => of(t).material && of(t).p !== null && of(t).p! <= campaignAlpha;
  let run: T[] = [];
  const close = () => {
    if (run.length > 1) {
      const keeper = run.reduce((best, t) => (of(t).p! < of(best).p! ? t : best));
      const others = run.filter((t) => t !== keeper);
      for (const t of others) roles.set(t, { kind: 'covered', by: keeper });
      const span = { start: of(run[0]!).start, end: of(run[run.length - 1]!).end };
      roles.set(keeper, { kind: 'reported', covers: others, ...span });
    }
    run = [];
  };
  for (const t of tests) {
    const last = run[run.length - 1];
    if (!inCampaign(t)) {
      close();
      continue;
    }
    if (last && of(t).start > addMonths(of(last).end, 1)) close();
    run.push(t);
  }
  close();
  return tests.map((t) => roles.get(t) ?? { kind: 'alone' });
}
