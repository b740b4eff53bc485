/**
 * The intake handler on one extract, in this process: the deployed handler stack over the in-memory
 * S3 of the tests (test/support/intake-harness.ts), one upload, one delivery. Prints the seconds the
 * delivery took (download to a temp file, ingest, Parquet, checks, notice) as JSON.
 *
 *   node --import tsx bench/ingest/intake-run.ts <extract.csv> <force slug>
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { intakeHarness } from '#test-support/intake-harness.ts';

const [file, force] = process.argv.slice(2);
if (!file || !force) throw new Error('usage: intake-run.ts <extract.csv> <force slug>');
const h = await intakeHarness();
try {
  const upload = h.upload(
    `uploads/${force}/${basename(file)}`,
    readFileSync(file, 'utf8'),
    new Date().toISOString(),
  );
  const t0 = performance.now();
  const response = await h.deliver(upload);
  const seconds = (performance.now() - t0) / 1000;
  if (response.batchItemFailures.length > 0) throw new Error('the intake failed the delivery');
  const notices = h.notifier.notices.map((n) => n.kind);
  if (notices.includes('upload_rejected')) throw new Error('the intake rejected the extract');
  console.log(JSON.stringify({ seconds, notices }));
} finally {
  h.close();
}
