/**
 * What `auditor audit` prints: the run in a few lines, the most severe findings, every rejected file.
 * Every line goes through `visible`: file names and summaries carry text a force chose.
 */
import type { InputFileList } from '../adapters/files/list-input-files.ts';
import type { AuditOutcome } from '../app/audit.ts';
import { SEVERITIES, SIGNATURES } from '../core/model/findings.ts';
import { formatIssue } from '../core/model/validation.ts';
import { compareFindings } from '../core/report/html.ts';
import { visible } from './visible-text.ts';

const TOP = 10;
const ISSUES_SHOWN = 5;

export function printAuditSummary(
  o: AuditOutcome,
  opts: {
    out: string;
    quiet: boolean;
    seconds: number;
    /** What listing the inputs skipped or ignored, said again here so that it is not lost above a long run. */
    inputs?: Pick<InputFileList, 'skipped' | 'ignored'>;
    /** The command writes the report next (`audit --report`): the hints leave it out. */
    reportFollows?: boolean;
  },
): void {
  const w = (line = '') => process.stdout.write(`${visible(line)}\n`);
  const r = o.run;
  w(
    `Audit ${r.run_id}: ${r.files_seen} file(s) — ${r.files_ingested} ingested, ${r.files_unchanged} unchanged, ` +
      `${r.files_quarantined} quarantined — ${r.forces_audited} force(s) audited in ${opts.seconds.toFixed(1)} s`,
  );
  const bySeverity = SEVERITIES.map((s) => `${s} ${o.findings.filter((f) => f.severity === s).length}`).join(
    ', ',
  );
  w(`Findings: ${o.findings.length} current (${o.added} new, ${o.resolved} resolved) — ${bySeverity}`);
  const skipped = opts.inputs?.skipped ?? [];
  const ignored = opts.inputs?.ignored ?? [];
  if (skipped.length > 0 || ignored.length > 0)
    w(`Inputs not read: ${skipped.length} skipped, ${ignored.length} ignored (system or hidden files)`);
  if (opts.quiet) return;

  const bySignature = SIGNATURES.map((s) => [s, o.findings.filter((f) => f.signature === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  if (bySignature) w(`By signature: ${bySignature}`);

  const top = [...o.findings].sort(compareFindings).slice(0, TOP);
  if (top.length > 0) {
    w();
    w(`Most severe findings${o.findings.length > TOP ? ` (first ${TOP})` : ''}:`);
    for (const f of top) {
      const offence = f.offence_code ?? f.offence_group ?? 'all offences';
      const period = f.period_start === f.period_end ? f.period_start : `${f.period_start}..${f.period_end}`;
      w(
        `  ${f.severity.toUpperCase().padEnd(6)} ${f.force_code.padEnd(20)} ${period.padEnd(16)} ${offence.padEnd(12)} ${f.summary}`,
      );
    }
  }

  for (const file of o.files) {
    if (file.status === 'ingested' && file.skipped.length > 0) {
      for (const s of file.skipped) w(`Note: ${file.file}: ${s.count} row(s) not audited — ${s.message}`);
    }
  }
  if (skipped.length > 0) {
    w();
    w('Skipped (not audited):');
    for (const s of skipped) w(`  ${s.path}: ${s.message}`);
  }
  if (ignored.length > 0) {
    w();
    w('Ignored (not returns):');
    for (const s of ignored) w(`  ${s.path}: ${s.message}`);
  }
  const rejected = o.files.filter((f) => f.status === 'quarantined');
  if (rejected.length > 0) {
    w();
    w(`Quarantined (not audited; fix and upload again):`);
    for (const f of rejected) {
      w(
        `  ${f.file}: ${f.report.issue_count} problem(s); report: ${f.location.replace(/[^/\\]+$/, 'report.json')}`,
      );
      for (const i of f.report.issues.slice(0, ISSUES_SHOWN)) w(`    ${formatIssue(i)}`);
      if (f.report.issue_count > ISSUES_SHOWN)
        w(`    … and ${f.report.issue_count - ISSUES_SHOWN} more in the report`);
    }
  }
  for (const e of o.checkErrors) w(`Check ${e.check_id} could not run: ${e.message}`);
  for (const c of o.coverage) for (const line of c.notices) w(line);

  w();
  w(`Tables (findings, returns, returns_current, runs) are in ${opts.out}. Next:`);
  if (!opts.reportFollows) w(`  npx auditor report --out ${opts.out}`);
  w(
    `  npx auditor query --out ${opts.out} "SELECT force_code, signature, severity, count(*) AS n FROM findings GROUP BY ALL ORDER BY n DESC"`,
  );
}
