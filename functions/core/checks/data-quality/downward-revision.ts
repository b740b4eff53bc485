/**
 * dq.downward_revision — a later submission lowered counts an earlier submission had given for the
 * same force, period and offence. For each force × period × grain × level, the submissions that
 * covered it are ordered (submitted_at, then input_sha256, as for supersession) and each successive
 * pair is compared cell by cell; a cell the later submission no longer has counts as lowered to 0
 * (the later submission replaces the whole period). Lowered cells are gathered into one finding per
 * force, submission pair and offence: observed = new total, expected = old total over the lowered
 * periods, effect_size = relative change. Severity by crimes removed, weighted by seriousness
 * (config.ts `materiality`). Raised cells are not findings. Cells with an invalid count on either side are skipped.
 */
import { type ReturnRow, supersessionKey } from '#core/model/returns.ts';
import { compareSubmissions } from '#core/revisions.ts';
import { spanLabel } from '#core/series/periods.ts';
import { cmp, seriesKeyOf } from '#core/series/streams.ts';
import { isUsableCount } from '#core/series/usable-count.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { fmt, offenceLabel, plural } from '../wording.ts';
import { severityAtStake } from './common.ts';
import { type DataQualityConfig, DEFAULT_DATA_QUALITY_CONFIG, type Materiality } from './config.ts';

export function createDownwardRevisionCheck(config: DataQualityConfig = DEFAULT_DATA_QUALITY_CONFIG): Check {
  return {
    id: 'dq.downward_revision',
    signature: 'data_quality',
    ruleVersion: '1.1.0',
    description:
      'A re-submission lowered (or removed) counts that an earlier submission gave for the same period and offence.',
    run: (input) => downwardRevisions(input, config.materiality),
  };
}

export const downwardRevisionCheck: Check = createDownwardRevisionCheck();

function downwardRevisions(input: AuditInput, materiality: Materiality): CheckDraft[] {
  const audited = new Set(input.forces);
  const byKey = new Map<string, ReturnRow[]>();
  for (const row of input.history) {
    if (!audited.has(row.force_code)) continue;
    const key = supersessionKey(row);
    const list = byKey.get(key) ?? [];
    list.push(row);
    byKey.set(key, list);
  }
  const groups = new Map<string, Lowered[]>();
  for (const key of [...byKey.keys()].sort(cmp)) {
    for (const lowered of lowerings(byKey.get(key)!)) {
      const g = `${lowered.old.force_code}|${lowered.old.grain}|${lowered.old.level}|${lowered.seriesKey}|${lowered.oldSha}|${lowered.newSha}`;
      const list = groups.get(g) ?? [];
      list.push(lowered);
      groups.set(g, list);
    }
  }
  return [...groups.keys()].sort(cmp).map((g) => finding(groups.get(g)!, materiality));
}

interface Submission {
  sha: string;
  submitted_at: Date;
  processed_at: Date | null | undefined;
  file: string;
  /** series key → the submission's row for that cell. */
  cells: Map<string, ReturnRow>;
}

interface Lowered {
  seriesKey: string;
  oldSha: string;
  newSha: string;
  old: ReturnRow;
  /** null when the later submission no longer has the cell. */
  new: ReturnRow | null;
  oldSubmission: Submission;
  newSubmission: Submission;
}

/** The submissions that covered one supersession key, oldest first. */
function submissionsOf(rows: readonly ReturnRow[]): Submission[] {
  const bySha = new Map<string, Submission>();
  for (const row of rows) {
    let s = bySha.get(row.input_sha256);
    if (!s) {
      s = {
        sha: row.input_sha256,
        submitted_at: row.submitted_at,
        processed_at: row.processed_at,
        file: row.source_file,
        cells: new Map(),
      };
      bySha.set(row.input_sha256, s);
    }
    const key = seriesKeyOf(row);
    // Ingest merges duplicate lines, so one row per cell; keep the first if not.
    if (!s.cells.has(key)) s.cells.set(key, row);
  }
  return [...bySha.values()].sort((a, b) =>
    compareSubmissions(
      { submitted_at: a.submitted_at, processed_at: a.processed_at, input_sha256: a.sha },
      { submitted_at: b.submitted_at, processed_at: b.processed_at, input_sha256: b.sha },
    ),
  );
}

function lowerings(rows: readonly ReturnRow[]): Lowered[] {
  const subs = submissionsOf(rows);
  const out: Lowered[] = [];
  for (let i = 1; i < subs.length; i++) {
    const before = subs[i - 1]!;
    const after = subs[i]!;
    for (const [key, old] of before.cells) {
      if (!isUsableCount(old.recorded)) continue;
      const next = after.cells.get(key) ?? null;
      if (next !== null && !isUsableCount(next.recorded)) continue;
      const newValue = next === null ? 0 : next.recorded;
      if (newValue < old.recorded) {
        out.push({
          seriesKey: key,
          oldSha: before.sha,
          newSha: after.sha,
          old,
          new: next,
          oldSubmission: before,
          newSubmission: after,
        });
      }
    }
  }
  return out;
}

function finding(items: Lowered[], materiality: Materiality): CheckDraft {
  items.sort((a, b) => cmp(a.old.period_start, b.old.period_start));
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const oldTotal = items.reduce((a, l) => a + l.old.recorded, 0);
  const newTotal = items.reduce((a, l) => a + (l.new?.recorded ?? 0), 0);
  const removed = oldTotal - newTotal;
  const disappeared = items.filter((l) => l.new === null).length;
  const o = first.old;
  const offence = o.level === 'code' ? o : { offence_code: null, offence_group: o.offence_group };
  const unit = o.grain === 'quarter' ? 'quarter' : 'month';
  const lines = items.flatMap((l) => [
    { file: l.old.source_file, line: l.old.source_line },
    ...(l.new ? [{ file: l.new.source_file, line: l.new.source_line }] : []),
  ]);
  return draft({
    severity: severityAtStake(removed, offence, materiality),
    force_code: o.force_code,
    period_start: first.old.period_start,
    period_end: last.old.period_end,
    offence_group: o.offence_group,
    offence_subgroup: o.level === 'code' ? o.offence_subgroup : null,
    offence_code: o.level === 'code' ? o.offence_code : null,
    observed: newTotal,
    expected: oldTotal,
    effect_size: (newTotal - oldTotal) / oldTotal,
    summary:
      `A later submission (${first.newSubmission.file}) lowered ${o.force_code}'s ${offenceLabel(offence)} ` +
      `from ${fmt(oldTotal)} to ${fmt(newTotal)} crimes over ${plural(items.length, unit)} in ` +
      `${spanLabel(first.old.period_start, last.old.period_start, o.grain)}` +
      (disappeared > 0 ? ` (removing the offence in ${plural(disappeared, unit)})` : '') +
      ` compared with ${first.oldSubmission.file}; the reduction requires explanation.`,
    inputs: [first.oldSha, first.newSha].sort(cmp),
    discriminator: `${first.oldSha}>${first.newSha}`,
    evidence: {
      method:
        'Successive submissions for the same force and period compared cell by cell; a cell missing from the later submission counts as 0.',
      parameters: { grain: o.grain, level: o.level, ...materiality },
      earlier: submissionEvidence(first.oldSubmission),
      later: submissionEvidence(first.newSubmission),
      crimes_removed: removed,
      periods: items.map((l) => ({
        period: l.old.period_start,
        old: l.old.recorded,
        new: l.new?.recorded ?? 0,
        removed_from_return: l.new === null,
        old_input_sha256: l.oldSha,
        new_input_sha256: l.newSha,
      })),
      series: items.map((l) => ({
        period: l.old.period_start,
        value: l.new?.recorded ?? 0,
        expected: l.old.recorded,
      })),
      lines,
    },
  });
}

function submissionEvidence(s: Submission): { input_sha256: string; file: string; submitted_at: string } {
  return { input_sha256: s.sha, file: s.file, submitted_at: s.submitted_at.toISOString() };
}
