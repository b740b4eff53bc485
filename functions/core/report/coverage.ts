/**
 * The coverage section: what the audit read and what it could not see, so that "no finding" is never
 * read as "nothing wrong". The data period, the input files, the forces audited and those with no
 * finding, the checks that were skipped (the latest run's coverage notes), the quarantined files with
 * their reasons, and the audit runs.
 */
import type { Run } from '../model/runs.ts';
import { escapeHtml } from './escape.ts';
import { formatNumber } from './format.ts';
import { forceName, periodRangeText, proseText } from './period-text.ts';

export interface CoverageInput {
  /** The committed input files, oldest first. */
  inputFiles: readonly { fileName: string; forces: readonly string[]; rows: number; submittedAt: string }[];
  /** Files rejected at validation, each with its first reasons (`file:line: field: message`). */
  quarantined: readonly { file: string; issueCount: number; reasons: readonly string[] }[];
  /** First and last month of the current returns; null when none were accepted. */
  dataPeriod: { start: string; end: string } | null;
}

const plural = (n: number, word: string): string => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;

function listOfForces(slugs: readonly string[]): string {
  if (slugs.length === 0) return '<p class="muted">None.</p>';
  const names = [...slugs].map(forceName).sort((a, b) => a.localeCompare(b));
  return `<ul class="forces">${names.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`;
}

function filesTable(files: CoverageInput['inputFiles']): string {
  if (files.length === 0) return '<p>No input file was accepted.</p>';
  const rows = files
    .map(
      (f) =>
        `<tr><td><code>${escapeHtml(f.fileName)}</code></td><td>${escapeHtml(
          f.forces.length > 3 ? `${f.forces.length} forces` : f.forces.map(forceName).join(', '),
        )}</td><td class="num">${formatNumber(f.rows)}</td><td>${escapeHtml(f.submittedAt.slice(0, 10))}</td></tr>`,
    )
    .join('');
  return `<details><summary>${plural(files.length, 'input file')} accepted</summary><div class="scroll"><table><thead><tr><th scope="col">File</th><th scope="col">Forces</th><th scope="col" class="num">Rows</th><th scope="col">Submitted</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
}

function quarantineHtml(items: CoverageInput['quarantined']): string {
  if (items.length === 0) return '<p>No file was quarantined.</p>';
  return `<ul class="quarantine">${items
    .map(
      (q) =>
        `<li><code>${escapeHtml(q.file)}</code>: ${plural(q.issueCount, 'problem')}<ul>${q.reasons
          .map((r) => `<li>${escapeHtml(r)}</li>`)
          .join(
            '',
          )}${q.issueCount > q.reasons.length ? `<li class="muted">… and ${formatNumber(q.issueCount - q.reasons.length)} more in its report.json</li>` : ''}</ul></li>`,
    )
    .join('')}</ul>`;
}

function runsTable(runs: readonly Run[]): string {
  if (runs.length === 0) return '';
  const rows = runs
    .map(
      (r) =>
        `<tr><td><code>${escapeHtml(r.run_id)}</code></td><td>${escapeHtml(r.kind)}</td><td>${escapeHtml(
          r.started_at.toISOString().slice(0, 16).replace('T', ' '),
        )}</td><td>${escapeHtml(r.status)}</td><td class="num">${formatNumber(r.files_seen)}</td><td class="num">${formatNumber(
          r.files_quarantined,
        )}</td><td class="num">${formatNumber(r.forces_audited)}</td><td class="num">${formatNumber(r.findings_total)}</td></tr>`,
    )
    .join('');
  return `<h3 id="runs-h">Audit runs</h3><div class="scroll"><table class="runs"><thead><tr><th scope="col">Run</th><th scope="col">Kind</th><th scope="col">Started (UTC)</th><th scope="col">Status</th><th scope="col" class="num">Files</th><th scope="col" class="num">Quarantined</th><th scope="col" class="num">Forces</th><th scope="col" class="num">Findings</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** Runs most recent first (ties by id), as the coverage section lists them. */
export function sortRuns(runs: readonly Run[]): Run[] {
  return [...runs].sort(
    (a, b) =>
      b.started_at.getTime() - a.started_at.getTime() ||
      (a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0),
  );
}

export function renderCoverage(
  coverage: CoverageInput | undefined,
  runs: readonly Run[],
  forcesWithFindings: ReadonlySet<string>,
): string {
  const files = coverage?.inputFiles ?? [];
  const audited = [...new Set(files.flatMap((f) => f.forces))];
  const without = audited.filter((s) => !forcesWithFindings.has(s));
  const latest = sortRuns(runs)[0];
  const notes = latest?.message ? latest.message.split('; ').filter((m) => m.trim() !== '') : [];
  const period = coverage?.dataPeriod;
  return `<section id="coverage" aria-labelledby="coverage-h">
<h2 id="coverage-h">Coverage</h2>
<p>${period ? `Returns from <strong>${escapeHtml(periodRangeText(period.start, period.end))}</strong>` : 'No returns were accepted'}; ${plural(
    files.length,
    'input file',
  )} accepted, ${plural(coverage?.quarantined.length ?? 0, 'file')} quarantined; ${plural(audited.length, 'force')} audited, ${formatNumber(
    without.length,
  )} of them with no finding.</p>
${filesTable(files)}
<h3>Forces audited with no finding</h3>
${listOfForces(without)}
<h3>Checks skipped and what the latest run could not see</h3>
${notes.length === 0 ? '<p>Every check ran on every force.</p>' : `<ul>${notes.map((n) => `<li>${escapeHtml(proseText(n))}</li>`).join('')}</ul>`}
<h3>Quarantined files</h3>
${quarantineHtml(coverage?.quarantined ?? [])}
${runsTable(sortRuns(runs))}
</section>`;
}
