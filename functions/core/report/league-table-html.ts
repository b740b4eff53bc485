/**
 * The league tables as a report section: one real table per target (caption, column and row
 * headers, numbers right-aligned with a `data-sort-value` for any sorter), each force's open findings
 * beside its row, and the change and rank "if the flagged shortfall had been recorded". A rank that
 * falls once the shortfall is added back is marked in words as well as by a symbol, so that a place
 * near the top that rests on flagged data shows at a glance, to a screen reader too. No script.
 */
import { SEVERITIES } from '../model/findings.ts';
import { anchorId, escapeHtml } from './escape.ts';
import { formatNumber } from './format.ts';
import type { LeagueFlag, LeagueRow, LeagueTable } from './league-table.ts';
import { periodRangeText } from './period-text.ts';

export interface ReportSection {
  id: string;
  title: string;
  html: string;
  css: string;
}

const TITLE = 'League tables the targets create';

const CSS = `
.league .league-flagged { background: #fff7ed; }
.league .league-mark { font-weight: 700; color: var(--high, #a4262c); white-space: nowrap; }
.league .league-up { color: var(--muted, #5b6168); white-space: nowrap; }
.league .league-flags { min-width: 16rem; }
.league .league-flags ul { margin: 0; padding-left: 16px; }
.league .league-flags li { margin: 2px 0; font-size: 0.85rem; }
.league .unranked td, .league .unranked th { color: var(--muted, #5b6168); }
.league .league-scroll { overflow-x: auto; max-width: 100%; }
.league td.num { white-space: nowrap; }
.league thead th { overflow-wrap: normal; word-break: normal; min-width: 5.5rem; }
.league table { font-size: 0.9rem; }
.league tbody th { min-width: 8rem; }
.league caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0 8px; }
`;

/** One decimal, always shown, signed with a true minus: "+1.3", "−14.8", "0.0". */
function pct(v: number | null): string {
  if (v === null) return '—';
  const text = formatNumber(Math.abs(v), 1);
  const fixed = text.includes('.') ? text : `${text}.0`;
  if (Number(Math.abs(v).toFixed(1)) === 0) return '0.0';
  return `${v > 0 ? '+' : '−'}${fixed}`;
}

function numCell(value: number | null, text: string): string {
  const sort = value === null ? '' : ` data-sort-value="${escapeHtml(Number(value.toFixed(4)))}"`;
  return `<td class="num"${sort}>${escapeHtml(text)}</td>`;
}

function flagItem(f: LeagueFlag): string {
  const added = f.added > 0 ? `adds ${formatNumber(f.added, 0)}` : 'adds nothing';
  return `<li><a href="#${anchorId('finding', f.finding_id)}"><code>${escapeHtml(f.finding_id)}</code></a> <span class="badge sev-${escapeHtml(f.severity)}">${escapeHtml(f.severity)}</span> ${escapeHtml(f.check_id)}, ${escapeHtml(periodRangeText(f.period_start, f.period_end))}, ${escapeHtml(f.status)}: ${escapeHtml(added)} (${escapeHtml(f.note)})</li>`;
}

function flagsCell(r: LeagueRow): string {
  if (r.flags.length === 0) return '<td class="league-flags" data-sort-value="0">none</td>';
  const counts = SEVERITIES.filter((s) => r.by_severity[s] > 0)
    .map((s) => `${r.by_severity[s]} ${s}`)
    .join(', ');
  return `<td class="league-flags" data-sort-value="${r.flags.length}">${escapeHtml(counts)}<ul>${r.flags.map(flagItem).join('')}</ul></td>`;
}

function rankChange(r: LeagueRow): string {
  if (r.rank === null || r.adjusted_rank === null || r.adjusted_rank === r.rank) return '';
  const d = r.adjusted_rank - r.rank;
  return d > 0
    ? ` <span class="league-mark" title="rank rests on flagged data">▼ ${d} (rests on flagged data)</span>`
    : ` <span class="league-up">▲ ${-d}</span>`;
}

function row(r: LeagueRow): string {
  const dropped = r.rank !== null && r.adjusted_rank !== null && r.adjusted_rank > r.rank;
  const cls = [r.unranked !== null ? 'unranked' : '', dropped ? 'league-flagged' : '']
    .filter(Boolean)
    .join(' ');
  const rank = r.rank === null ? '—' : String(r.rank);
  const name = `${escapeHtml(r.force_name)}${r.unranked === null ? '' : `<br><small>not ranked: ${escapeHtml(r.unranked)}</small>`}`;
  return `<tr${cls ? ` class="${cls}"` : ''}>${numCell(r.rank, rank)}<th scope="row">${name}</th>${numCell(r.baseline, formatNumber(r.baseline, 0))}${numCell(r.assessment, formatNumber(r.assessment, 0))}${numCell(r.change === null ? null : r.change * 100, `${pct(r.change === null ? null : r.change * 100)}%`)}${numCell(r.vs_national, pct(r.vs_national))}${flagsCell(r)}${numCell(r.added_back, r.added_back > 0 ? formatNumber(r.added_back, 0) : '0')}${numCell(r.adjusted_change === null ? null : r.adjusted_change * 100, `${pct(r.adjusted_change === null ? null : r.adjusted_change * 100)}%`)}${numCell(r.adjusted_vs_national, pct(r.adjusted_vs_national))}<td class="num"${r.adjusted_rank === null ? '' : ` data-sort-value="${r.adjusted_rank}"`}>${r.adjusted_rank === null ? '—' : r.adjusted_rank}${rankChange(r)}</td></tr>`;
}

function tableHtml(t: LeagueTable, i: number): string {
  const target = t.target;
  const head = `<h3 id="${anchorId('league', target.id)}">${escapeHtml(target.description)}</h3>
<p class="muted">Target <code>${escapeHtml(target.id)}</code>: baseline ${escapeHtml(target.baseline.start)} to ${escapeHtml(target.baseline.end)}, assessed ${escapeHtml(target.assessment.start)} to ${escapeHtml(target.assessment.end)}, offences: ${escapeHtml(offences(target))}.</p>`;
  if (t.not_assessable !== null || t.national === null) {
    const why = t.not_assessable ?? 'no force has complete returns of its offences in both windows';
    return `${head}\n<p class="notice">This target cannot be assessed from this data: ${escapeHtml(why)}.</p>`;
  }
  const n = t.national;
  const moved = t.rows.filter(
    (r) => r.rank !== null && r.adjusted_rank !== null && r.adjusted_rank > r.rank,
  ).length;
  return `${head}
<p>National change (the ranked forces together): ${escapeHtml(pct(n.change * 100))}% (${escapeHtml(formatNumber(n.baseline, 0))} to ${escapeHtml(formatNumber(n.assessment, 0))}); with the flagged shortfall of ${escapeHtml(formatNumber(n.added_back, 0))} crimes added back, ${escapeHtml(pct(n.adjusted_change * 100))}%. ${moved === 0 ? 'No force loses a place when its flagged shortfall is added back.' : `${moved} force(s) lose places when their flagged shortfall is added back (marked ▼).`}</p>
<div class="league-scroll" role="region" tabindex="0" aria-label="${escapeHtml(target.description)}">
<table id="league-table-${i + 1}">
<caption>${escapeHtml(target.description)}: forces ranked by change against the national trend</caption>
<thead><tr><th scope="col" class="num">Rank</th><th scope="col">Force</th><th scope="col" class="num">Baseline crimes</th><th scope="col" class="num">Assessed crimes</th><th scope="col" class="num">Change</th><th scope="col" class="num">Against national (points)</th><th scope="col">Open findings on the target</th><th scope="col" class="num">Flagged shortfall added back</th><th scope="col" class="num">Change if recorded</th><th scope="col" class="num">Against national if recorded (points)</th><th scope="col" class="num">Rank if recorded</th></tr></thead>
<tbody>${t.rows.map(row).join('\n')}</tbody>
</table>
</div>`;
}

function offences(t: LeagueTable['target']): string {
  if (t.offence_codes.length > 0) return `codes ${t.offence_codes.join(', ')}`;
  return t.offence_groups.length === 0 ? 'all offences' : t.offence_groups.join(', ');
}

const EXPLAINER = `<p>How a performance unit would rank the forces on each configured target: a force's change is its
crimes of the target's offences in the assessment window against the baseline window, and the table ranks forces by that
change minus the national change (percentage points), the largest fall against the national trend first. Forces with a
month missing in either window, no crimes of the target's offences in the baseline, or outside the national figure (BTP)
are listed but not ranked.</p>
<p>Beside each force are its open findings on the target's offences and windows (not accepted, not resolved). The last
columns add back the shortfall those findings' evidence measures within the assessment window (expected − recorded for a
drop, serious crimes moved to an offence outside the target, cancellations in excess), each finding saying what it added
and why; the national change is recomputed with every force's shortfall added back. A force whose rank falls then has a
place that rests on flagged data. These are questions for the force, not conclusions.</p>`;

export function renderLeagueTableSection(tables: readonly LeagueTable[]): ReportSection {
  const body =
    tables.length === 0
      ? '<p>No crime-reduction targets are configured.</p>'
      : tables.map((t, i) => tableHtml(t, i)).join('\n');
  return {
    id: 'league-tables',
    title: TITLE,
    // The page gives the section its element and heading (html.ts); this is what goes inside.
    html: `<div class="league">
${EXPLAINER}
${body}
</div>`,
    css: CSS,
  };
}
