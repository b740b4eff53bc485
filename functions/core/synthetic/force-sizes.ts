/**
 * Relative size of each force for the example data: thousands of crimes a year (excluding fraud),
 * rounded from the Home Office 2019/20 police force area totals (shared/data/real, quarterly force ×
 * offence-group table) and, for BTP, from its 2024/25 open-data rows. Only ratios matter here: they
 * spread the 44 forces over two orders of magnitude, from the Met down to the City of London.
 *
 * The slugs are the data.police.uk ones (contract §1). The canonical force list is the reference
 * module's FORCES; this table is only the generator's size parameter, keyed by the same slugs (a test
 * keeps the two in step).
 */
import { FORCES } from '../reference/forces.ts';

export const FORCE_ANNUAL_THOUSANDS: Readonly<Record<string, number>> = {
  'avon-and-somerset': 141,
  bedfordshire: 56,
  cambridgeshire: 68,
  cheshire: 95,
  'city-of-london': 8.7,
  cleveland: 70,
  cumbria: 38,
  derbyshire: 80,
  'devon-and-cornwall': 100,
  dorset: 54,
  durham: 65,
  'dyfed-powys': 32,
  essex: 167,
  gloucestershire: 41,
  'greater-manchester': 273,
  gwent: 57,
  hampshire: 161,
  hertfordshire: 84,
  humberside: 100,
  kent: 191,
  lancashire: 142,
  leicestershire: 94,
  lincolnshire: 60,
  merseyside: 138,
  metropolitan: 906,
  norfolk: 66,
  'north-wales': 61,
  'north-yorkshire': 47,
  northamptonshire: 63,
  northumbria: 149,
  nottinghamshire: 107,
  'south-wales': 111,
  'south-yorkshire': 149,
  staffordshire: 79,
  suffolk: 57,
  surrey: 77,
  sussex: 128,
  'thames-valley': 171,
  warwickshire: 42,
  'west-mercia': 87,
  'west-midlands': 261,
  'west-yorkshire': 288,
  wiltshire: 44,
  btp: 72,
};

/** The 43 territorial forces of England and Wales plus BTP, in the reference order (ONS code, BTP last). */
export const SYNTHETIC_FORCES: readonly string[] = FORCES.map((f) => f.slug);

/** Territorial forces only: national volumes in the offence profile are England and Wales totals. */
const NATIONAL_THOUSANDS = Object.entries(FORCE_ANNUAL_THOUSANDS)
  .filter(([slug]) => slug !== 'btp')
  .reduce((sum, [, v]) => sum + v, 0);

export function forceShare(slug: string): number {
  const size = FORCE_ANNUAL_THOUSANDS[slug];
  if (size === undefined) throw new RangeError(`no synthetic size for force ${JSON.stringify(slug)}`);
  return size / NATIONAL_THOUSANDS;
}
