/**
 * The offence side of the detection benchmark: which offence codes it generates, how big each is
 * nationally, how it moves through the year, and which codes can stand in for each other
 * (the substitutable families a downgrade moves crimes between).
 *
 * Codes, groups and subgroups come from the versioned reference table (OFFENCES). Fraud codes are
 * left out: police-recorded fraud moved to Action Fraud in 2013 and forces no longer return it.
 * The anchors below are rounded, plausible England-and-Wales annual volumes for the codes that carry
 * most crime and every code a family uses (METHODS §6: national total ≈ 3.7M–6M a year; rape ≈ 22–24k
 * in 2014, more since). Every other code gets a log-normal volume (σ = 2), so many codes have 0–2
 * crimes in a force-month, as in real returns. They are synthetic magnitudes, not published figures.
 */
import { OFFENCES, type OffenceInfo } from '#core/reference/offence-reference.ts';

/** Codes the benchmark never generates: fraud is recorded nationally, not by forces. */
const EXCLUDED_GROUPS = new Set(['Fraud offences']);

/** Crimes a year across England and Wales (all forces) for the codes that matter most. */
export const ANCHOR_ANNUAL: Readonly<Record<string, number>> = {
  // Violence against the person
  '8N': 330_000,
  '105A': 470_000,
  '5D': 24_000,
  '8L': 90_000,
  '8Q': 25_000,
  '8R': 170_000,
  '8U': 30_000,
  '8P': 5_000,
  '8S': 11_000,
  '8T': 8_000,
  '104': 22_000,
  '105B': 14_000,
  '3B': 24_000,
  '11A': 14_000,
  '1': 600,
  '2': 650,
  // Sexual offences
  '19C': 28_000,
  '19D': 6_000,
  '19E': 3_500,
  '19F': 1_800,
  '19G': 900,
  '19H': 1_000,
  '20A': 45_000,
  '20B': 6_500,
  '17A': 5_500,
  '17B': 3_000,
  '88E': 12_000,
  // Robbery
  '34A': 6_000,
  '34B': 65_000,
  // Theft
  '28E': 170_000,
  '28F': 40_000,
  '30C': 95_000,
  '30D': 20_000,
  '39': 95_000,
  '44': 90_000,
  '45': 240_000,
  '46': 380_000,
  '48': 100_000,
  '49': 430_000,
  '49A': 40_000,
  '126': 30_000,
  // Criminal damage and arson
  '56A': 4_000,
  '56B': 20_000,
  '58A': 150_000,
  '58B': 40_000,
  '58C': 180_000,
  '58D': 90_000,
  // Drugs, weapons, public order, miscellaneous
  '92A': 30_000,
  '92D': 30_000,
  '92E': 100_000,
  '10C': 12_000,
  '10D': 25_000,
  '9A': 230_000,
  '9B': 50_000,
  '66': 20_000,
  '83': 10_000,
};

/** Median national annual volume of the codes without an anchor (log-normal, σ = 2). */
export const TAIL_MEDIAN_ANNUAL = 150;
export const TAIL_LOG_SD = 2;

/** Calendar month of the seasonal peak by offence group (violence in summer, acquisitive crime in winter). */
export const SEASONAL_PEAK: Readonly<Record<string, number>> = {
  'Violence against the person': 7,
  'Sexual offences': 7,
  'Public order offences': 7,
  'Criminal damage and arson': 7,
  Robbery: 12,
  'Theft offences': 12,
  'Drug offences': 4,
  'Possession of weapons offences': 8,
  'Miscellaneous crimes against society': 3,
};

/**
 * Multiplier on a force's base cancellation ("no-crime") proportion, by group and for rape. Rape had
 * by far the highest no-crime proportion (≈12% nationally in 2010/11, 2.4%–30% across forces:
 * HMIC/HMCPSI 2012); acquisitive crime the lowest.
 */
export const CANCELLATION_FACTOR: Readonly<Record<string, number>> = {
  'Violence against the person': 1.3,
  'Sexual offences': 2.5,
  'Public order offences': 1.1,
  'Criminal damage and arson': 0.8,
  Robbery: 1.2,
  'Theft offences': 0.6,
  'Drug offences': 0.4,
  'Possession of weapons offences': 0.6,
  'Miscellaneous crimes against society': 0.8,
};
export const RAPE_CANCELLATION_FACTOR = 4;

/**
 * Codes that can substitute for each other: a crime of a `serious` code can be recorded as one of the
 * `lesser` codes (violence with injury as violence without injury, robbery as theft from the person,
 * burglary as criminal damage to a dwelling, rape as a lesser sexual assault). The generator lets the
 * serious share of each family drift slowly; the S1 injection moves crimes from a serious to a lesser
 * code of one family.
 */
export interface SubstitutableFamily {
  readonly id: string;
  readonly serious: readonly string[];
  readonly lesser: readonly string[];
  readonly description: string;
}

export const FAMILIES: readonly SubstitutableFamily[] = [
  {
    id: 'violence-injury',
    serious: ['8N', '5D'],
    lesser: ['105A'],
    description: 'violence with injury (8N, 5D) vs assault without injury (105A)',
  },
  {
    id: 'robbery-theft-person',
    serious: ['34B'],
    lesser: ['39'],
    description: 'robbery of personal property (34B) vs theft from the person (39)',
  },
  {
    id: 'burglary-damage',
    serious: ['28E'],
    lesser: ['58A'],
    description: 'residential burglary (28E) vs criminal damage to a dwelling (58A)',
  },
  {
    id: 'rape-other-sexual',
    serious: ['19C', '19D', '19E', '19F', '19G', '19H'],
    lesser: ['20A', '20B', '17A', '17B'],
    description: 'rape (19C–19H) vs sexual assault (20A, 20B, 17A, 17B)',
  },
];

/** The directed pairs an S1 injection may use: crimes leave `from` and appear as `to`. */
export const DOWNGRADE_PAIRS: ReadonlyArray<{ family: string; from: string; to: string }> = [
  { family: 'violence-injury', from: '8N', to: '105A' },
  { family: 'violence-injury', from: '5D', to: '105A' },
  { family: 'robbery-theft-person', from: '34B', to: '39' },
  { family: 'burglary-damage', from: '28E', to: '58A' },
  { family: 'rape-other-sexual', from: '19C', to: '20A' },
];

/**
 * Steps down the seriousness ladders (the blind spot 2): 5D > 8N > 105A inside violence,
 * robbery > theft from the person (39 in the reference table). 5D → 8N stays on the serious side of
 * `violence-injury`, which a serious-versus-lesser family test cannot see. Rape recorded as sexual
 * assault (19C → 20A) is its own shape (shapes.ts).
 */
export const LADDER_STEPS: ReadonlyArray<{ family: string; from: string; to: string }> = [
  { family: 'violence-injury', from: '5D', to: '8N' },
  { family: 'violence-injury', from: '8N', to: '105A' },
  { family: 'robbery-theft-person', from: '34B', to: '39' },
];

export function familyCodes(family: SubstitutableFamily): string[] {
  return [...family.serious, ...family.lesser];
}

/** Every code the benchmark can generate, in reference-table order. */
export const BENCHMARK_OFFENCES: readonly OffenceInfo[] = OFFENCES.filter(
  (o) => !EXCLUDED_GROUPS.has(o.group),
);

/** Codes every family and every injection needs: the minimum subset a fast run must keep. */
export const CORE_CODES: readonly string[] = [
  ...new Set([...FAMILIES.flatMap(familyCodes), ...Object.keys(ANCHOR_ANNUAL)]),
];

export function isRapeCode(code: string): boolean {
  return /^19[C-K]$/.test(code);
}
