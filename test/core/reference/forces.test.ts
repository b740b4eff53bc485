// The force resolver against every spelling in the published tables, the ONS lookup and the slugs.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  FORCES,
  forceBySlug,
  isNonForceBody,
  NON_FORCE_BODIES,
  resolveForce,
  resolveNonForceBody,
} from '#core/reference/forces.ts';

const REAL = '/work/shared/data/real';

function column(file: string, name: string): string[] {
  const rows: Record<string, string>[] = parse(readFileSync(`${REAL}/${file}`), { bom: true, columns: true });
  return [...new Set(rows.map((r) => r[name]!))].sort();
}

const DATA_POLICE_UK_SLUGS = [
  'avon-and-somerset',
  'bedfordshire',
  'btp',
  'cambridgeshire',
  'cheshire',
  'city-of-london',
  'cleveland',
  'cumbria',
  'derbyshire',
  'devon-and-cornwall',
  'dorset',
  'durham',
  'dyfed-powys',
  'essex',
  'gloucestershire',
  'greater-manchester',
  'gwent',
  'hampshire',
  'hertfordshire',
  'humberside',
  'kent',
  'lancashire',
  'leicestershire',
  'lincolnshire',
  'merseyside',
  'metropolitan',
  'norfolk',
  'north-wales',
  'north-yorkshire',
  'northamptonshire',
  'northumbria',
  'nottinghamshire',
  'south-wales',
  'south-yorkshire',
  'staffordshire',
  'suffolk',
  'surrey',
  'sussex',
  'thames-valley',
  'warwickshire',
  'west-mercia',
  'west-midlands',
  'west-yorkshire',
  'wiltshire',
];

describe('FORCES', () => {
  it('holds the 43 territorial forces plus BTP under their data.police.uk slugs', () => {
    expect(FORCES.map((f) => f.slug).sort()).toEqual(DATA_POLICE_UK_SLUGS);
  });

  it('gives every territorial force a distinct ONS code and a region, and BTP neither', () => {
    const territorial = FORCES.filter((f) => f.slug !== 'btp');
    expect(new Set(territorial.map((f) => f.onsCode)).size).toBe(43);
    expect(territorial.every((f) => f.region !== null)).toBe(true);
    expect(FORCES.filter((f) => /^W15/.test(f.onsCode ?? '')).map((f) => f.region)).toEqual([
      'Wales',
      'Wales',
      'Wales',
      'Wales',
    ]);
    expect(forceBySlug('btp')).toMatchObject({
      onsCode: null,
      region: null,
      name: 'British Transport Police',
    });
  });

  it('matches the ONS PFA17 lookup: each code and each name resolves to the force with that code', () => {
    const rows: Record<string, string>[] = parse(readFileSync(`${REAL}/LAD17_CSP17_PFA17_lookup.csv`), {
      bom: true,
      columns: true,
    });
    const pairs = new Map(rows.map((r) => [r.PFA17CD!, r.PFA17NM!]));
    expect(pairs.size).toBe(43);
    for (const [code, name] of pairs) {
      expect(resolveForce(code)?.onsCode, code).toBe(code);
      expect(resolveForce(name)?.onsCode, name).toBe(code);
      expect(resolveForce(code.toLowerCase())?.onsCode).toBe(code);
    }
  });
});

describe('resolveForce over every published spelling', () => {
  const spellings = [
    ...column('prc_pfa_force_offencegroup_quarterly_2002-03_to_2023-24.csv', 'Force Name'),
    ...column('rec-crime-pfa.csv', 'PFA'),
    ...column('group1_CLEANED_national_forces_crime_data_2024-2025.csv', 'Force Name'),
    ...column('csew_prc_pfa_11_v3.csv', 'PFA17NM'),
  ];

  it('resolves every force name in the real tables, and only the non-force bodies fail', () => {
    const unresolved = [...new Set(spellings.filter((s) => resolveForce(s) === null))].sort();
    expect(unresolved).toEqual(['Action Fraud', 'CIFAS', 'UK Finance']);
    expect(unresolved.every(isNonForceBody)).toBe(true);
    // 43 territorial forces + BTP across the files.
    expect(new Set(spellings.map((s) => resolveForce(s)?.slug).filter(Boolean)).size).toBe(44);
  });

  it.each([
    ['Avon & Somerset', 'avon-and-somerset'],
    ['Avon and Somerset', 'avon-and-somerset'],
    ['  AVON  &  SOMERSET ', 'avon-and-somerset'],
    ['avon-and-somerset', 'avon-and-somerset'],
    ['Avon and Somerset Constabulary', 'avon-and-somerset'],
    ['London, City of', 'city-of-london'],
    ['City of London', 'city-of-london'],
    ['City of London Police', 'city-of-london'],
    ['E23000034', 'city-of-london'],
    ['Metropolitan Police', 'metropolitan'],
    ['The Metropolitan Police Service', 'metropolitan'],
    ['metropolitan', 'metropolitan'],
    ['Greater Manchester Police', 'greater-manchester'],
    ['e23000005', 'greater-manchester'],
    ['Devon & Cornwall', 'devon-and-cornwall'],
    ['Devon and Cornwall Police', 'devon-and-cornwall'],
    ['Dyfed Powys', 'dyfed-powys'],
    ['W15000004', 'dyfed-powys'],
    ['Hampshire and Isle of Wight Constabulary', 'hampshire'],
    ['British Transport Police', 'btp'],
    ['BTP', 'btp'],
    ['durham constabulary', 'durham'],
  ])('%j → %s', (input, slug) => {
    expect(resolveForce(input)?.slug).toBe(slug);
  });

  it.each(['', '   ', 'Police Scotland', 'Northern Ireland', 'Avon', 'Police', 'E23000040', 'W15000005'])(
    '%j resolves to no force',
    (input) => {
      expect(resolveForce(input)).toBeNull();
    },
  );
});

describe('non-force bodies', () => {
  it.each([
    ['Action Fraud', 'Action Fraud'],
    ['Fraud: Action Fraud', 'Action Fraud'],
    ['action  fraud', 'Action Fraud'],
    ['CIFAS', 'CIFAS'],
    ['Fraud: CIFAS', 'CIFAS'],
    ['UK Finance', 'UK Finance'],
    ['uk-finance', 'UK Finance'],
  ])('%j is recognised as %s and is not a force', (input, body) => {
    expect(resolveForce(input)).toBeNull();
    expect(isNonForceBody(input)).toBe(true);
    expect(resolveNonForceBody(input)).toBe(body);
  });

  it('does not mistake forces for non-force bodies', () => {
    expect(NON_FORCE_BODIES).toHaveLength(3);
    expect(FORCES.some((f) => isNonForceBody(f.name) || isNonForceBody(f.slug))).toBe(false);
  });
});
