/** `auditor report`: the current findings as one self-contained HTML file an auditor opens offline. */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { readManifests } from '../adapters/local/returns-repository.ts';
import { openLocalStore } from '../adapters/local/store.ts';
import { DEFAULT_TARGETS } from '../core/detection/targets.ts';
import { findingStatuses } from '../core/lifecycle/status.ts';
import type { ReturnRow } from '../core/model/returns.ts';
import { formatIssue } from '../core/model/validation.ts';
import type { CoverageInput } from '../core/report/coverage.ts';
import { seriesForFinding } from '../core/report/finding-series.ts';
import { renderReport } from '../core/report/html.ts';
import { buildLeagueTables } from '../core/report/league-table.ts';
import { renderLeagueTableSection } from '../core/report/league-table-html.ts';
import { peersOf } from '../core/report/peer-range.ts';
import { currentRevision } from '../core/revisions.ts';
import { requireAuditDir } from './audit-dir.ts';
import { visible } from './visible-text.ts';

const REASONS_SHOWN = 5;

/** uPlot's browser build and stylesheet, inlined into the page so that it loads nothing. */
async function uplotAssets(): Promise<{ uplotScript: string; uplotCss: string }> {
  const require = createRequire(import.meta.url);
  const dist = resolve(require.resolve('uplot'), '..');
  const [uplotScript, uplotCss] = await Promise.all([
    readFile(join(dist, 'uPlot.iife.min.js'), 'utf8'),
    readFile(join(dist, 'uPlot.min.css'), 'utf8'),
  ]);
  return { uplotScript, uplotCss };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function dataPeriod(rows: readonly ReturnRow[]): CoverageInput['dataPeriod'] {
  if (rows.length === 0) return null;
  let start = rows[0]!.period_start;
  let end = rows[0]!.period_end;
  for (const r of rows) {
    if (r.period_start < start) start = r.period_start;
    if (r.period_end > end) end = r.period_end;
  }
  return { start, end };
}

export async function runReportCommand(args: { out: string; file?: string }): Promise<number> {
  await requireAuditDir(args.out);
  const store = openLocalStore(args.out);
  const [findings, runs, events, stored, manifests, quarantined, assets] = await Promise.all([
    store.findings.loadAll(),
    store.runs.loadAll(),
    store.events.loadAll(),
    store.returns.loadAll(),
    readManifests(args.out),
    store.quarantine.list(),
    uplotAssets(),
  ]);
  const current = currentRevision(stored.rows);

  const byForce = new Map<string, ReturnRow[]>();
  for (const r of current) {
    const list = byForce.get(r.force_code);
    if (list) list.push(r);
    else byForce.set(r.force_code, [r]);
  }
  const series = new Map(
    findings.map((f) => [f.finding_id, seriesForFinding(f, byForce.get(f.force_code) ?? [])]),
  );
  const peerSeries = new Map(
    findings.map((f) => [
      f.finding_id,
      peersOf(parseJson(f.evidence)).map((peer) => seriesForFinding(f, byForce.get(peer) ?? [])),
    ]),
  );
  const coverage: CoverageInput = {
    inputFiles: manifests.map((m) => ({
      fileName: m.fileName,
      forces: m.forces,
      rows: m.rows,
      submittedAt: m.submitted_at,
    })),
    quarantined: quarantined.map((q) => ({
      file: q.file,
      issueCount: q.issue_count,
      reasons: q.issues.slice(0, REASONS_SHOWN).map(formatIssue),
    })),
    dataPeriod: dataPeriod(current),
  };

  // A finding without an event is open, as the finding_status view says.
  const statuses = findingStatuses(events);
  const league = buildLeagueTables({
    returns: current,
    findings: findings.map((f) => ({ ...f, status: statuses.get(f.finding_id)?.status ?? 'open' })),
    targets: DEFAULT_TARGETS,
  });

  const html = renderReport({
    findings,
    series,
    peerSeries,
    runs,
    events,
    coverage,
    assets,
    sections: [renderLeagueTableSection(league)],
    // The folder's name, not its absolute path: the file is mailed, and a path says nothing to its reader.
    generatedFor: basename(resolve(args.out)),
    generatedAt: new Date().toISOString(),
  });
  const file = resolve(args.file ?? join(args.out, 'report.html'));
  await writeFile(file, html, 'utf8');
  process.stdout.write(
    `${findings.length} findings for ${new Set(findings.map((f) => f.force_code)).size} forces\nReport: ${visible(file)}\n`,
  );
  return 0;
}
