/**
 * CSV text of the example inputs, exactly as the example files hold it: a header line, `\n` line
 * endings, a final newline, and quoting only where a field needs it. Pure, so a test can check that
 * the same options give the same bytes.
 */
import type { MonthlyReturnRow } from './monthly-returns.ts';
import type { RecordLevelRow } from './record-level.ts';

export const MONTHLY_RETURN_HEADER = [
  'force_code',
  'month',
  'offence_code',
  'recorded',
  'cancelled',
] as const;
export const RECORD_LEVEL_HEADER = [
  'crime_id',
  'force_code',
  'recorded_date',
  'offence_code',
  'original_offence_code',
  'status',
  'status_date',
  'cancellation_code',
] as const;

/** RFC 4180 quoting: only fields holding a comma, quote or line break are quoted. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function toCsv<T>(header: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [header.join(',')];
  for (const row of rows) lines.push(header.map((h) => csvField(row[h] as string | number)).join(','));
  return `${lines.join('\n')}\n`;
}

export function formatMonthlyReturnsCsv(rows: readonly MonthlyReturnRow[]): string {
  return toCsv<MonthlyReturnRow>(MONTHLY_RETURN_HEADER, rows);
}

export function formatRecordLevelCsv(rows: readonly RecordLevelRow[]): string {
  return toCsv<RecordLevelRow>(RECORD_LEVEL_HEADER, rows);
}

/** Splits returns into one CSV text per force, in the order the forces first appear. */
export function monthlyReturnsByForce(rows: readonly MonthlyReturnRow[]): Map<string, string> {
  const groups = new Map<string, MonthlyReturnRow[]>();
  for (const row of rows) {
    const list = groups.get(row.force_code);
    if (list) list.push(row);
    else groups.set(row.force_code, [row]);
  }
  return new Map([...groups].map(([force, list]) => [force, formatMonthlyReturnsCsv(list)]));
}
