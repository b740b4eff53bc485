/**
 * Which counts a statistical check may use. A count of crimes is a finite whole number ≥ 0; anything
 * else (negative, fractional, NaN, infinite) is reported by `dq.invalid_count` and left out of every
 * statistical check, so that one bad cell neither crashes a model nor drags a baseline.
 */
import type { ReturnRow } from '../model/returns.ts';

export function isUsableCount(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Number.isInteger(value) && value >= 0;
}

/** `recorded` is usable and `cancelled` is either absent (null) or usable. */
export function hasUsableCounts(row: Pick<ReturnRow, 'recorded' | 'cancelled'>): boolean {
  return isUsableCount(row.recorded) && (row.cancelled === null || isUsableCount(row.cancelled));
}
