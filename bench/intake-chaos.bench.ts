/**
 * The intake under S3's delivery model, end to end: the deployed intake stack
 * (withDefaults(createIntakeHandler(…))) over an in-memory S3 that keeps S3's atomicity (conditional
 * PUTs, versions; test/support/fake-s3.ts; s3rver falls short here: it ignores If-Match and
 * If-None-Match), an in-memory idempotency table, and a notifier that keeps every notice.
 *
 * The chaos arm delivers every upload at least three times, shuffled, several invocations at once,
 * with random S3 latency; a delivery that fails (a duplicate still in progress, say) goes back on the
 * queue, as SQS would redeliver it. Then the scheduled national run audits every force. The reference
 * arm delivers each upload once, in upload order, one at a time, then the same national run.
 *
 *   npm run bench:intake-chaos                    # 44 forces
 *   npm run bench:intake-chaos -- --forces 8 --seed 2
 *   npm run bench:intake-chaos -- --no-reference --explain   # the chaos arm alone; explain any duplicate
 * Six invocations at once in one process hold six copies of the peers' returns: give Node room
 * (NODE_OPTIONS=--max-old-space-size=12288) for 44 forces; Lambda gives each its own memory.
 *
 * Prints for the chaos arm one line of exactly this form (the reference arm's is the same, renamed):
 *   intake chaos: U uploads, D deliveries, R revisions, out-of-order current C, findings lost L, duplicate notices N
 * R: committed submissions; C: force × months whose current revision is not the last uploaded;
 * L: findings still found at the end that were notified but missing from the findings bucket once
 * the intakes were done, plus findings stored but never notified; N: notices of a finding beyond its
 * first. Figures only; nothing is asserted here (the tests assert each defect).
 */
import { join } from 'node:path';
import type { ForceNotice } from '#adapters/sns/force-notice.ts';
import { currentRevision } from '#core/revisions.ts';
import { REPO } from '#test-support/example-returns.ts';
import { type Announced, type IntakeHarness, intakeHarness } from '#test-support/intake-harness.ts';
import { intendedCurrent, type PlannedUpload, planUploads } from './intake/chaos-uploads.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const FORCES = arg('forces', 44);
const SEED = arg('seed', 1);
const CONCURRENCY = arg('concurrency', 6);
const COPIES = 3;
/** Receives before a message goes to the dead-letter queue, as the stack's redrive policy says. */
const MAX_RECEIVES = 5;
/**
 * A failed message is visible again only after the queue's visibility timeout, which the stack sets
 * well beyond the function's timeout; scaled down here to a time longer than one intake takes.
 */
const VISIBILITY_MS = arg('visibility-ms', 3000);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ArmResult {
  line: string;
  seconds: number;
  conditionalConflicts: number;
  duplicateDeliveriesCaught: number;
  deadLettered: number;
}

async function arm(name: 'chaos' | 'in order', uploads: readonly PlannedUpload[]): Promise<ArmResult> {
  const h = await intakeHarness();
  // Metrics are off here; publishing would only print "no application metrics" per invocation.
  const { metrics } = await import('#handlers/shared/powertools.ts');
  metrics.publishStoredMetrics = () => metrics;
  const random = rng(SEED);
  const t0 = performance.now();
  const announced = new Map<PlannedUpload, Announced>();
  for (const u of uploads) announced.set(u, h.upload(u.key, u.text, u.eventTime));

  let deliveries = 0;
  let deadLettered = 0;
  if (name === 'in order') {
    const ordered = [...uploads].sort((a, b) => (a.eventTime < b.eventTime ? -1 : 1));
    for (const u of ordered) {
      deliveries += 1;
      await h.deliver(announced.get(u) as Announced);
    }
  } else {
    // Every S3 call takes 0–3 ms; a third of upload downloads and findings writes are slow (0.2–0.8 s),
    // the interleaving in which one intake's write used to land over another's.
    h.s3.delay = (call) => {
      const slowable =
        (call.command === 'get' && call.key.startsWith('uploads/')) ||
        (call.command === 'put' && call.key.startsWith('findings/'));
      return slowable && random() < 1 / 3 ? 200 + random() * 600 : Math.floor(random() * 4);
    };
    // Shuffled, but a force's deliveries arrive near each other (a force sends its month and then its
    // correction; S3 repeats an event soon after the first): each force's messages sit within a few
    // places of its turn, so different uploads of one force are often processed at the same time.
    const forceIndex = new Map([...new Set(uploads.map((u) => u.force))].map((f, i) => [f, i]));
    const queue = uploads
      .flatMap((u) =>
        Array.from({ length: COPIES }, () => ({
          upload: announced.get(u) as Announced,
          receives: 0,
          at: (forceIndex.get(u.force) ?? 0) + 1.5 * random(),
        })),
      )
      .sort((a, b) => a.at - b.at);
    let invisible = 0;
    const worker = async () => {
      while (queue.length > 0 || invisible > 0) {
        const m = queue.shift();
        if (!m) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        deliveries += 1;
        m.receives += 1;
        const response = await h.deliver(m.upload);
        if (response.batchItemFailures.length === 0) continue;
        if (m.receives >= MAX_RECEIVES) {
          deadLettered += 1;
          continue;
        }
        // Redelivered once its visibility timeout has passed, somewhere in the queue.
        invisible += 1;
        setTimeout(
          () => {
            invisible -= 1;
            queue.splice(Math.floor(random() * (queue.length + 1)), 0, m);
          },
          VISIBILITY_MS * (1 + random()),
        );
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    h.s3.delay = () => 0;
  }

  const atQuiescence = new Set((await h.store.findings.loadAll()).map((f) => f.finding_id));
  const intakeNotices = h.notifier.notices.length;
  await nationalRun(h, [...new Set(uploads.map((u) => u.force))]);
  const final = await h.store.findings.loadAll();
  const seconds = (performance.now() - t0) / 1000;

  const intended = intendedCurrent(uploads);
  const current = currentRevision((await h.store.returns.loadAll()).rows);
  const actual = new Map(current.map((r) => [`${r.force_code}|${r.period_start}`, r.input_sha256]));
  let outOfOrder = 0;
  for (const [k, sha] of intended) if (actual.get(k) !== sha) outOfOrder += 1;

  const counts = new Map<string, number>();
  const notifiedAtIntake = new Set<string>();
  for (const [i, n] of h.notifier.notices.entries()) {
    for (const id of ids(n)) {
      counts.set(id, (counts.get(id) ?? 0) + 1);
      if (i < intakeNotices) notifiedAtIntake.add(id);
    }
  }
  let lost = 0;
  for (const f of final) {
    if (notifiedAtIntake.has(f.finding_id) && !atQuiescence.has(f.finding_id)) lost += 1;
    if (!counts.has(f.finding_id)) lost += 1;
  }
  const duplicates = [...counts.values()].reduce((s, c) => s + Math.max(0, c - 1), 0);
  if (process.argv.includes('--explain')) {
    for (const [id, c] of counts) {
      if (c < 2) continue;
      const runs = h.notifier.notices
        .filter((n) => ids(n).includes(id))
        .map((n) => (n.kind === 'findings' ? n.runId : ''));
      const f = final.find((x) => x.finding_id === id);
      console.log(
        `  notified ${c}×: ${id} (${f ? `${f.check_id} ${f.force_code} ${f.period_start}` : 'not stored at the end'}) by runs ${runs.join(', ')}`,
      );
    }
  }
  const revisions = h.s3.keys('auditor-returns-chaos', 'curated/submissions/').length;
  const result: ArmResult = {
    line: `intake chaos: ${uploads.length} uploads, ${deliveries} deliveries, ${revisions} revisions, out-of-order current ${outOfOrder}, findings lost ${lost}, duplicate notices ${duplicates}`,
    seconds,
    conditionalConflicts: h.s3.conflicts,
    duplicateDeliveriesCaught: h.persistence.conflicts,
    deadLettered,
  };
  h.close();
  return result;
}

function ids(n: ForceNotice): string[] {
  return n.kind === 'findings' ? n.findings.map((f) => f.finding_id) : [];
}

async function nationalRun(h: IntakeHarness, forces: readonly string[]): Promise<void> {
  const { auditForce } = await import('#handlers/scheduled/audit-force.ts');
  const { logger, metrics, tracer } = await import('#handlers/shared/powertools.ts');
  const deps = {
    store: h.store,
    notifier: h.notifier,
    registry: h.registry,
    clock: () => new Date(),
    logger,
    metrics,
    tracer,
  };
  for (const force of forces)
    await auditForce(deps, { run_id: '20240410T020000Z-national', force_code: force });
}

// The SDK's Node.js support notice says nothing about the intake.
process.removeAllListeners('warning');

const uploads = planUploads(join(REPO, 'examples/returns'), { forces: FORCES });
console.log(
  `${FORCES} forces, ${uploads.length} uploads, seed ${SEED}, ${CONCURRENCY} concurrent invocations, each upload delivered ${COPIES}× in the chaos arm`,
);
// --no-reference runs the chaos arm alone (the reference arm takes as long again).
const arms = process.argv.includes('--no-reference')
  ? (['chaos'] as const)
  : (['in order', 'chaos'] as const);
for (const name of arms) {
  const r = await arm(name, uploads);
  // The chaos arm's line is the figure; the reference arm's is the same line under another name.
  console.log(name === 'chaos' ? r.line : r.line.replace(/^intake chaos:/, 'reference, in order once each:'));
  console.log(
    `  ${name}: ${r.seconds.toFixed(1)} s; conditional writes refused and redone ${r.conditionalConflicts}; ` +
      `repeated deliveries caught by idempotency ${r.duplicateDeliveriesCaught}; dead-lettered ${r.deadLettered}`,
  );
}
