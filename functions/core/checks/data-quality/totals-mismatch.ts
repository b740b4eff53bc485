/**
 * dq.totals_mismatch — where a force has both offence-code and offence-group rows for the same period
 * and grain (e.g. it uploaded both Home Office tables), the codes of each group must add up to the
 * group row exactly (tolerance 0). A group missing on one side counts as 0 there (the group table
 * drops zero cells). Group names are compared case-insensitively with `&` read as `and`, so the two
 * tables' spellings of one group meet. Groups holding an invalid count are skipped (dq.invalid_count
 * reports them). One finding per force, period and group; severity by the absolute difference.
 */
import type { ReturnRow } from '#core/model/returns.ts';
import { periodLabel } from '#core/series/periods.ts';
import { cmp } from '#core/series/streams.ts';
import { isUsableCount } from '#core/series/usable-count.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { fmt } from '../wording.ts';
import { severityAtStake } from './common.ts';
import { type DataQualityConfig, DEFAULT_DATA_QUALITY_CONFIG } from './config.ts';

export function createTotalsMismatchCheck(config: DataQualityConfig = DEFAULT_DATA_QUALITY_CONFIG): Check {
  return {
    id: 'dq.totals_mismatch',
    signature: 'data_quality',
    ruleVersion: '1.1.0',
    description: 'Offence codes that do not add up to their offence-group row for the same force and period.',
    run(input: AuditInput): CheckDraft[] {
      const audited = new Set(input.forces);
      const byPeriod = new Map<string, ReturnRow[]>();
      for (const row of input.current) {
        if (!audited.has(row.force_code)) continue;
        const key = `${row.force_code}|${row.grain}|${row.period_start}`;
        const list = byPeriod.get(key) ?? [];
        list.push(row);
        byPeriod.set(key, list);
      }
      const out: CheckDraft[] = [];
      for (const key of [...byPeriod.keys()].sort(cmp)) out.push(...compare(config, byPeriod.get(key)!));
      return out;
    },
  };
}

export const totalsMismatchCheck: Check = createTotalsMismatchCheck();

export function normaliseGroup(name: string): string {
  return name.toLowerCase().replace(/&/g, ' and ').replace(/\s+/g, ' ').trim();
}

interface Side {
  name: string;
  rows: ReturnRow[];
}

function compare(config: DataQualityConfig, rows: readonly ReturnRow[]): CheckDraft[] {
  const codes = new Map<string, Side>();
  const groups = new Map<string, Side>();
  for (const row of rows) {
    const side = row.level === 'code' ? codes : groups;
    const g = normaliseGroup(row.offence_group);
    const entry = side.get(g) ?? { name: row.offence_group, rows: [] };
    entry.rows.push(row);
    side.set(g, entry);
  }
  if (codes.size === 0 || groups.size === 0) return [];
  const out: CheckDraft[] = [];
  for (const g of [...new Set([...codes.keys(), ...groups.keys()])].sort(cmp)) {
    const codeRows = codes.get(g)?.rows ?? [];
    const groupRows = groups.get(g)?.rows ?? [];
    if ([...codeRows, ...groupRows].some((r) => !isUsableCount(r.recorded))) continue;
    const codeSum = codeRows.reduce((a, r) => a + r.recorded, 0);
    const groupValue = groupRows.reduce((a, r) => a + r.recorded, 0);
    if (Math.abs(groupValue - codeSum) <= config.totals_mismatch.tolerance) continue;
    const name = groups.get(g)?.name ?? codes.get(g)!.name;
    out.push(finding(config, rows[0]!, name, codeRows, groupRows, codeSum, groupValue));
  }
  return out;
}

function finding(
  config: DataQualityConfig,
  any: ReturnRow,
  group: string,
  codeRows: readonly ReturnRow[],
  groupRows: readonly ReturnRow[],
  codeSum: number,
  groupValue: number,
): CheckDraft {
  const diff = groupValue - codeSum;
  const sortedCodes = [...codeRows].sort((a, b) => cmp(a.offence_code ?? '', b.offence_code ?? ''));
  const all = [...groupRows, ...sortedCodes];
  const groupText = groupRows.length > 0 ? `${fmt(groupValue)} crimes` : 'no row (zero)';
  return draft({
    severity: severityAtStake(diff, { offence_group: group, offence_code: null }, config.materiality),
    force_code: any.force_code,
    period_start: any.period_start,
    period_end: any.period_end,
    offence_group: group,
    observed: groupValue,
    expected: codeSum,
    effect_size: codeSum > 0 ? diff / codeSum : null,
    summary:
      `For ${any.force_code} in ${periodLabel(any.period_start, any.grain)}, the offence-group return gives "${group}" ${groupText} ` +
      `but its offence codes add up to ${fmt(codeSum)} (a difference of ${fmt(diff)}); please confirm which figure is right.`,
    inputs: [...new Set(all.map((r) => r.input_sha256))].sort(cmp),
    evidence: {
      method: `Sum of offence-code rows of a group compared with the offence-group row of the same force, period and grain; tolerance ${config.totals_mismatch.tolerance}.`,
      parameters: { ...config.totals_mismatch, ...config.materiality },
      group_row: groupRows.map((r) => ({ value: r.recorded, file: r.source_file, line: r.source_line })),
      codes: sortedCodes.map((r) => ({ offence_code: r.offence_code, value: r.recorded })),
      code_sum: codeSum,
      group_value: groupValue,
      difference: diff,
      lines: all.map((r) => ({ file: r.source_file, line: r.source_line })),
    },
  });
}
