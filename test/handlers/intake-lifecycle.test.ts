/**
 * A finding is raised once (one `raised` event, one notice to its force), however often uploads make it
 * come and go: the intake over the deployed stack (test/support/intake-harness.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ForceNotice } from '#adapters/sns/force-notice.ts';
import { findingStatuses } from '#core/lifecycle/status.ts';
import { exampleMonth, exampleReturn, withNegativeCount } from '../support/example-returns.ts';
import { type IntakeHarness, intakeHarness } from '../support/intake-harness.ts';

let h: IntakeHarness;
beforeEach(async () => {
  h = await intakeHarness();
});
afterEach(() => h.close());

const kentMarch = (factor: number) => exampleMonth('kent', '2024-03', factor);

function notifiedIds(notices: readonly ForceNotice[]): string[] {
  return notices.flatMap((n) => (n.kind === 'findings' ? n.findings.map((f) => f.finding_id) : []));
}

describe('intake notices over a finding’s lifecycle', () => {
  it('notifies a finding once: not again when it is resolved and found again later', async () => {
    const deliver = async (key: string, text: string, at: string) =>
      expect((await h.deliver(h.upload(key, text, at))).batchItemFailures).toEqual([]);
    await deliver('uploads/kent/kent.csv', exampleReturn('kent'), '2024-04-01T09:00:00.000Z');
    const before = new Set((await h.store.findings.loadForce('kent')).map((f) => f.finding_id));

    // A negative count in March: a new finding, notified.
    await deliver('uploads/kent/march.csv', withNegativeCount(kentMarch(1), 2), '2024-04-03T10:00:00.000Z');
    const flagged = (await h.store.findings.loadForce('kent')).filter((f) => !before.has(f.finding_id));
    expect(flagged.length).toBeGreaterThan(0);
    const ids = flagged.map((f) => f.finding_id);
    expect(notifiedIds(h.notifier.notices.slice(-1))).toEqual(expect.arrayContaining(ids));

    // Corrected: the finding is resolved.
    await deliver('uploads/kent/march-fixed.csv', kentMarch(1), '2024-04-04T10:00:00.000Z');
    const resolved = findingStatuses(await h.store.events.loadForce('kent'));
    for (const id of ids) expect(resolved.get(id)?.status, id).toBe('resolved');

    // The same mistake in a later upload: the finding is current again, reopened, and not notified again.
    const noticesBefore = h.notifier.notices.length;
    await deliver(
      'uploads/kent/march-again.csv',
      withNegativeCount(kentMarch(1.001), 2),
      '2024-04-05T10:00:00.000Z',
    );
    const current = new Set((await h.store.findings.loadForce('kent')).map((f) => f.finding_id));
    for (const id of ids) expect(current.has(id), id).toBe(true);
    expect(notifiedIds(h.notifier.notices.slice(noticesBefore))).not.toEqual(expect.arrayContaining(ids));
    const all = notifiedIds(h.notifier.notices);
    for (const id of ids)
      expect(
        all.filter((x) => x === id),
        id,
      ).toHaveLength(1);

    const events = await h.store.events.loadForce('kent');
    const statuses = findingStatuses(events);
    for (const id of ids) {
      expect(statuses.get(id)?.status, id).toBe('open');
      expect(
        events.filter((e) => e.finding_id === id).map((e) => e.action),
        id,
      ).toEqual(['raised', 'resolved', 'reopen']);
    }
  });
});
