/**
 * dq.invalid_count — a current cell whose recorded or cancelled count is not a whole number of crimes
 * of zero or more (negative, fractional, not finite). Ingest keeps such values as given so that they
 * are reported here rather than lost; every statistical check leaves them out (see `isUsableCount`).
 * One finding per force, offence, field and run of consecutive periods (rule 1.1.0): a column
 * that goes wrong for several months in a row is one problem. Severity by the crimes the values get
 * wrong (|value| of a negative count, the fraction of a fractional one), weighted by seriousness on the
 * family's ladder (config.ts): Gwent's −7 arson is 14 weighted crimes, low; 1.0.0 made every invalid
 * count high. A value that is not a number has no size: `invalid_count.unknown_size_severity`.
 */
import type { Severity } from '#core/model/findings.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { addMonths } from '#core/series/months.ts';
import { periodLabel, spanLabel } from '#core/series/periods.ts';
import { cmp, seriesKeyOf, streamKeyOf } from '#core/series/streams.ts';
import { isUsableCount } from '#core/series/usable-count.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { offenceLabel, plural } from '../wording.ts';
import { severityAtStake } from './common.ts';
import { type DataQualityConfig, DEFAULT_DATA_QUALITY_CONFIG } from './config.ts';

export { hasUsableCounts, isUsableCount } from '#core/series/usable-count.ts';

type Field = 'recorded' | 'cancelled';

interface Bad {
  row: ReturnRow;
  field: Field;
  value: number;
}

export function createInvalidCountCheck(config: DataQualityConfig = DEFAULT_DATA_QUALITY_CONFIG): Check {
  return {
    id: 'dq.invalid_count',
    signature: 'data_quality',
    ruleVersion: '1.1.0',
    description:
      'A recorded or cancelled count that is negative, fractional or not a number; it is left out of the statistical checks.',
    run: (input: AuditInput): CheckDraft[] => runsOf(badCells(input)).map((run) => finding(config, run)),
  };
}

export const invalidCountCheck: Check = createInvalidCountCheck();

function badCells(input: AuditInput): Bad[] {
  const audited = new Set(input.forces);
  const out: Bad[] = [];
  for (const row of input.current) {
    if (!audited.has(row.force_code)) continue;
    if (!isUsableCount(row.recorded)) out.push({ row, field: 'recorded', value: row.recorded });
    if (row.cancelled !== null && !isUsableCount(row.cancelled))
      out.push({ row, field: 'cancelled', value: row.cancelled });
  }
  return out;
}

/** Bad cells of one force, stream, offence and field, split where a period is skipped. */
function runsOf(cells: readonly Bad[]): Bad[][] {
  const byKey = new Map<string, Bad[]>();
  for (const c of cells) {
    const key = JSON.stringify([streamKeyOf(c.row), seriesKeyOf(c.row), c.field]);
    const list = byKey.get(key) ?? [];
    list.push(c);
    byKey.set(key, list);
  }
  const out: Bad[][] = [];
  for (const key of [...byKey.keys()].sort(cmp)) {
    const list = byKey.get(key)!.sort((a, b) => cmp(a.row.period_start, b.row.period_start));
    let run: Bad[] = [];
    for (const c of list) {
      const prev = run[run.length - 1];
      if (prev && addMonths(prev.row.period_end, 1) !== c.row.period_start) {
        out.push(run);
        run = [];
      }
      run.push(c);
    }
    if (run.length > 0) out.push(run);
  }
  return out;
}

function why(value: number): string {
  if (!Number.isFinite(value)) return 'not a number';
  if (value < 0) return 'negative';
  return 'not a whole number';
}

/** Crimes a finite invalid value gets wrong: all of a negative count, the fraction of a fractional one. */
function crimesWrong(value: number): number {
  return value < 0 ? Math.abs(value) : Math.abs(value - Math.round(value));
}

const RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3 };

function severityOfRun(config: DataQualityConfig, run: readonly Bad[]): Severity {
  const row = run[0]!.row;
  const offence = row.level === 'code' ? row : { offence_group: row.offence_group, offence_code: null };
  const finite = run.filter((c) => Number.isFinite(c.value));
  const sized = severityAtStake(
    finite.reduce((a, c) => a + crimesWrong(c.value), 0),
    offence,
    config.materiality,
  );
  // Any invalid value is a problem to report, however small: never info.
  const known: Severity = sized === 'info' ? 'low' : sized;
  if (finite.length === run.length) return known;
  const unknown = config.invalid_count.unknown_size_severity;
  return RANK[unknown] > RANK[known] ? unknown : known;
}

function finding(config: DataQualityConfig, run: readonly Bad[]): CheckDraft {
  const { row, field } = run[0]!;
  const last = run[run.length - 1]!.row;
  const finite = run.every((c) => Number.isFinite(c.value));
  const what = offenceLabel(
    row.level === 'code' ? row : { offence_code: null, offence_group: row.offence_group },
  );
  const when =
    run.length === 1
      ? periodLabel(row.period_start, row.grain)
      : `${spanLabel(row.period_start, last.period_start, row.grain)} (${plural(run.length, row.grain === 'quarter' ? 'quarter' : 'month')})`;
  const values = run.map((c) => String(c.value)).join(', ');
  const problems = [...new Set(run.map((c) => why(c.value)))].join(' or ');
  const lines = run.map((c) => ({ file: c.row.source_file, line: c.row.source_line }));
  const lineText =
    run.length === 1 ? `${row.source_file}, line ${row.source_line}` : `${row.source_file} and others`;
  return draft({
    severity: severityOfRun(config, run),
    force_code: row.force_code,
    period_start: row.period_start,
    period_end: last.period_end,
    offence_group: row.offence_group,
    offence_subgroup: row.level === 'code' ? row.offence_subgroup : null,
    offence_code: row.level === 'code' ? row.offence_code : null,
    observed: run.length === 1 && finite ? run[0]!.value : null,
    summary:
      `The ${field} count for ${what} for ${row.force_code} in ${when} is ${values} (${lineText}), ` +
      `which is ${problems}; it has been left out of the statistical checks, please confirm the figure${run.length === 1 ? '' : 's'}.`,
    inputs: [...new Set(run.map((c) => c.row.input_sha256))].sort(cmp),
    discriminator: field,
    evidence: {
      method:
        'A count of crimes must be a finite whole number of zero or more; consecutive periods of one offence and field form one finding.',
      parameters: { ...config.invalid_count },
      field,
      value: String(run[0]!.value),
      problem: why(run[0]!.value),
      periods: run.map((c) => ({
        period: c.row.period_start,
        value: String(c.value),
        problem: why(c.value),
      })),
      crimes_wrong: run.reduce((a, c) => a + (Number.isFinite(c.value) ? crimesWrong(c.value) : 0), 0),
      lines,
    },
  });
}
