import { describe, expect, it } from 'vitest';
import { downwardRevisionCheck } from '#core/checks/data-quality/downward-revision.ts';
import { inputFingerprint } from '#core/engine/finding-identity.ts';
import { defaultRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { currentRevision } from '#core/revisions.ts';
import { input, SHA_A, SHA_B, SHA_C, series } from '#test-support/check-inputs.ts';
import { runCheck } from '#test-support/run-check.ts';

const T1 = new Date('2024-01-01T00:00:00Z');
const T2 = new Date('2024-02-01T00:00:00Z');
const T3 = new Date('2024-03-01T00:00:00Z');

function submission(
  sha: string,
  at: Date,
  file: string,
  cells: Record<string, ReadonlyArray<number | null>>,
  start = '2019-01',
): ReturnRow[] {
  return Object.entries(cells).flatMap(([code, values]) =>
    series(start, values, { offence_code: code, input_sha256: sha, submitted_at: at, source_file: file }),
  );
}

describe('dq.downward_revision', () => {
  // Earlier: Jan–Mar for 8N and 9A. Later: Feb–Mar only, 8N March lowered, 9A gone.
  const earlier = submission(SHA_A, T1, 'kent-v1.csv', { '8N': [100, 100, 100], '9A': [10, 10, 10] });
  const later = submission(SHA_B, T2, 'kent-v2.csv', { '8N': [100, 40] }, '2019-02');
  const history = [...earlier, ...later];

  it('finds each lowered offence once per submission pair, counting a removed cell as 0', () => {
    const drafts = runCheck(downwardRevisionCheck, input(currentRevision(history), { history }));
    expect(
      drafts.map((d) => [d.offence_code, d.period_start, d.period_end, d.observed, d.expected, d.severity]),
    ).toEqual([
      ['8N', '2019-03', '2019-03', 40, 100, 'medium'],
      ['9A', '2019-02', '2019-03', 0, 20, 'low'],
    ]);
    const gone = drafts[1]!;
    expect(gone.effect_size).toBe(-1);
    expect(gone.evidence.periods).toEqual([
      {
        period: '2019-02',
        old: 10,
        new: 0,
        removed_from_return: true,
        old_input_sha256: SHA_A,
        new_input_sha256: SHA_B,
      },
      {
        period: '2019-03',
        old: 10,
        new: 0,
        removed_from_return: true,
        old_input_sha256: SHA_A,
        new_input_sha256: SHA_B,
      },
    ]);
    expect(gone.summary).toBe(
      "A later submission (kent-v2.csv) lowered kent's offence code 9A (Violence against the person) from 20 to 0 crimes over 2 months in 2019-02 to 2019-03 (removing the offence in 2 months) compared with kent-v1.csv; the reduction requires explanation.",
    );
  });

  it('ignores January, which the later submission did not cover, and raised counts', () => {
    const raised = submission(SHA_B, T2, 'kent-v2.csv', { '8N': [150, 150, 150], '9A': [10, 10, 10] });
    expect(
      runCheck(downwardRevisionCheck, input([], { history: [...earlier, ...raised], forces: ['kent'] })),
    ).toEqual([]);
  });

  it('compares each successive pair, giving two findings with distinct ids for two lowerings', () => {
    const third = submission(SHA_C, T3, 'kent-v3.csv', { '8N': [100, 10] }, '2019-02');
    const all = [...history, ...third];
    const res = runChecks(defaultRegistry(), input(currentRevision(all), { history: all }), {
      run_id: 'r',
      now: T3,
    });
    const revs = res.findings
      .filter((f) => f.check_id === 'dq.downward_revision' && f.offence_code === '8N')
      .sort((a, b) => (b.expected ?? 0) - (a.expected ?? 0));
    expect(revs.map((f) => [f.expected, f.observed])).toEqual([
      [100, 40],
      [40, 10],
    ]);
    expect(revs[0]!.finding_id).not.toBe(revs[1]!.finding_id);
    // Each finding was computed from its two submissions.
    expect(revs[1]!.input_sha256).toBe(inputFingerprint([SHA_B, SHA_C]));
  });

  it('orders submissions by time, then by hash when submitted in the same instant', () => {
    const laterButSmallerHash = submission('0'.repeat(64), T2, 'x.csv', { '8N': [5] }, '2019-03');
    const sameInstantBiggerHash = submission('f'.repeat(64), T2, 'y.csv', { '8N': [80] }, '2019-03');
    const h = [...earlier, ...laterButSmallerHash, ...sameInstantBiggerHash];
    const drafts = runCheck(downwardRevisionCheck, input([], { history: h, forces: ['kent'] })).filter(
      (d) => d.offence_code === '8N',
    );
    // A(100) → 000…(5): lowered; 000…(5) → fff…(80): raised, not a finding.
    expect(drafts.map((d) => [d.expected, d.observed])).toEqual([[100, 5]]);
  });

  it('grades severity by crimes removed and skips forces not audited', () => {
    const big = submission(SHA_B, T2, 'v2.csv', { '8N': [100, 100, 0] });
    const d = runCheck(downwardRevisionCheck, input([], { history: [...earlier, ...big], forces: ['kent'] }));
    // 100 assaults with injury removed: 600 weighted crimes.
    expect(d.find((x) => x.offence_code === '8N')!.severity).toBe('medium');
    expect(
      runCheck(downwardRevisionCheck, input([], { history: [...earlier, ...big], forces: ['essex'] })),
    ).toEqual([]);
  });
});
