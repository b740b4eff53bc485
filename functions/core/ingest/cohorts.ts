/**
 * Cancellation cohorts of a record-level extract (METHODS §3): for each force, month of recording and
 * final offence code, the crimes recorded that month and how many of them were cancelled within a
 * fixed follow-up. A decision-month rate (cancellations decided in a month over the crimes recorded
 * in it) is biased down in an extract's last months, whose crimes have not yet had time to be
 * cancelled, and up in its first months, which hold decisions on crimes recorded before it began; a
 * cohort rate is neither, once its follow-up has run.
 *
 * - Follow-up: 90 days, METHODS' example and the Home Office Counting Rules' usual horizon for a
 *   cancellation decision; a cancellation later than that is outside the cohort (it is still counted
 *   as a cancellation in its decision month in the returns table).
 * - A cancellation dated before its recording (reported by dq.status_date_before_recorded) counts as
 *   within the follow-up: it was cancelled, and not late.
 * - Complete: the extract's latest date (any recorded_date or status_date in it) is at least the
 *   month's last day plus the follow-up. An incomplete cohort is still filling and is kept, marked,
 *   so the checks can say which months cannot be assessed yet.
 */

import type { CancellationCohort } from '../model/ingest.ts';
import { cmp } from '../series/streams.ts';
import { CellIndex } from './cell-index.ts';

export const COHORT_FOLLOW_UP_DAYS = 90;

/** Distinct dates remembered; past this each is computed afresh (memory stays bounded). */
const DATE_CACHE_LIMIT = 8192;

const DAY_MS = 86_400_000;
const dayNumber = (isoDate: string) =>
  Date.UTC(+isoDate.slice(0, 4), +isoDate.slice(5, 7) - 1, +isoDate.slice(8, 10)) / DAY_MS;

/** Day number of the last day of a YYYY-MM month. */
function lastDayOfMonth(month: string): number {
  return Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 0) / DAY_MS;
}

/** A cohort being counted (see CohortCounter.cohort). */
export interface CohortCell {
  force_code: string;
  month: string;
  offence_code: string;
  crimes: number;
  cancelled_within: number;
}

export class CohortCounter {
  readonly #followUpDays: number;
  readonly #index = new CellIndex<CohortCell>();
  readonly #cells: CohortCell[] = [];
  /** Day numbers and months of the dates seen (an extract holds a few thousand distinct dates). */
  readonly #days = new Map<string, { day: number; month: string }>();
  #latest = '';

  constructor(followUpDays = COHORT_FOLLOW_UP_DAYS) {
    this.#followUpDays = followUpDays;
  }

  /** A date the extract holds (YYYY-MM-DD): the latest one decides which cohorts are complete. */
  see(isoDate: string): void {
    if (isoDate > this.#latest) this.#latest = isoDate;
  }

  /** One crime, recorded on `recordedDate` under its final code; `cancelledDate` when it was cancelled. */
  add(force: string, offenceCode: string, recordedDate: string, cancelledDate: string | null): void {
    this.count(this.cohort(force, recordedDate.slice(0, 7), offenceCode), recordedDate, cancelledDate);
  }

  /**
   * The cohort of a force, month of recording and final code, for count(): a caller that meets the same
   * cohort row after row can keep it instead of finding it each time.
   */
  cohort(force: string, month: string, offenceCode: string): CohortCell {
    let cell = this.#index.get(force, month, offenceCode);
    if (!cell) {
      cell = { force_code: force, month, offence_code: offenceCode, crimes: 0, cancelled_within: 0 };
      this.#index.set(force, month, offenceCode, cell);
      this.#cells.push(cell);
    }
    return cell;
  }

  /** One crime of `cell`'s cohort, recorded on `recordedDate` (in its month); as add(). */
  count(cell: CohortCell, recordedDate: string, cancelledDate: string | null): void {
    cell.crimes += 1;
    if (
      cancelledDate !== null &&
      this.#date(cancelledDate).day - this.#date(recordedDate).day <= this.#followUpDays
    )
      cell.cancelled_within += 1;
  }

  #date(isoDate: string): { day: number; month: string } {
    let d = this.#days.get(isoDate);
    if (!d) {
      d = { day: dayNumber(isoDate), month: isoDate.slice(0, 7) };
      if (this.#days.size < DATE_CACHE_LIMIT) this.#days.set(isoDate, d);
    }
    return d;
  }

  /** The cohorts, by force, month and code. */
  build(): CancellationCohort[] {
    const latest = this.#latest === '' ? Number.NEGATIVE_INFINITY : dayNumber(this.#latest);
    return [...this.#cells]
      .sort(
        (a, b) =>
          cmp(a.force_code, b.force_code) || cmp(a.month, b.month) || cmp(a.offence_code, b.offence_code),
      )
      .map((c) => ({
        ...c,
        follow_up_days: this.#followUpDays,
        complete: latest >= lastDayOfMonth(c.month) + this.#followUpDays,
      }));
  }
}
