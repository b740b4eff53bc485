/** The weekly digest of what awaits a force's answer: which findings, in what order, and no digest when none. */
import { describe, expect, it } from 'vitest';
import { awaitingAnswer, DIGEST_LISTED, weeklyDigest } from '#core/lifecycle/digest.ts';
import { findingEvent } from '#test-support/finding-events.ts';
import { finding } from '#test-support/findings.ts';

const day = (d: number) => new Date(Date.UTC(2026, 4, d, 9));
const AT = day(29);

function ev(
  finding_id: string,
  action: 'raised' | 'acknowledge' | 'explain' | 'dispute' | 'reopen',
  d: number,
  note: string | null = null,
) {
  const role =
    action === 'raised' ? 'system' : action === 'dispute' || action === 'reopen' ? 'auditor' : 'force';
  return findingEvent({ finding_id, action, role, note, created_at: day(d) });
}

describe('awaitingAnswer', () => {
  const current = ['a', 'b', 'c', 'd', 'e'].map((id) => finding({ finding_id: id }));
  const events = [
    ev('a', 'raised', 1),
    ev('b', 'raised', 2),
    ev('b', 'acknowledge', 3),
    ev('c', 'raised', 1),
    ev('c', 'explain', 4, 'new system'),
    ev('c', 'dispute', 10, 'the drop began before the new system'),
    ev('d', 'raised', 5),
    ev('d', 'explain', 6, 'fine'),
    ev('e', 'raised', 1),
    ev('e', 'explain', 2, 'x'),
    ev('e', 'reopen', 20),
  ];

  it('lists open and disputed findings only: disputed first, then the longest waiting', () => {
    const awaiting = awaitingAnswer('kent', events, current);
    expect(awaiting.map((a) => [a.finding_id, a.status])).toEqual([
      ['c', 'disputed'],
      ['a', 'open'],
      ['e', 'open'],
    ]);
    expect(awaiting[0]?.note).toBe('the drop began before the new system');
    expect(awaiting[1]?.note).toBeNull();
  });

  it("ignores another force's events and findings", () => {
    const essex = finding({ finding_id: 'x', force_code: 'essex' });
    expect(
      awaitingAnswer(
        'kent',
        [findingEvent({ finding_id: 'x', force_code: 'essex', action: 'raised' })],
        [essex],
      ),
    ).toEqual([]);
  });
});

describe('weeklyDigest', () => {
  const awaiting = awaitingAnswer(
    'kent',
    [
      ev('a', 'raised', 1),
      ev('c', 'raised', 1),
      ev('c', 'explain', 2, 'n'),
      ev('c', 'dispute', 22, 'not so'),
    ],
    [finding({ finding_id: 'a', severity: 'high' }), finding({ finding_id: 'c' })],
  );

  it('says how many wait, how long, why disputed, and where to answer', () => {
    const digest = weeklyDigest({ force: 'kent', awaiting, at: AT, answerPrefix: 'uploads/kent/responses/' });
    expect(digest?.subject).toBe('Crime-recording audit: 2 finding(s) await an answer from kent');
    const text = digest?.message ?? '';
    expect(text).toContain(
      "2 finding(s) of Kent (kent) await the force's answer on 2026-05-29, 1 of them disputed",
    );
    expect(text).toMatch(
      /1\. \[medium\] drop\.level_shift, 2022-04 to 2022-09: disputed, waiting 7 day\(s\)/,
    );
    expect(text).toMatch(/2\. \[high\] .*: open, waiting 28 day\(s\)/);
    expect(text).toContain("The auditors' reason: not so");
    expect(text).toContain('under uploads/kent/responses/');
    expect(text).toContain('"finding_id": "c"');
  });

  it('sends nothing when nothing awaits, and lists at most DIGEST_LISTED', () => {
    expect(weeklyDigest({ force: 'kent', awaiting: [], at: AT, answerPrefix: 'p/' })).toBeNull();
    const many = Array.from({ length: DIGEST_LISTED + 3 }, () => awaiting[1]!);
    const text = weeklyDigest({ force: 'kent', awaiting: many, at: AT, answerPrefix: 'p/' })?.message ?? '';
    expect(text).toContain('... and 3 more.');
    expect(text).not.toContain(`${DIGEST_LISTED + 1}. [`);
  });
});
