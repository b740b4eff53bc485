// Recognising the input format from header columns.
import { describe, expect, it } from 'vitest';
import { detectFormat } from '#core/ingest/formats.ts';

function fieldsOf(header: string[]) {
  const r = detectFormat(header);
  if (!r.ok) throw new Error(r.message);
  return { format: r.columns.format, index: Object.fromEntries(r.columns.index), width: r.columns.width };
}

describe('detectFormat', () => {
  it('recognises the monthly aggregate return, with and without cancelled', () => {
    expect(fieldsOf(['force_code', 'month', 'offence_code', 'recorded', 'cancelled'])).toEqual({
      format: 'monthly_aggregate',
      index: { force_code: 0, month: 1, offence_code: 2, recorded: 3, cancelled: 4 },
      width: 5,
    });
    expect(fieldsOf(['force_code', 'month', 'offence_code', 'recorded']).index).not.toHaveProperty(
      'cancelled',
    );
  });

  it('ignores case, spacing, a UTF-8 BOM and extra columns', () => {
    const r = fieldsOf(['\uFEFFForce Code', ' MONTH ', 'Notes', 'Offence-Code', 'Recorded']);
    expect(r.format).toBe('monthly_aggregate');
    expect(r.index).toEqual({ force_code: 0, month: 1, offence_code: 3, recorded: 4 });
  });

  it('recognises the Home Office code-level table, tolerating a leading unnamed index column', () => {
    const header = [
      '',
      'Financial Year',
      'Financial Quarter',
      'Force Name',
      'Offence Description',
      'Offence Group',
      'Offence Subgroup',
      'Offence Code',
      'Number of Offences',
      'ITL1 region',
      'ITL2 region',
    ];
    const r = fieldsOf(header);
    expect(r.format).toBe('home_office_pfa');
    expect(r.index.financial_year).toBe(1);
    expect(r.index.number_of_offences).toBe(8);
    expect(r.width).toBe(11);
  });

  it('recognises the group-level variant when there is no offence code', () => {
    const r = fieldsOf([
      'Financial Year',
      'Financial Quarter',
      'Force Name',
      'Offence Group',
      'Number of Offences',
    ]);
    expect(r.format).toBe('home_office_pfa_group');
  });

  it('recognises the record-level extract, with its optional columns', () => {
    const full =
      'crime_id,force_code,recorded_date,offence_code,original_offence_code,status,status_date,cancellation_code';
    expect(fieldsOf(full.split(',')).format).toBe('record_level');
    expect(fieldsOf(['crime_id', 'force_code', 'recorded_date', 'offence_code', 'status']).format).toBe(
      'record_level',
    );
  });

  it('says, for an unknown header, what each format expects and which columns are missing', () => {
    const r = detectFormat(['force_code', 'offence_code', 'recorded']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.field).toBe('header');
    expect(r.value).toBe('force_code,offence_code,recorded');
    // The closest format comes first.
    expect(r.message).toMatch(
      /^unrecognised header: .*monthly aggregate return \(force_code, month, offence_code, recorded \[optional: cancelled\]\) lacks month;/,
    );
    expect(r.message).toContain('record-level extract');
    expect(r.message).toContain('lacks crime_id, recorded_date, status');
    expect(r.message).toContain('Home Office police force area table (offence groups)');
    expect(r.message).toContain(
      'lacks Financial Year, Financial Quarter, Force Name, Offence Group, Number of Offences',
    );
  });

  it('rejects a header with two columns that read as the same field', () => {
    const r = detectFormat(['force_code', 'month', 'offence_code', 'recorded', 'Recorded ']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/2 columns that read as "recorded" \(columns 4 and 5\)/);
  });
});
