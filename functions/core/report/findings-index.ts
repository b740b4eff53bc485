/**
 * The findings index: the controls an auditor sorts, filters and searches with, and the list itself.
 * Repeats of one data-quality problem (one check, one force) are grouped under one line, so forty
 * copies of the same totals mismatch read as one problem with forty months, each still listed.
 */
import type { Finding } from '../model/findings.ts';
import { escapeHtml } from './escape.ts';
import { type FindingContext, renderFinding, SEVERITY_RANK, signatureLabel } from './finding-html.ts';
import { formatNumber } from './format.ts';
import { forceName, periodRangeText } from './period-text.ts';

const option = (value: string, text: string): string =>
  `<option value="${escapeHtml(value)}">${escapeHtml(text)}</option>`;

function select(id: string, label: string, options: readonly (readonly [string, string])[]): string {
  return `<label for="${id}">${escapeHtml(label)}</label><select id="${id}">${option('', 'All')}${options
    .map(([v, t]) => option(v, t))
    .join('')}</select>`;
}

function controlsHtml(findings: readonly Finding[], statuses: readonly string[]): string {
  const distinct = (xs: readonly string[]) => [...new Set(xs)];
  const forces = distinct(findings.map((f) => f.force_code))
    .map((s) => [s, forceName(s)] as const)
    .sort((a, b) => a[1].localeCompare(b[1]));
  const signatures = distinct(findings.map((f) => f.signature)).map((s) => [s, signatureLabel(s)] as const);
  const severities = distinct(findings.map((f) => f.severity))
    .sort((a, b) => (SEVERITY_RANK[a] ?? 9) - (SEVERITY_RANK[b] ?? 9))
    .map((s) => [s, s] as const);
  return `<form class="controls" role="search" aria-label="Filter the findings" onsubmit="return false">
<div><label for="f-search">Search</label><input type="search" id="f-search" placeholder="Force, offence, check or words"></div>
<div>${select('f-force', 'Force', forces)}</div>
<div>${select('f-signature', 'Signature', signatures)}</div>
<div>${select('f-severity', 'Severity', severities)}</div>
<div>${select(
    'f-status',
    'Status',
    statuses.map((s) => [s, s] as const),
  )}</div>
<div class="check"><input type="checkbox" id="f-near"><label for="f-near">Near a target only</label></div>
<div><label for="f-sort">Sort by</label><select id="f-sort">${option('severity', 'Severity')}${option('force', 'Force')}${option(
    'period',
    'Most recent period',
  )}</select></div>
</form>
<p id="f-count" class="muted" aria-live="polite">${formatNumber(findings.length)} of ${formatNumber(findings.length)} findings shown</p>`;
}

/** Data-quality findings of one check for one force, when there are several, else each alone. */
function itemsOf(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  const items: Finding[][] = [];
  for (const f of findings) {
    if (f.signature !== 'data_quality') {
      items.push([f]);
      continue;
    }
    const key = `${f.force_code}\u0000${f.check_id}`;
    const group = groups.get(key);
    if (group) group.push(f);
    else {
      const fresh = [f];
      groups.set(key, fresh);
      items.push(fresh);
    }
  }
  return items;
}

function groupHtml(group: readonly Finding[], contexts: ReadonlyMap<string, FindingContext>): string {
  const first = group[0]!;
  const periods = group.map((f) => f.period_start).sort();
  const ends = group.map((f) => f.period_end).sort();
  const order = contexts.get(first.finding_id)?.order ?? 0;
  return `<li class="dq-group sev-${escapeHtml(first.severity)}" data-rank="${SEVERITY_RANK[first.severity] ?? 9}" data-order="${order}" data-force-name="${escapeHtml(
    forceName(first.force_code),
  )}" data-period-start="${escapeHtml(periods[periods.length - 1]!)}">
<details><summary><span class="line"><span class="badge sev-${escapeHtml(first.severity)}">${escapeHtml(first.severity)}</span> <span class="tag">Data quality</span> <strong>${escapeHtml(
    forceName(first.force_code),
  )}</strong> · ${formatNumber(group.length)} findings from one check, <code>${escapeHtml(first.check_id)}</code>, ${escapeHtml(
    periodRangeText(periods[0]!, ends[ends.length - 1]!),
  )}</span><span class="sentence">One data-quality problem repeated; open to see each.</span></summary>
<ol class="group-items">${group.map((f) => renderFinding(f, contexts.get(f.finding_id)!)).join('\n')}</ol>
</details>
</li>`;
}

/** `findings` in the default order (most severe first); every one has a context. */
export function renderFindingsIndex(
  findings: readonly Finding[],
  contexts: ReadonlyMap<string, FindingContext>,
  emptyText: string,
): string {
  const statuses = [...new Set([...contexts.values()].map((c) => c.status))].sort();
  const items = itemsOf(findings)
    .map((group) =>
      group.length === 1
        ? renderFinding(group[0]!, contexts.get(group[0]!.finding_id)!)
        : groupHtml(group, contexts),
    )
    .join('\n');
  return `<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings</h2>
${findings.length === 0 ? `<p class="empty">${escapeHtml(emptyText)}</p>` : `${controlsHtml(findings, statuses)}\n<ol id="finding-list" class="finding-list">\n${items}\n</ol>`}
</section>`;
}
