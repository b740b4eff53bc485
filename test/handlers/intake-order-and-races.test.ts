/**
 * The intake under S3's delivery model: events late, repeated and out of order, invocations side by
 * side. Over the in-memory S3 with S3's atomicity (conditional PUTs), through the deployed handler
 * stack (test/support/intake-harness.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeTable, RUNS_TABLE } from '#adapters/parquet/tables.ts';
import type { ForceNotice } from '#adapters/sns/force-notice.ts';
import { currentRevision } from '#core/revisions.ts';
import { exampleMonth, exampleReturn, withNegativeCount } from '../support/example-returns.ts';
import type { FakeS3Call } from '../support/fake-s3.ts';
import { HARNESS_BUCKETS, type IntakeHarness, intakeHarness } from '../support/intake-harness.ts';

const { findings: FINDINGS } = HARNESS_BUCKETS;
const KENT_FINDINGS = 'findings/force_code=kent/findings.parquet';

let h: IntakeHarness;
beforeEach(async () => {
  h = await intakeHarness();
});
afterEach(() => h.close());

const kentMarch = (factor: number) => exampleMonth('kent', '2024-03', factor);

async function currentKent8N(month: string): Promise<number | undefined> {
  const rows = currentRevision((await h.store.returns.loadAll()).rows);
  return rows.find((r) => r.force_code === 'kent' && r.period_start === month && r.offence_code === '8N')
    ?.recorded;
}

function notifiedIds(notices: readonly ForceNotice[]): string[] {
  return notices.flatMap((n) => (n.kind === 'findings' ? n.findings.map((f) => f.finding_id) : []));
}

/** A promise and its resolver, with a time limit so a broken interleaving fails instead of hanging. */
function gate(name: string, ms = 30_000): { open: () => void; wait: Promise<void> } {
  let open = () => {};
  const wait = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gate ${name} never opened`)), ms);
    open = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { open, wait };
}

describe('intake order', () => {
  it('keeps the correction current when the older upload is processed after it (a late redelivery)', async () => {
    expect(
      (await h.deliver(h.upload('uploads/kent/kent.csv', exampleReturn('kent'), '2024-04-01T09:00:00.000Z')))
        .batchItemFailures,
    ).toEqual([]);
    const filed = Number(
      kentMarch(1)
        .split('\n')
        .find((l) => l.startsWith('kent,2024-03,8N,'))
        ?.split(',')[3],
    );
    const original = h.upload('uploads/kent/kent-2024-03.csv', kentMarch(1.05), '2024-04-03T10:00:00.000Z');
    const correction = h.upload(
      'uploads/kent/kent-2024-03-corrected.csv',
      kentMarch(0.7),
      '2024-04-03T10:05:00.000Z',
    );

    await h.deliver(correction);
    const corrected = await currentKent8N('2024-03');
    expect(corrected).toBe(Math.round(filed * 0.7));
    // The 10:00 upload's event arrives last, twice.
    await h.deliver(original);
    await h.deliver(original);
    expect(await currentKent8N('2024-03')).toBe(corrected);
    expect(h.s3.keys(HARNESS_BUCKETS.returns, 'curated/submissions/')).toHaveLength(3);

    // Both revisions stay, each stamped with its upload time and, beside it, when it was processed.
    const march = (await h.store.returns.loadAll()).rows.filter(
      (r) => r.force_code === 'kent' && r.period_start === '2024-03' && r.offence_code === '8N',
    );
    expect(march.map((r) => r.submitted_at.toISOString()).sort()).toEqual([
      '2024-04-01T09:00:00.000Z',
      '2024-04-03T10:00:00.000Z',
      '2024-04-03T10:05:00.000Z',
    ]);
    const late = march.find((r) => r.submitted_at.toISOString() === '2024-04-03T10:00:00.000Z');
    const fix = march.find((r) => r.submitted_at.toISOString() === '2024-04-03T10:05:00.000Z');
    expect(late?.processed_at?.getTime()).toBeGreaterThan(fix?.processed_at?.getTime() ?? Infinity);
  });
});

describe('concurrent intakes for one force', () => {
  it('loses no notified finding and notifies none twice when two runs write the force’s findings at once', async () => {
    // A: the history with a negative count in 2019-04; B: March 2024 with a negative count.
    const a = h.upload(
      'uploads/kent/kent.csv',
      withNegativeCount(exampleReturn('kent')),
      '2024-04-01T09:00:00.000Z',
    );
    const b = h.upload(
      'uploads/kent/kent-2024-03.csv',
      withNegativeCount(kentMarch(1)),
      '2024-04-03T10:00:00.000Z',
    );

    // The interleaving that lost findings: A's download is slow, so B ingests and computes first;
    // B's write is slow, so A reads the (still empty) findings and writes before B's write lands.
    const bWriting = gate('B writes');
    const aWritten = gate('A written');
    let findingsPuts = 0;
    h.s3.delay = (call: FakeS3Call) => {
      if (call.command === 'get' && call.key === a.key) return bWriting.wait;
      if (call.command === 'put' && call.bucket === FINDINGS && call.key === KENT_FINDINGS) {
        findingsPuts += 1;
        if (findingsPuts === 1) {
          bWriting.open();
          return aWritten.wait;
        }
      }
      return 0;
    };
    h.s3.onPut.push((call, ok) => {
      if (ok && call.key === KENT_FINDINGS && findingsPuts === 2) aWritten.open();
    });

    const [ra, rb] = await Promise.all([h.deliver(a), h.deliver(b)]);
    expect([ra.batchItemFailures, rb.batchItemFailures]).toEqual([[], []]);

    const stored = (await h.store.findings.loadForce('kent')).map((f) => f.finding_id).sort();
    const notified = notifiedIds(h.notifier.notices);
    expect(stored.filter((id) => id.length > 0).length).toBeGreaterThanOrEqual(2);
    expect([...new Set(notified)].sort()).toEqual(stored);
    expect(notified).toHaveLength(new Set(notified).size);
    // The race did happen: one conditional write was refused and redone.
    expect(h.s3.conflicts).toBeGreaterThanOrEqual(1);
  });
});

describe('a run killed mid-way', () => {
  it('has its run row before any finding names it, and the retry completes the same run', async () => {
    const a = h.upload(
      'uploads/kent/kent.csv',
      withNegativeCount(exampleReturn('kent')),
      '2024-04-01T09:00:00.000Z',
    );
    let failNext = true;
    h.s3.delay = (call: FakeS3Call) => {
      if (failNext && call.command === 'put' && call.key === KENT_FINDINGS) {
        failNext = false;
        return Promise.reject(Object.assign(new Error('killed'), { name: 'InternalError' }));
      }
      return 0;
    };
    expect((await h.deliver(a)).batchItemFailures).toHaveLength(1);
    const runsAfterCrash = await runs();
    expect(runsAfterCrash.map((r) => [r.status, r.finished_at])).toEqual([['running', null]]);
    expect(await h.store.findings.loadForce('kent')).toEqual([]);

    expect((await h.deliver(a)).batchItemFailures).toEqual([]);
    const after = await runs();
    expect(after.map((r) => [r.run_id, r.status])).toEqual([[runsAfterCrash[0]?.run_id, 'succeeded']]);
    const stored = await h.store.findings.loadForce('kent');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((f) => f.run_id === runsAfterCrash[0]?.run_id)).toBe(true);
  });
});

async function runs() {
  const keys = h.s3.keys(FINDINGS, 'runs/');
  return (
    await Promise.all(keys.map((k) => decodeTable(RUNS_TABLE, h.s3.bucket(FINDINGS).get(k) as Uint8Array)))
  ).flat();
}
