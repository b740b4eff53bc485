/** `auditor report`: the current findings as one self-contained HTML file an auditor opens offline. */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openLocalStore } from '../adapters/local/store.ts';
import type { ReturnRow } from '../core/model/returns.ts';
import { seriesForFinding } from '../core/report/finding-series.ts';
import { renderReport } from '../core/report/html.ts';
import { currentRevision } from '../core/revisions.ts';
import { requireAuditDir } from './audit-dir.ts';
import { visible } from './visible-text.ts';

export async function runReportCommand(args: { out: string; file?: string }): Promise<number> {
  await requireAuditDir(args.out);
  const store = openLocalStore(args.out);
  const findings = await store.findings.loadAll();
  const runs = await store.runs.loadAll();
  const current = currentRevision((await store.returns.loadAll()).rows);

  const byForce = new Map<string, ReturnRow[]>();
  for (const r of current) byForce.set(r.force_code, [...(byForce.get(r.force_code) ?? []), r]);
  const series = new Map(
    findings.map((f) => [f.finding_id, seriesForFinding(f, byForce.get(f.force_code) ?? [])]),
  );

  const html = renderReport({
    findings,
    series,
    runs,
    generatedFor: resolve(args.out),
    generatedAt: new Date().toISOString(),
  });
  const file = resolve(args.file ?? join(args.out, 'report.html'));
  await writeFile(file, html, 'utf8');
  process.stdout.write(
    `${findings.length} findings for ${new Set(findings.map((f) => f.force_code)).size} forces\nReport: ${visible(file)}\n`,
  );
  return 0;
}
