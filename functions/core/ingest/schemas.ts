/**
 * The row shapes of the contract's input formats (§1a–c), as zod schemas over the text of each cell.
 * These are outside shapes: the schema is the source of the row types, and its messages are the
 * "what was expected" half of every validation issue.
 *
 * Counts: the contract says counts are crimes, so a negative or fractional count is wrong — but it is
 * what the force submitted. It is kept exactly as given and flagged later by the data-quality checks
 * (a finding an auditor can forward), instead of rejecting the whole return here. Text that is not a
 * number at all is a validation error, and so is a number too large to be a count of crimes in one cell
 * (see MAX_PLAUSIBLE_COUNT): no check could make sense of it, and past 2^53 it is not even stored exactly.
 */
import { z } from 'zod';
import { normaliseOffenceCode } from '../reference/offence-code.ts';
import { parseFinancialQuarter, parseFinancialYear, parseMonth, parseRecordDate } from './periods.ts';

/** -12, 3.5, 1234 and "1,234" (thousands separators, as spreadsheets export them). */
const COUNT_RE = /^-?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;

export function parseCount(text: string): number | null {
  const t = text.trim();
  if (!COUNT_RE.test(t)) return null;
  const n = Number(t.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

/**
 * The largest count one cell (one force, offence and month or quarter) may hold. England and Wales
 * record about 6.7 million crimes in a whole year, all forces and offences together; the largest cell
 * in the published force tables since 2002 is about 153,000 (the Metropolitan Police's thefts in one
 * quarter). A cell above ten million is a unit mistake, a pasted identifier or a corrupt export, never
 * a count, and the bound is far below 2^53, so every accepted count is stored exactly.
 */
export const MAX_PLAUSIBLE_COUNT = 10_000_000;

function implausibleCount(n: number): string | null {
  if (Math.abs(n) <= MAX_PLAUSIBLE_COUNT) return null;
  return `not a plausible number of crimes for one force, offence and period: above 10,000,000 (England and Wales record about 6.7 million crimes a year in all); check the column and its units`;
}

/**
 * How the Home Office tables mark a figure a force could not supply ("N/a"; ".." in ONS tables; or an
 * empty cell). Such a cell is not zero: reading it as zero would fabricate a drop to nothing.
 */
export function isNotAvailable(text: string): boolean {
  const t = text.trim().toLowerCase();
  return t === '' || t === 'n/a' || t === 'na' || t === '..';
}

const COUNT_EXPECTED = 'expected a number of crimes (e.g. 123)';

function text(what: string) {
  return z.string().trim().min(1, `expected ${what}; the cell is empty`);
}

const optionalText = z
  .string()
  .optional()
  .transform((s) => {
    const t = s?.trim() ?? '';
    return t === '' ? null : t;
  });

const offenceCode = text('an offence code (e.g. 8N, 105A, 4.10)').transform(normaliseOffenceCode);

const optionalOffenceCode = optionalText.transform((s) => (s === null ? null : normaliseOffenceCode(s)));

const count = z.string().transform((s, ctx) => {
  const n = parseCount(s);
  if (n === null) {
    ctx.addIssue({
      code: 'custom',
      message: s.trim() === '' ? `${COUNT_EXPECTED}; the cell is empty` : COUNT_EXPECTED,
    });
    return z.NEVER;
  }
  const implausible = implausibleCount(n);
  if (implausible !== null) {
    ctx.addIssue({ code: 'custom', message: implausible });
    return z.NEVER;
  }
  return n;
});

/** A count that may be missing: empty or "N/a" → null. */
const countOrNotAvailable = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (s === undefined || isNotAvailable(s)) return null;
    const n = parseCount(s);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: `${COUNT_EXPECTED}, or N/a when not available` });
      return z.NEVER;
    }
    const implausible = implausibleCount(n);
    if (implausible !== null) {
      ctx.addIssue({ code: 'custom', message: implausible });
      return z.NEVER;
    }
    return n;
  });

const month = z.string().transform((s, ctx) => {
  const m = parseMonth(s);
  if (m === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a month as YYYY-MM (e.g. 2019-07)' });
    return z.NEVER;
  }
  return m;
});

const DATE_EXPECTED = 'expected a date as YYYY-MM-DD or an ISO 8601 timestamp';

const recordDate = z.string().transform((s, ctx) => {
  const d = parseRecordDate(s);
  if (d === null) {
    ctx.addIssue({ code: 'custom', message: DATE_EXPECTED });
    return z.NEVER;
  }
  return d;
});

const optionalRecordDate = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (s === undefined || s.trim() === '') return null;
    const d = parseRecordDate(s);
    if (d === null) {
      ctx.addIssue({ code: 'custom', message: DATE_EXPECTED });
      return z.NEVER;
    }
    return d;
  });

const financialYear = z.string().transform((s, ctx) => {
  const y = parseFinancialYear(s);
  if (y === null) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a financial year as YYYY/YY with consecutive years (e.g. 2019/20)',
    });
    return z.NEVER;
  }
  return y;
});

const financialQuarter = z.string().transform((s, ctx) => {
  const q = parseFinancialQuarter(s);
  if (q === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a financial quarter: 1, 2, 3 or 4 (1 = April–June)' });
    return z.NEVER;
  }
  return q;
});

/** §1a: force_code,month,offence_code,recorded[,cancelled]. An empty `cancelled` cell is "not supplied". */
export const MonthlyAggregateRowSchema = z.object({
  force_code: text('a force (slug, ONS code or name)'),
  month,
  offence_code: offenceCode,
  recorded: count,
  cancelled: countOrNotAvailable,
});
export type MonthlyAggregateRow = z.infer<typeof MonthlyAggregateRowSchema>;

/** §1b, offence-code level. `number_of_offences` is null where the table says N/a (see isNotAvailable). */
export const HomeOfficePfaRowSchema = z.object({
  financial_year: financialYear,
  financial_quarter: financialQuarter,
  force_name: text('a force name'),
  offence_code: offenceCode,
  number_of_offences: countOrNotAvailable,
  offence_description: optionalText,
  offence_group: optionalText,
  offence_subgroup: optionalText,
});
export type HomeOfficePfaRow = z.infer<typeof HomeOfficePfaRowSchema>;

/** §1b, offence-group level. */
export const HomeOfficePfaGroupRowSchema = z.object({
  financial_year: financialYear,
  financial_quarter: financialQuarter,
  force_name: text('a force name'),
  offence_group: text('an offence group (e.g. Theft offences)'),
  number_of_offences: countOrNotAvailable,
});
export type HomeOfficePfaGroupRow = z.infer<typeof HomeOfficePfaGroupRowSchema>;

export const RECORD_STATUSES = ['recorded', 'cancelled', 'transferred'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

const status = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(RECORD_STATUSES, { error: 'expected a status: recorded, cancelled or transferred' }));

/**
 * §1c. An empty original_offence_code means the crime was never reclassified. A cancelled record must
 * say when it was cancelled: cancellations are counted in the month of status_date.
 */
export const RecordLevelRowSchema = z
  .object({
    crime_id: text('a crime reference'),
    force_code: text('a force (slug, ONS code or name)'),
    recorded_date: recordDate,
    offence_code: offenceCode,
    original_offence_code: optionalOffenceCode,
    status,
    status_date: optionalRecordDate,
    cancellation_code: optionalText,
  })
  .superRefine((r, ctx) => {
    if (r.status === 'cancelled' && r.status_date === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['status_date'],
        message: 'a cancelled record needs status_date (the date it was cancelled); the cell is empty',
      });
    }
  });
export type RecordLevelRow = z.infer<typeof RecordLevelRowSchema>;
