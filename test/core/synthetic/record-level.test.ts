import { describe, expect, it } from 'vitest';
import { formatRecordLevelCsv, RECORD_LEVEL_HEADER } from '#core/synthetic/csv.ts';
import { generateRecordLevel, type RecordLevelRow } from '#core/synthetic/record-level.ts';

const { rows, labels } = generateRecordLevel();

describe('generateRecordLevel', () => {
  it('is deterministic byte for byte', () => {
    expect(formatRecordLevelCsv(generateRecordLevel().rows)).toBe(formatRecordLevelCsv(rows));
    expect(formatRecordLevelCsv(generateRecordLevel({ seed: 1 }).rows)).not.toBe(formatRecordLevelCsv(rows));
  });

  it('holds a few thousand crimes for one force and one financial year, with unique ids', () => {
    expect(rows.length).toBeGreaterThan(2_000);
    expect(rows.length).toBeLessThan(10_000);
    expect(new Set(rows.map((r) => r.force_code))).toEqual(new Set(['city-of-london']));
    expect(new Set(rows.map((r) => r.crime_id)).size).toBe(rows.length);
    expect(rows.every((r) => r.recorded_date >= '2023-04-01' && r.recorded_date <= '2024-03-31')).toBe(true);
    expect(rows.map((r) => r.recorded_date)).toEqual([...rows.map((r) => r.recorded_date)].sort());
  });

  it('writes valid calendar dates and never a status before the crime was recorded', () => {
    const valid = (d: string) => {
      const [y, m, day] = d.split('-').map(Number) as [number, number, number];
      const probe = new Date(Date.UTC(y, m - 1, day));
      return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === day;
    };
    expect(rows.every((r) => valid(r.recorded_date) && valid(r.status_date))).toBe(true);
    expect(rows.every((r) => r.status_date >= r.recorded_date)).toBe(true);
  });

  it('gives cancellation codes to cancelled and transferred crimes only', () => {
    const byStatus = (s: RecordLevelRow['status']) => rows.filter((r) => r.status === s);
    expect(byStatus('recorded').every((r) => r.cancellation_code === '')).toBe(true);
    expect(byStatus('transferred').every((r) => r.cancellation_code === 'C1')).toBe(true);
    expect(byStatus('cancelled').every((r) => ['C2', 'C3', 'C4'].includes(r.cancellation_code))).toBe(true);
    const cancelledShare = byStatus('cancelled').length / rows.length;
    expect(cancelledShare).toBeGreaterThan(0.01);
    expect(cancelledShare).toBeLessThan(0.06);
    expect(byStatus('transferred').length).toBeGreaterThan(0);
  });

  it('reclassifies some crimes, and downgrades 8N to 105A far more often in the labelled months', () => {
    expect(rows.some((r) => r.offence_code !== r.original_offence_code)).toBe(true);
    const [label] = labels;
    expect(label?.kind).toBe('reclassification');
    const month = (r: RecordLevelRow) => r.recorded_date.slice(0, 7);
    const downgradeRate = (inWindow: boolean) => {
      const first8N = rows.filter(
        (r) => r.original_offence_code === '8N' && label!.months.includes(month(r)) === inWindow,
      );
      return first8N.filter((r) => r.offence_code === '105A').length / first8N.length;
    };
    expect(downgradeRate(false)).toBeLessThan(0.08);
    expect(downgradeRate(true)).toBeGreaterThan(0.14);
    expect(downgradeRate(true)).toBeLessThan(0.26);
  });

  it('writes the contract §1c header', () => {
    const text = formatRecordLevelCsv(rows.slice(0, 1));
    expect(text.split('\n')[0]).toBe(RECORD_LEVEL_HEADER.join(','));
    expect(text.split('\n')[0]).toBe(
      'crime_id,force_code,recorded_date,offence_code,original_offence_code,status,status_date,cancellation_code',
    );
  });

  it('plants nothing when injection is off', () => {
    const clean = generateRecordLevel({ inject: false });
    expect(clean.labels).toEqual([]);
  });
});
