/**
 * Record-level calibration data: for every force, a year of crimes first recorded as assault with
 * injury (8N) and without (105A), each force with its own honest downgrade and upgrade rates (which
 * also wobble month to month), aggregated as ingest would give them to the checks: the final-code
 * cells and the original → final transitions. A downgrade campaign can be injected: from a month on,
 * a force's downgrade rate becomes `rate`.
 */
import type { ReclassificationTransition } from '#core/model/ingest.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import { monthRange } from '#core/series/months.ts';
import { forceShare, SYNTHETIC_FORCES } from '#core/synthetic/force-sizes.ts';
import { createRng, type Rng } from '#core/synthetic/rng.ts';

export interface RecordLevelCampaign {
  force: string;
  from: string;
  rate: number;
}

function row(force: string, month: string, code: string, recorded: number): ReturnRow {
  const info = lookupOffence(code)!;
  return {
    force_code: force,
    period_start: month,
    period_end: month,
    grain: 'month',
    level: 'code',
    offence_code: info.code,
    offence_group: info.group,
    offence_subgroup: info.subgroup,
    recorded,
    cancelled: 0,
    source_format: 'record_level',
    source_file: `${force}.csv`,
    source_line: 2,
    input_sha256: '3'.repeat(64),
    submitted_at: new Date('2025-01-01T00:00:00Z'),
    run_id: 'calibration',
  };
}

/** A rate that wobbles month to month: Beta with mean p and intra-class correlation rho. */
function wobble(rng: Rng, p: number, rho: number): number {
  const a = (p * (1 - rho)) / rho;
  const b = ((1 - p) * (1 - rho)) / rho;
  const x = rng.gamma(a, 1);
  return x / (x + rng.gamma(b, 1));
}

export function recordLevelYear(opts: {
  seed: number;
  campaigns?: readonly RecordLevelCampaign[];
  start?: string;
  end?: string;
}): { rows: ReturnRow[]; transitions: ReclassificationTransition[] } {
  const months = monthRange(opts.start ?? '2023-04', opts.end ?? '2024-03');
  const root = createRng(opts.seed);
  const rows: ReturnRow[] = [];
  const transitions: ReclassificationTransition[] = [];
  for (const force of SYNTHETIC_FORCES) {
    const rng = root.derive(force);
    const monthly = (450_000 * forceShare(force)) / 12;
    const downRate = 0.02 + 0.04 * rng.uniform();
    const upRate = 0.01 + 0.02 * rng.uniform();
    const campaign = opts.campaigns?.find((c) => c.force === force);
    for (const month of months) {
      const serious = rng.negativeBinomial(monthly, 100);
      const lesser = rng.negativeBinomial(monthly, 100);
      const rate = campaign && month >= campaign.from ? campaign.rate : wobble(rng, downRate, 0.002);
      const down = rng.binomial(serious, rate);
      const up = rng.binomial(lesser, wobble(rng, upRate, 0.002));
      rows.push(row(force, month, '8N', serious - down + up), row(force, month, '105A', lesser - up + down));
      if (down > 0)
        transitions.push({
          force_code: force,
          month,
          from_offence_code: '8N',
          to_offence_code: '105A',
          count: down,
        });
      if (up > 0)
        transitions.push({
          force_code: force,
          month,
          from_offence_code: '105A',
          to_offence_code: '8N',
          count: up,
        });
    }
  }
  return { rows, transitions };
}
