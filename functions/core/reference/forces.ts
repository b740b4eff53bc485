/**
 * The 43 territorial police forces of England and Wales plus British Transport Police, and the one
 * resolver every input goes through (contract §1: slug, ONS police force area code or any published
 * Home Office spelling). Everything downstream keys on the data.police.uk slug.
 *
 * ONS codes and names are those of the ONS LAD17→CSP17→PFA17 lookup (PFA17CD/PFA17NM); BTP polices
 * the railways, not an area, so it has no PFA code. Regions are the ONS English regions (and Wales)
 * used by the Home Office tables.
 */
import { nameKey } from './name-key.ts';

export const REGIONS = [
  'North East',
  'North West',
  'Yorkshire and The Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
  'Wales',
] as const;
export type Region = (typeof REGIONS)[number];

export interface Force {
  /** data.police.uk force id: the identifier used everywhere downstream. */
  readonly slug: string;
  /** ONS police force area code (E23…, W15…); null for BTP, which has no area. */
  readonly onsCode: string | null;
  /** The name as the Home Office police-recorded-crime tables print it. */
  readonly name: string;
  /** The force's own name as data.police.uk lists it. */
  readonly policeUkName: string;
  /** ONS region (or Wales); null for BTP, which is national. */
  readonly region: Region | null;
  /** Further spellings seen in published tables (ONS lookup, Home Office and ONS open data). */
  readonly spellings: readonly string[];
}

function force(
  slug: string,
  onsCode: string | null,
  name: string,
  policeUkName: string,
  region: Region | null,
  spellings: readonly string[] = [],
): Force {
  return Object.freeze({
    slug,
    onsCode,
    name,
    policeUkName,
    region,
    spellings: Object.freeze([...spellings]),
  });
}

/** Ordered by ONS code (England, then Wales), BTP last. */
export const FORCES: readonly Force[] = Object.freeze([
  force('metropolitan', 'E23000001', 'Metropolitan Police', 'Metropolitan Police Service', 'London'),
  force('cumbria', 'E23000002', 'Cumbria', 'Cumbria Constabulary', 'North West'),
  force('lancashire', 'E23000003', 'Lancashire', 'Lancashire Constabulary', 'North West'),
  force('merseyside', 'E23000004', 'Merseyside', 'Merseyside Police', 'North West'),
  force('greater-manchester', 'E23000005', 'Greater Manchester', 'Greater Manchester Police', 'North West'),
  force('cheshire', 'E23000006', 'Cheshire', 'Cheshire Constabulary', 'North West'),
  force('northumbria', 'E23000007', 'Northumbria', 'Northumbria Police', 'North East'),
  force('durham', 'E23000008', 'Durham', 'Durham Constabulary', 'North East'),
  force(
    'north-yorkshire',
    'E23000009',
    'North Yorkshire',
    'North Yorkshire Police',
    'Yorkshire and The Humber',
  ),
  force('west-yorkshire', 'E23000010', 'West Yorkshire', 'West Yorkshire Police', 'Yorkshire and The Humber'),
  force(
    'south-yorkshire',
    'E23000011',
    'South Yorkshire',
    'South Yorkshire Police',
    'Yorkshire and The Humber',
  ),
  force('humberside', 'E23000012', 'Humberside', 'Humberside Police', 'Yorkshire and The Humber'),
  force('cleveland', 'E23000013', 'Cleveland', 'Cleveland Police', 'North East'),
  force('west-midlands', 'E23000014', 'West Midlands', 'West Midlands Police', 'West Midlands'),
  force('staffordshire', 'E23000015', 'Staffordshire', 'Staffordshire Police', 'West Midlands'),
  force('west-mercia', 'E23000016', 'West Mercia', 'West Mercia Police', 'West Midlands'),
  force('warwickshire', 'E23000017', 'Warwickshire', 'Warwickshire Police', 'West Midlands'),
  force('derbyshire', 'E23000018', 'Derbyshire', 'Derbyshire Constabulary', 'East Midlands'),
  force('nottinghamshire', 'E23000019', 'Nottinghamshire', 'Nottinghamshire Police', 'East Midlands'),
  force('lincolnshire', 'E23000020', 'Lincolnshire', 'Lincolnshire Police', 'East Midlands'),
  force('leicestershire', 'E23000021', 'Leicestershire', 'Leicestershire Police', 'East Midlands'),
  force('northamptonshire', 'E23000022', 'Northamptonshire', 'Northamptonshire Police', 'East Midlands'),
  force('cambridgeshire', 'E23000023', 'Cambridgeshire', 'Cambridgeshire Constabulary', 'East of England'),
  force('norfolk', 'E23000024', 'Norfolk', 'Norfolk Constabulary', 'East of England'),
  force('suffolk', 'E23000025', 'Suffolk', 'Suffolk Constabulary', 'East of England'),
  force('bedfordshire', 'E23000026', 'Bedfordshire', 'Bedfordshire Police', 'East of England'),
  force('hertfordshire', 'E23000027', 'Hertfordshire', 'Hertfordshire Constabulary', 'East of England'),
  force('essex', 'E23000028', 'Essex', 'Essex Police', 'East of England'),
  force('thames-valley', 'E23000029', 'Thames Valley', 'Thames Valley Police', 'South East'),
  // Renamed "Hampshire and Isle of Wight Constabulary" in 2022; older tables say "Hampshire".
  force('hampshire', 'E23000030', 'Hampshire', 'Hampshire Constabulary', 'South East', [
    'Hampshire and Isle of Wight',
    'Hampshire and Isle of Wight Constabulary',
  ]),
  force('surrey', 'E23000031', 'Surrey', 'Surrey Police', 'South East'),
  force('kent', 'E23000032', 'Kent', 'Kent Police', 'South East'),
  force('sussex', 'E23000033', 'Sussex', 'Sussex Police', 'South East'),
  force('city-of-london', 'E23000034', 'London, City of', 'City of London Police', 'London', [
    'City of London',
  ]),
  force('devon-and-cornwall', 'E23000035', 'Devon and Cornwall', 'Devon & Cornwall Police', 'South West'),
  force(
    'avon-and-somerset',
    'E23000036',
    'Avon and Somerset',
    'Avon and Somerset Constabulary',
    'South West',
  ),
  force('gloucestershire', 'E23000037', 'Gloucestershire', 'Gloucestershire Constabulary', 'South West'),
  force('wiltshire', 'E23000038', 'Wiltshire', 'Wiltshire Police', 'South West'),
  force('dorset', 'E23000039', 'Dorset', 'Dorset Police', 'South West'),
  force('north-wales', 'W15000001', 'North Wales', 'North Wales Police', 'Wales'),
  force('gwent', 'W15000002', 'Gwent', 'Gwent Police', 'Wales'),
  force('south-wales', 'W15000003', 'South Wales', 'South Wales Police', 'Wales'),
  force('dyfed-powys', 'W15000004', 'Dyfed-Powys', 'Dyfed-Powys Police', 'Wales'),
  force('btp', null, 'British Transport Police', 'British Transport Police', null, ['BTP']),
]);

/**
 * Every accepted spelling folded to its key. "&"≡"and", case, spaces and punctuation are folded by
 * nameKey, so "Avon & Somerset", "avon-and-somerset" and "AVON AND SOMERSET" are one key.
 */
const BY_KEY: ReadonlyMap<string, Force> = (() => {
  const map = new Map<string, Force>();
  for (const f of FORCES) {
    const names = [f.slug, f.name, f.policeUkName, ...f.spellings];
    if (f.onsCode) names.push(f.onsCode);
    for (const n of names) {
      const key = nameKey(n);
      const seen = map.get(key);
      if (seen && seen !== f)
        throw new Error(`force spelling "${n}" is claimed by ${seen.slug} and ${f.slug}`);
      map.set(key, f);
    }
  }
  return map;
})();

/** "Kent Police", "Durham Constabulary", "Metropolitan Police Service": the words forces append. */
const FORCE_SUFFIXES = ['policeservice', 'constabulary', 'policeforce', 'police'];

/**
 * The force named by a slug, an ONS PFA code or any published name; null when it names no force.
 * Non-force bodies (Action Fraud, CIFAS, UK Finance) deliberately return null: see isNonForceBody.
 */
export function resolveForce(input: string): Force | null {
  let key = nameKey(input);
  if (key === '') return null;
  const direct = BY_KEY.get(key);
  if (direct) return direct;
  if (key.startsWith('the')) {
    key = key.slice(3);
    const withoutArticle = BY_KEY.get(key);
    if (withoutArticle) return withoutArticle;
  }
  for (const suffix of FORCE_SUFFIXES) {
    if (key.endsWith(suffix) && key.length > suffix.length) {
      const stem = BY_KEY.get(key.slice(0, -suffix.length));
      if (stem) return stem;
    }
  }
  return null;
}

/** Looks a force up by its slug only (for data already normalised); null when unknown. */
export function forceBySlug(slug: string): Force | null {
  return FORCES.find((f) => f.slug === slug) ?? null;
}

/**
 * Bodies that appear in the Home Office tables beside the forces but are not police forces: the
 * national fraud-reporting centre and the two industry bodies whose fraud reports are counted
 * centrally. Their rows are not a force's recording and the auditor does not audit them.
 */
export const NON_FORCE_BODIES = ['Action Fraud', 'CIFAS', 'UK Finance'] as const;
export type NonForceBody = (typeof NON_FORCE_BODIES)[number];

const NON_FORCE_BY_KEY: ReadonlyMap<string, NonForceBody> = new Map<string, NonForceBody>([
  ['actionfraud', 'Action Fraud'],
  ['fraudactionfraud', 'Action Fraud'],
  ['nfib', 'Action Fraud'],
  ['nationalfraudintelligencebureau', 'Action Fraud'],
  ['cifas', 'CIFAS'],
  ['fraudcifas', 'CIFAS'],
  ['ukfinance', 'UK Finance'],
  ['fraudukfinance', 'UK Finance'],
]);

/** The canonical name of the non-force body this names (e.g. "Fraud: CIFAS" → "CIFAS"), else null. */
export function resolveNonForceBody(input: string): NonForceBody | null {
  return NON_FORCE_BY_KEY.get(nameKey(input)) ?? null;
}

/** True for Action Fraud, CIFAS and UK Finance in any of their spellings. */
export function isNonForceBody(input: string): boolean {
  return resolveNonForceBody(input) !== null;
}
