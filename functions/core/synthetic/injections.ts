/**
 * The labelled problems planted in the example returns, so that a demonstration audit has something
 * to find and tests can check that each is found where it was put. Each problem sits in its own force
 * so that one never masks another. Placement is by offset from the first month of the span; a problem
 * that would fall outside the span (or whose force is not generated) is left out, and so is its label.
 */
import type { Signature } from '../model/findings.ts';
import { calendarMonth } from '../series/months.ts';

export const INJECTED_KINDS = [
  'missing_months',
  'duplicate_row',
  'negative_count',
  'unknown_offence_code',
  'zero_run',
  'sudden_drop',
  'reclassification',
  'no_crime_spike',
] as const;
export type InjectedKind = (typeof INJECTED_KINDS)[number];

export interface InjectedProblem {
  /** Stable label id, e.g. `missing_months:cumbria`. */
  id: string;
  kind: InjectedKind;
  force_code: string;
  period_start: string;
  period_end: string;
  /** Every month the problem touches, in order. */
  months: string[];
  /** Offence codes the problem touches; empty when it touches every code of the force. */
  offence_codes: string[];
  /** For reclassification: where the moved crimes were put. */
  related_offence_code: string | null;
  /** The findings signature an audit is expected to report for it. */
  expected_signature: Signature;
  /** Size of the effect: the multiplier, share moved or planted value, as `kind` implies. */
  magnitude: number | null;
  description: string;
}

/** The violence codes in the example set that a violence-level drop applies to. */
export const VIOLENCE_CODES = ['8N', '5D', '105A', '8R', '8U'] as const;

interface Placement {
  kind: InjectedKind;
  force: string;
  /**
   * Offsets (months after the span start) the problem covers; `'onwards'` = from offset `from` to the
   * end of the span; `'april-onwards'` = from the first April at or after offset `from` to the end.
   */
  offsets: number[] | 'april-onwards' | 'onwards';
  from?: number;
  codes: string[];
  related?: string;
  magnitude: number | null;
  signature: Signature;
  describe: (start: string, end: string) => string;
}

const PLACEMENTS: readonly Placement[] = [
  {
    kind: 'missing_months',
    force: 'cumbria',
    offsets: [28, 29],
    codes: [],
    magnitude: null,
    signature: 'data_quality',
    describe: (s, e) =>
      `No rows at all for ${s} and ${e}: two consecutive months are missing from the return.`,
  },
  {
    kind: 'duplicate_row',
    force: 'dorset',
    offsets: [19],
    codes: ['46'],
    magnitude: null,
    signature: 'data_quality',
    describe: (s) => `The shoplifting (46) row for ${s} appears twice, byte for byte.`,
  },
  {
    kind: 'negative_count',
    force: 'gwent',
    offsets: [34],
    codes: ['56B'],
    magnitude: -7,
    signature: 'data_quality',
    describe: (s) => `Arson not endangering life (56B) for ${s} is recorded as -7.`,
  },
  {
    kind: 'unknown_offence_code',
    force: 'suffolk',
    offsets: [25, 26, 27],
    codes: ['8Z'],
    magnitude: null,
    signature: 'data_quality',
    describe: (s, e) =>
      `Extra rows with offence code 8Z, which is not in the Home Office lookup, for ${s} to ${e}.`,
  },
  {
    kind: 'zero_run',
    force: 'lancashire',
    offsets: [38, 39, 40, 41],
    codes: ['46'],
    magnitude: 0,
    signature: 'data_quality',
    describe: (s, e) => `Shoplifting (46), normally hundreds a month, is reported as 0 from ${s} to ${e}.`,
  },
  {
    kind: 'sudden_drop',
    force: 'northamptonshire',
    offsets: 'april-onwards',
    from: 36,
    codes: [...VIOLENCE_CODES],
    magnitude: 0.75,
    signature: 'sudden_drop',
    describe: (s, e) =>
      `Every violence code (${VIOLENCE_CODES.join(', ')}) falls by 25% from ${s} and stays down to ${e}.`,
  },
  {
    kind: 'reclassification',
    force: 'hertfordshire',
    offsets: 'onwards',
    from: 42,
    codes: ['8N'],
    related: '105A',
    magnitude: 0.2,
    signature: 'reclassification',
    describe: (s, e) =>
      `From ${s} to ${e}, 20% of assault with injury (8N) is recorded as assault without injury (105A) instead; total violence is unchanged.`,
  },
  {
    kind: 'no_crime_spike',
    force: 'staffordshire',
    offsets: [43, 44, 45, 46],
    codes: [],
    magnitude: 3,
    signature: 'no_crime_spike',
    describe: (s, e) =>
      `Cancellations (no-crimes) run at three times the force's usual rate, all codes, ${s} to ${e}.`,
  },
];

/** Months a placement covers within `months`, or null when it does not fit the span. */
function placedMonths(p: Placement, months: readonly string[]): string[] | null {
  if (Array.isArray(p.offsets)) {
    const picked = p.offsets.map((i) => months[i]);
    return picked.every((m): m is string => m !== undefined) ? picked : null;
  }
  let first = p.from ?? 0;
  if (p.offsets === 'april-onwards') {
    while (first < months.length && calendarMonth(months[first]!) !== 4) first++;
  }
  // A step change needs some months after it to be visible at all.
  if (first + 6 > months.length) return null;
  return months.slice(first);
}

/** The problems to plant for this span and force list, with their labels. */
export function planInjections(months: readonly string[], forces: readonly string[]): InjectedProblem[] {
  const out: InjectedProblem[] = [];
  for (const p of PLACEMENTS) {
    if (!forces.includes(p.force)) continue;
    const covered = placedMonths(p, months);
    if (!covered || covered.length === 0) continue;
    const start = covered[0]!;
    const end = covered[covered.length - 1]!;
    out.push({
      id: `${p.kind}:${p.force}`,
      kind: p.kind,
      force_code: p.force,
      period_start: start,
      period_end: end,
      months: covered,
      offence_codes: [...p.codes],
      related_offence_code: p.related ?? null,
      expected_signature: p.signature,
      magnitude: p.magnitude,
      description: p.describe(start, end),
    });
  }
  return out;
}
