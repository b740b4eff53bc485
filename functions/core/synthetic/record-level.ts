/**
 * Deterministic example record-level extract (contract §1c) for one force: one row per crime with
 * its current and originally recorded offence code, status (recorded, cancelled, transferred),
 * status date and cancellation code. Some crimes are reclassified along a few realistic edges at a
 * low baseline rate, and one labelled problem is planted: from a given month, a fifth of assaults
 * with injury (8N) end up as assaults without injury (105A).
 */

import { calendarMonth, monthIndex, monthRange } from '../series/months.ts';
import { addDays, daysInMonth, isoDate } from './days.ts';
import { forceShare } from './force-sizes.ts';
import type { InjectedProblem } from './injections.ts';
import { FORCE_MIX_OVERRIDES, SYNTHETIC_OFFENCES, seasonalFactor } from './offence-profile.ts';
import { createRng, type Rng } from './rng.ts';

export interface RecordLevelRow {
  crime_id: string;
  force_code: string;
  recorded_date: string;
  offence_code: string;
  original_offence_code: string;
  status: 'recorded' | 'cancelled' | 'transferred';
  status_date: string;
  /** Empty for crimes that stand. */
  cancellation_code: string;
}

export interface RecordLevelOptions {
  seed?: number | string;
  force?: string;
  start?: string;
  end?: string;
  /** Plant the labelled reclassification problem (default true). */
  inject?: boolean;
}

export interface RecordLevelExtract {
  rows: RecordLevelRow[];
  labels: InjectedProblem[];
}

/**
 * Reclassification edges (first recorded → final code) and their baseline probabilities: upgrades
 * and downgrades both happen in honest recording as investigations learn more.
 */
const RECLASSIFICATION_EDGES: Readonly<Record<string, ReadonlyArray<readonly [string, number]>>> = {
  '8N': [['105A', 0.04]],
  '105A': [['8N', 0.02]],
  '28E': [['30C', 0.03]],
  '19C': [['20A', 0.03]],
  '58A': [['58C', 0.02]],
};

/** Cancellation codes in the style of the Home Office Counting Rules, section C, with their weights. */
const CANCELLATION_CODES: ReadonlyArray<readonly [string, number]> = [
  ['C2', 0.5],
  ['C3', 0.3],
  ['C4', 0.2],
];
const TRANSFER_CODE = 'C1';

export const RECORD_LEVEL_DEFAULTS = {
  seed: 20230401,
  force: 'city-of-london',
  start: '2023-04',
  end: '2024-03',
};

function pickWeighted(rng: Rng, choices: ReadonlyArray<readonly [string, number]>): string {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let u = rng.uniform() * total;
  for (const [value, w] of choices) {
    u -= w;
    if (u < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

export function generateRecordLevel(options: RecordLevelOptions = {}): RecordLevelExtract {
  const seed = options.seed ?? RECORD_LEVEL_DEFAULTS.seed;
  const force = options.force ?? RECORD_LEVEL_DEFAULTS.force;
  const months = monthRange(
    options.start ?? RECORD_LEVEL_DEFAULTS.start,
    options.end ?? RECORD_LEVEL_DEFAULTS.end,
  );
  if (months.length === 0) throw new RangeError('the span has no months: end precedes start');
  const root = createRng(seed);
  const overrides = FORCE_MIX_OVERRIDES[force] ?? {};

  const labels: InjectedProblem[] = [];
  // The downgrade starts halfway through the span, so the first half is its own baseline.
  const downgradeMonths = months.slice(Math.floor(months.length / 2));
  if (options.inject !== false && downgradeMonths.length > 0 && months.length >= 4) {
    const s = downgradeMonths[0]!;
    const e = downgradeMonths[downgradeMonths.length - 1]!;
    labels.push({
      id: `reclassification:${force}:record-level`,
      kind: 'reclassification',
      force_code: force,
      period_start: s,
      period_end: e,
      months: downgradeMonths,
      offence_codes: ['8N'],
      related_offence_code: '105A',
      expected_signature: 'reclassification',
      magnitude: 0.2,
      description: `From ${s} to ${e}, 20% of crimes first recorded as assault with injury (8N) are reclassified to assault without injury (105A), against a 4% baseline.`,
    });
  }
  const downgrade = labels[0];

  const cancelBase = 0.02 + 0.02 * root.derive('cancel-base').uniform();
  const drafts: Array<Omit<RecordLevelRow, 'crime_id'> & { order: number }> = [];
  for (const [i, month] of months.entries()) {
    for (const offence of SYNTHETIC_OFFENCES) {
      const rng = root.derive(`${month}:${offence.code}`);
      const mean =
        ((offence.nationalAnnual * forceShare(force) * (overrides[offence.code] ?? 1)) / 12) *
        seasonalFactor(offence, calendarMonth(month)) *
        Math.exp(Math.log1p(offence.annualTrend) * (i / 12));
      const n = rng.negativeBinomial(mean, 400);
      for (let k = 0; k < n; k++) {
        const day = rng.int(1, daysInMonth(month));
        const recordedDate = isoDate(month, day);
        let code = offence.code;
        let changedAfter = 0;
        const edges = (RECLASSIFICATION_EDGES[offence.code] ?? []).map(
          ([to, p]): readonly [string, number] =>
            downgrade && offence.code === '8N' && to === '105A' && downgrade.months.includes(month)
              ? [to, downgrade.magnitude ?? p]
              : [to, p],
        );
        for (const [to, p] of edges) {
          if (rng.uniform() < p) {
            code = to;
            changedAfter = rng.int(1, 28);
            break;
          }
        }
        const u = rng.uniform();
        const cancelRate = cancelBase * offence.cancellationFactor;
        let status: RecordLevelRow['status'] = 'recorded';
        let cancellationCode = '';
        let statusAfter = changedAfter;
        if (u < 0.005) {
          status = 'transferred';
          cancellationCode = TRANSFER_CODE;
          statusAfter = rng.int(1, 14);
        } else if (u < 0.005 + cancelRate) {
          status = 'cancelled';
          cancellationCode = pickWeighted(rng, CANCELLATION_CODES);
          statusAfter = Math.max(changedAfter, rng.int(1, 60));
        }
        drafts.push({
          order: monthIndex(month) * 100 + day,
          force_code: force,
          recorded_date: recordedDate,
          offence_code: code,
          original_offence_code: offence.code,
          status,
          status_date: addDays(month, day, statusAfter),
          cancellation_code: cancellationCode,
        });
      }
    }
  }

  // Stable sort by date keeps the generation order within a day, so ids are deterministic.
  drafts.sort((a, b) => a.order - b.order);
  const prefix = force
    .split('-')
    .map((w) => w[0]!.toUpperCase())
    .join('');
  const rows = drafts.map(({ order: _order, ...rest }, i): RecordLevelRow => {
    const year = rest.recorded_date.slice(2, 4);
    return { crime_id: `${prefix}-${year}-${String(i + 1).padStart(6, '0')}`, ...rest };
  });
  return { rows, labels };
}
