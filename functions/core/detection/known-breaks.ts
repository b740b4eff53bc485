/**
 * Dated breaks in the recorded series that are explained by something other than a force's
 * recording practice: national counting-rule changes, national shocks, and force IT migrations.
 * Checks keep these periods out of baselines and cite the break in a finding's evidence when the
 * finding overlaps one, so that an auditor sees the explanation beside the flag.
 *
 * Sources are given per entry; dates are the first (and last, where ended) month affected.
 * Runs see these as built-in annotations (built-in-annotations.ts), beside the ones auditors record.
 */
export type BreakKind =
  | 'counting_rule'
  | 'national_shock'
  | 'recording_improvement'
  | 'it_migration'
  /** A break an auditor recorded for one force (`auditor annotate`; built-in-annotations.ts). */
  | 'annotation';

export interface KnownBreak {
  id: string;
  kind: BreakKind;
  /** First month affected (YYYY-MM). */
  start: string;
  /** Last month affected, or null for a permanent level change that starts at `start`. */
  end: string | null;
  /** null: every force (a national break). */
  force_code: string | null;
  /** Offence groups affected; null: all. */
  offence_groups: readonly string[] | null;
  description: string;
  source: string;
}

export const KNOWN_BREAKS: readonly KnownBreak[] = [
  {
    id: 'fraud-to-action-fraud-2013',
    kind: 'counting_rule',
    start: '2013-04',
    end: null,
    force_code: null,
    offence_groups: ['Fraud offences'],
    description: 'Recording of fraud moved from police forces to Action Fraud (completed during 2013/14).',
    source: 'ONS, Crime in England and Wales, year ending March 2014',
  },
  {
    id: 'hmic-crime-data-integrity-2014',
    kind: 'recording_improvement',
    start: '2014-04',
    end: '2016-03',
    force_code: null,
    offence_groups: ['Violence against the person', 'Sexual offences', 'Public order offences'],
    description:
      'National improvements in recording after HMIC\u2019s 2014 crime data integrity inspection raised recorded violence and sexual offences.',
    source: 'HMIC 2014, Crime-recording: making the victim count; ONS bulletins 2015-16',
  },
  {
    id: 'burglary-recoding-2017',
    kind: 'counting_rule',
    start: '2017-04',
    end: null,
    force_code: null,
    offence_groups: ['Theft offences'],
    description:
      'Burglary recoded from domestic/non-domestic to residential/non-residential (Home Office Counting Rules, April 2017).',
    source: 'Home Office Counting Rules for Recorded Crime, April 2017',
  },
  {
    id: 'covid-19-2020',
    kind: 'national_shock',
    start: '2020-03',
    end: '2021-06',
    force_code: null,
    offence_groups: null,
    description:
      'COVID-19 restrictions changed offending and reporting nationally (lockdowns from March 2020).',
    source: 'ONS, Crime in England and Wales, year ending March 2021',
  },
  {
    id: 'gmp-iops-2019',
    kind: 'it_migration',
    start: '2019-07',
    end: '2020-03',
    force_code: 'greater-manchester',
    offence_groups: null,
    description:
      'Greater Manchester Police moved to a new records system (iOPS) in July 2019; HMICFRS later found crimes going unrecorded after the change.',
    source: 'HMICFRS 2020, Greater Manchester Police crime data integrity inspection',
  },
];

function overlaps(aStart: string, aEnd: string, bStart: string, bEnd: string | null): boolean {
  return aStart <= (bEnd ?? '9999-12') && bStart <= aEnd;
}

/** Breaks that touch this force, offence group and span of months (national ones included). */
export function breaksAffecting(
  breaks: readonly KnownBreak[],
  q: { force_code: string; offence_group: string | null; start: string; end: string },
): KnownBreak[] {
  return breaks.filter(
    (b) =>
      (b.force_code === null || b.force_code === q.force_code) &&
      (b.offence_groups === null || q.offence_group === null || b.offence_groups.includes(q.offence_group)) &&
      overlaps(q.start, q.end, b.start, b.end),
  );
}

/** True when a month lies inside a temporary break (shocks, improvements, migrations) for this force and group. */
export function inTemporaryBreak(
  breaks: readonly KnownBreak[],
  q: { force_code: string; offence_group: string | null; month: string },
): boolean {
  return breaksAffecting(breaks, { ...q, start: q.month, end: q.month }).some((b) => b.end !== null);
}
