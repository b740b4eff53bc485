/**
 * The timed side of the intake-scale benchmark: uploads into a restored lake, each delivered to the
 * deployed intake stack, with its wall time, its phases and the S3 calls it made. The phases are cut
 * where the intake calls the store: `ingest` runs until it loads the returns (download, hash, read,
 * commit the submission, record the run), `load` is that load (`loadForAudit`: the force's
 * submissions and the other forces' current snapshots), `checks` runs until it reads the
 * force's findings (current revision, audit context, every check), and `write` is the rest (merge and
 * conditional replace of the force's findings, the check for submissions committed meanwhile, the
 * coverage, the run's end, the notice, the idempotency record).
 */
import { createHash } from 'node:crypto';
import { keys } from '#store/layout.ts';
import type { FakeS3Call } from '#test-support/fake-s3.ts';
import { HARNESS_BUCKETS, type IntakeHarness } from '#test-support/intake-harness.ts';
import type { MonthlyFile } from './scale-lake.ts';

export interface TimedUpload {
  force: string;
  month: string;
  seconds: number;
  /** CPU time of the process (user + system, every thread) during the delivery: less moved by a busy machine. */
  cpuSeconds: number;
  phases: { ingest: number; load: number; checks: number; write: number };
  /** S3 calls by command, and the bytes the GETs returned. */
  calls: Record<FakeS3Call['command'], number>;
  getBytes: number;
  status: string;
}

const MS = 1000;

/** Delivers each file as an upload, one after another, and times each. */
export async function timeUploads(
  h: IntakeHarness,
  uploads: ReadonlyArray<{ file: MonthlyFile; at: Date }>,
): Promise<TimedUpload[]> {
  let calls = zeroCalls();
  let getBytes = 0;
  const held = h.s3.delay;
  h.s3.delay = (call) => {
    calls[call.command] += 1;
    if (call.command === 'get') getBytes += h.s3.bucket(call.bucket).get(call.key)?.length ?? 0;
    return held(call);
  };
  const marks: Partial<Record<'loadStart' | 'loadEnd' | 'writeStart', number>> = {};
  const returns = h.store.returns;
  const loadForAudit = returns.loadForAudit.bind(returns);
  returns.loadForAudit = async (forces) => {
    marks.loadStart ??= performance.now();
    const view = await loadForAudit(forces);
    marks.loadEnd ??= performance.now();
    return view;
  };
  const findings = h.store.findings;
  const loadForceVersioned = findings.loadForceVersioned.bind(findings);
  findings.loadForceVersioned = (force) => {
    marks.writeStart ??= performance.now();
    return loadForceVersioned(force);
  };

  const timed: TimedUpload[] = [];
  for (const { file, at } of uploads) {
    calls = zeroCalls();
    getBytes = 0;
    for (const k of Object.keys(marks)) delete marks[k as keyof typeof marks];
    const announced = h.upload(`uploads/${file.force}/${file.name}`, file.text, at.toISOString());
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const response = await h.deliver(announced);
    const t1 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    if (response.batchItemFailures.length > 0) throw new Error(`the intake failed for ${file.name}`);
    const { loadStart = t1, loadEnd = t1, writeStart = t1 } = marks;
    timed.push({
      force: file.force,
      month: file.month,
      seconds: (t1 - t0) / MS,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      phases: {
        ingest: (loadStart - t0) / MS,
        load: (loadEnd - loadStart) / MS,
        checks: (writeStart - loadEnd) / MS,
        write: (t1 - writeStart) / MS,
      },
      calls: { ...calls },
      getBytes,
      status: statusOf(h, file),
    });
  }
  return timed;
}

/** 'ingested' when the upload became a submission (a figure for a refused file means nothing). */
function statusOf(h: IntakeHarness, file: MonthlyFile): string {
  const sha = createHash('sha256').update(file.text).digest('hex');
  return h.s3.head(HARNESS_BUCKETS.returns, keys.submissionManifest(sha)) ? 'ingested' : 'not ingested';
}

function zeroCalls(): Record<FakeS3Call['command'], number> {
  return { get: 0, head: 0, put: 0, delete: 0, list: 0 };
}
