/** The S3 finding events and findings history over an in-memory S3 with S3's conditional writes. */
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeTable, FINDINGS_HISTORY_TABLE } from '#adapters/parquet/tables.ts';
import { openS3Store, type S3Store } from '#adapters/s3/store.ts';
import { FakeS3, type FakeS3Call } from '#test-support/fake-s3.ts';
import { findingEvent } from '#test-support/finding-events.ts';
import { finding } from '#test-support/findings.ts';

const RETURNS = 'returns-bucket';
const FINDINGS = 'findings-bucket';
const KENT_EVENTS = 'finding_events/force_code=kent/events.parquet';
let s3: FakeS3;
let store: S3Store;

beforeEach(() => {
  s3 = new FakeS3(RETURNS, FINDINGS);
  store = openS3Store({
    client: new S3Client({ region: 'eu-west-2' }),
    returnsBucket: RETURNS,
    findingsBucket: FINDINGS,
  });
});
afterEach(() => s3.restore());

describe('S3FindingEventsRepository', () => {
  it('appends to one object per force, storing an event id once', async () => {
    const a = findingEvent();
    const b = findingEvent({ action: 'explain', note: 'why' });
    await store.events.append('kent', [a]);
    expect(await store.events.append('kent', [a, b])).toEqual([a, b]);
    expect(await store.events.append('kent', [a])).toEqual([a, b]);
    expect(s3.keys(FINDINGS, 'finding_events/')).toEqual([KENT_EVENTS]);
    expect(await store.events.loadAll()).toEqual([a, b]);
  });

  it('loses no event when two appends for one force race: the loser reads again and retries', async () => {
    const a = findingEvent({ finding_id: 'f-a' });
    const b = findingEvent({ finding_id: 'f-b' });
    // Both appends read the (absent) log before either writes; the second write's condition fails.
    let gets = 0;
    let release = () => {};
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    s3.delay = (call: FakeS3Call) => {
      if (call.command === 'get' && call.key === KENT_EVENTS && ++gets <= 2) {
        if (gets === 2) release();
        return bothRead;
      }
      return 0;
    };
    await Promise.all([store.events.append('kent', [a]), store.events.append('kent', [b])]);
    expect(gets).toBeGreaterThan(2);
    const stored = await store.events.loadForce('kent');
    expect(stored.map((e) => e.finding_id).sort()).toEqual(['f-a', 'f-b']);
  });
});

describe('S3FindingsHistoryRepository', () => {
  it('writes one object per force and run, rows carrying that run id', async () => {
    await store.history.put('kent', 'run-2', [finding({ run_id: 'run-1' })]);
    await store.history.put('kent', 'run-3', []);
    expect(s3.keys(FINDINGS, 'findings_history/')).toEqual([
      'findings_history/force_code=kent/run-2.parquet',
      'findings_history/force_code=kent/run-3.parquet',
    ]);
    const rows = await decodeTable(
      FINDINGS_HISTORY_TABLE,
      s3.bucket(FINDINGS).get('findings_history/force_code=kent/run-2.parquet') as Uint8Array,
    );
    expect(rows.map((r) => r.run_id)).toEqual(['run-2']);
  });
});
