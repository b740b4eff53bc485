/**
 * The offence codes the example data uses and the shape of each series: a national annual volume,
 * seasonality, a mild trend and a relative cancellation propensity.
 *
 * Codes, descriptions, groups and subgroups are copied from the Home Office 2024/25 offence-code
 * lookup (shared/data/real/offence_code_lookup_2024-25.csv). Volumes are rounded, plausible national
 * (England and Wales) annual counts in the spirit of the published 2019/20 tables, not the published
 * figures themselves: this is example data, and it says so everywhere it is written out.
 */

export interface SyntheticOffence {
  code: string;
  description: string;
  group: string;
  subgroup: string;
  /** Crimes a year across England and Wales at the start of the span. */
  nationalAnnual: number;
  /** Relative amplitude of the annual cycle (0.1 = ±10 % around the mean). */
  seasonalAmplitude: number;
  /** Calendar month (1..12) of the seasonal peak. */
  peakMonth: number;
  /** Relative change per year (0.05 = +5 % a year). */
  annualTrend: number;
  /** Multiplier on the force's base cancellation rate. */
  cancellationFactor: number;
}

const VAP = 'Violence against the person';
const SEX = 'Sexual offences';
const THEFT = 'Theft offences';
const DAMAGE = 'Criminal damage and arson';

export const SYNTHETIC_OFFENCES: readonly SyntheticOffence[] = [
  o('8N', 'Assault with injury', VAP, 'Violence with injury', 450_000, 0.08, 7, 0.0, 1.2),
  o(
    '5D',
    'Assault with intent to cause serious harm',
    VAP,
    'Violence with injury',
    25_000,
    0.08,
    7,
    0.01,
    1.1,
  ),
  o('105A', 'Assault without injury', VAP, 'Violence without injury', 450_000, 0.07, 7, 0.02, 1.2),
  o('8R', 'Malicious Communications', VAP, 'Stalking and harassment', 200_000, 0.04, 7, 0.08, 1.0),
  o('8U', 'Controlling and coercive behaviour', VAP, 'Stalking and harassment', 40_000, 0.05, 7, 0.12, 1.1),
  o('19C', 'Rape of a female aged 16 and over', SEX, 'Rape offences', 40_000, 0.06, 7, 0.05, 1.3),
  o(
    '20A',
    'Sexual assault on a female aged 13 and over',
    SEX,
    'Other sexual offences',
    45_000,
    0.08,
    7,
    0.04,
    1.2,
  ),
  o(
    '34B',
    'Robbery of personal property',
    'Robbery',
    'Robbery of personal property',
    80_000,
    0.08,
    11,
    -0.02,
    0.9,
  ),
  o('28E', 'Burglary Residential', THEFT, 'Residential burglary', 270_000, 0.12, 12, -0.05, 0.8),
  o(
    '30C',
    'Burglary Business and Community',
    THEFT,
    'Non-residential burglary',
    100_000,
    0.06,
    12,
    -0.04,
    0.8,
  ),
  o('46', 'Shoplifting', THEFT, 'Shoplifting', 380_000, 0.06, 12, 0.04, 0.6),
  o('39', 'Theft from the person', THEFT, 'Theft from the person', 100_000, 0.08, 12, 0.02, 0.8),
  o('45', 'Theft from vehicle', THEFT, 'Vehicle offences', 250_000, 0.06, 11, -0.04, 0.7),
  o(
    '48',
    'Theft or unauthorised taking of motor vehicle',
    THEFT,
    'Vehicle offences',
    110_000,
    0.05,
    11,
    0.01,
    0.8,
  ),
  o(
    '44',
    'Theft or unauthorised taking of a pedal cycle',
    THEFT,
    'Bicycle theft',
    90_000,
    0.25,
    8,
    -0.04,
    0.7,
  ),
  o('49', 'Other theft', THEFT, 'Other theft offences', 450_000, 0.06, 8, -0.01, 0.8),
  o('58A', 'Criminal damage to a dwelling', DAMAGE, 'Criminal damage', 140_000, 0.06, 7, -0.03, 0.9),
  o('58C', 'Criminal damage to a vehicle', DAMAGE, 'Criminal damage', 150_000, 0.06, 11, -0.03, 0.9),
  o('56B', 'Arson not endangering life', DAMAGE, 'Arson', 20_000, 0.15, 4, 0.0, 0.9),
  o(
    '92E',
    'Possession of controlled drugs (Cannabis)',
    'Drug offences',
    'Possession of drugs',
    100_000,
    0.06,
    5,
    -0.03,
    0.5,
  ),
  o(
    '10D',
    'Possession of article with blade or point',
    'Possession of weapons offences',
    'Possession of weapons offences',
    25_000,
    0.05,
    7,
    0.02,
    0.5,
  ),
  o(
    '9A',
    'Public fear, alarm or distress',
    'Public order offences',
    'Public order offences',
    300_000,
    0.08,
    7,
    0.03,
    1.0,
  ),
];

function o(
  code: string,
  description: string,
  group: string,
  subgroup: string,
  nationalAnnual: number,
  seasonalAmplitude: number,
  peakMonth: number,
  annualTrend: number,
  cancellationFactor: number,
): SyntheticOffence {
  return {
    code,
    description,
    group,
    subgroup,
    nationalAnnual,
    seasonalAmplitude,
    peakMonth,
    annualTrend,
    cancellationFactor,
  };
}

export function syntheticOffence(code: string): SyntheticOffence {
  const found = SYNTHETIC_OFFENCES.find((x) => x.code === code);
  if (!found) throw new RangeError(`no synthetic profile for offence code ${JSON.stringify(code)}`);
  return found;
}

/** Seasonal multiplier for a calendar month: a cosine with mean one over the year. */
export function seasonalFactor(offence: SyntheticOffence, calendarMonth: number): number {
  return 1 + offence.seasonalAmplitude * Math.cos((2 * Math.PI * (calendarMonth - offence.peakMonth)) / 12);
}

/**
 * Where a force's offence mix departs from the national one: the City of London and BTP police
 * transport hubs and the financial district (few residents, many pickpockets), the Met has more
 * street robbery. Multipliers apply on top of the force's overall size.
 */
export const FORCE_MIX_OVERRIDES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  metropolitan: { '34B': 2.5, '39': 3, '28E': 1.1, '92E': 1.3 },
  'city-of-london': {
    '39': 6,
    '46': 1.5,
    '34B': 1.5,
    '28E': 0.05,
    '58A': 0.1,
    '8U': 0.1,
    '19C': 0.4,
    '44': 2,
  },
  btp: {
    '39': 7,
    '28E': 0.01,
    '30C': 0.2,
    '58A': 0.01,
    '8U': 0.02,
    '45': 0.1,
    '48': 0.05,
    '46': 0.3,
    '44': 2.5,
    '9A': 1.6,
    '10D': 1.5,
    '19C': 0.2,
  },
};
