// The versioned offence reference table: built faithfully from the lookup CSV, and looked up by code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import {
  lookupOffence,
  normaliseOffenceCode,
  OFFENCE_GROUPS,
  OFFENCE_REFERENCE_VERSION,
  OFFENCE_SUBGROUPS,
  OFFENCES,
  resolveOffenceGroup,
  resolveOffenceSubgroup,
} from '#core/reference/offence-reference.ts';

const LOOKUP_CSV = '/work/shared/data/real/offence_code_lookup_2024-25.csv';
const COMMITTED = 'functions/core/reference/offence-codes-2024-25.json';
const tmp = mkdtempSync(join(tmpdir(), 'offence-ref-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('offence reference table', () => {
  it('is version 2024-25.1 and holds every row of the lookup CSV unchanged', () => {
    expect(OFFENCE_REFERENCE_VERSION).toBe('2024-25.1');
    const rows: Record<string, string>[] = parse(readFileSync(LOOKUP_CSV), { bom: true, columns: true });
    expect(OFFENCES).toHaveLength(rows.length);
    for (const r of rows) {
      expect(lookupOffence(r['Offence Code']!)).toEqual({
        code: r['Offence Code'],
        description: r['Offence Description'],
        group: r['Offence Group'],
        subgroup: r['Offence Subgroup'],
      });
    }
  });

  it('is reproduced byte for byte by scripts/build-offence-reference.ts', () => {
    const out = join(tmp, 'rebuilt.json');
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/build-offence-reference.ts', LOOKUP_CSV, out],
      {
        stdio: 'pipe',
      },
    );
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(COMMITTED, 'utf8'));
  });
});

describe('lookupOffence', () => {
  it('keeps 4.1 and 4.10 apart: they are different offences', () => {
    expect(lookupOffence('4.1')?.description).toBe('Manslaughter');
    expect(lookupOffence('4.10')?.description).toBe('Corporate manslaughter');
    expect(lookupOffence('4.100')).toBeNull();
    expect(lookupOffence('4.01')).toBeNull();
  });

  it('tolerates padding and letter case, and returns the canonical code', () => {
    expect(lookupOffence(' 8n ')).toMatchObject({
      code: '8N',
      group: 'Violence against the person',
      subgroup: 'Violence with injury',
    });
    expect(lookupOffence('105a')?.code).toBe('105A');
    expect(lookupOffence('37.2')?.subgroup).toBe('Vehicle offences');
    expect(lookupOffence('uk   finance')?.code).toBe('UK Finance');
  });

  it('returns null for codes it does not know', () => {
    expect(lookupOffence('')).toBeNull();
    expect(lookupOffence('8Z')).toBeNull();
    expect(lookupOffence('8 N')).toBeNull();
  });

  it('normalises codes without numeric rewriting', () => {
    expect(normaliseOffenceCode(' 4.10 ')).toBe('4.10');
    expect(normaliseOffenceCode('08n')).toBe('08N');
  });
});

describe('offence groups', () => {
  it('lists the ten Home Office groups, Fraud offences included', () => {
    expect(OFFENCE_GROUPS).toHaveLength(10);
    expect(OFFENCE_GROUPS).toContain('Fraud offences');
    expect(OFFENCE_GROUPS).toContain('Theft offences');
  });

  it('resolves group names whatever their case, spacing or ampersand', () => {
    expect(resolveOffenceGroup('theft OFFENCES')).toBe('Theft offences');
    expect(resolveOffenceGroup('  Criminal damage & arson ')).toBe('Criminal damage and arson');
    expect(resolveOffenceGroup('Violence-against-the-person')).toBe('Violence against the person');
    expect(resolveOffenceGroup('Burglary')).toBeNull();
  });

  it('has subgroups that name their group, each subgroup once', () => {
    expect(new Set(OFFENCE_SUBGROUPS.map((s) => s.subgroup)).size).toBe(OFFENCE_SUBGROUPS.length);
    expect(resolveOffenceSubgroup('residential BURGLARY')).toEqual({
      group: 'Theft offences',
      subgroup: 'Residential burglary',
    });
    for (const s of OFFENCE_SUBGROUPS) expect(OFFENCE_GROUPS).toContain(s.group);
  });
});
