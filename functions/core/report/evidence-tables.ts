/**
 * A finding's evidence as tables a person reads: scalars as a two-column table, nested objects as
 * nested tables, lists of records as tables with one column per field, short lists of values inline.
 * Long lists are cut (the chart and the raw JSON carry them whole), so a finding's evidence stays a
 * screenful and the page stays small however long the series it quotes.
 */
import { escapeHtml } from './escape.ts';
import { formatNumber } from './format.ts';

const MAX_ROWS = 12;
const MAX_VALUES = 16;
const MAX_DEPTH = 3;
/** Lists the chart draws: listing them again as rows would only repeat it. */
const CHARTED = new Set(['series', 'series_lesser', 'peer_series', 'path']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const label = (key: string): string => key.replaceAll('_', ' ');

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    if (Number.isInteger(v)) return formatNumber(v);
    const abs = Math.abs(v);
    return abs !== 0 && (abs < 0.001 || abs >= 1e9) ? v.toPrecision(3) : String(Number(v.toPrecision(4)));
  }
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

function more(shown: number, total: number): string {
  return total > shown
    ? `<p class="muted">${formatNumber(shown)} of ${formatNumber(total)} shown; all are in the raw JSON.</p>`
    : '';
}

function recordsTable(items: readonly Obj[], depth: number): string {
  const columns = [...new Set(items.flatMap((i) => Object.keys(i)))];
  const rows = items.slice(0, MAX_ROWS);
  const head = columns.map((c) => `<th scope="col">${escapeHtml(label(c))}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${columns.map((c) => `<td>${valueHtml(r[c], depth + 1)}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="scroll"><table class="ev"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${more(
    rows.length,
    items.length,
  )}`;
}

function valueHtml(v: unknown, depth: number): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '<span class="muted">none</span>';
    if (depth < MAX_DEPTH && v.every(isObj)) return recordsTable(v, depth);
    const shown = v
      .slice(0, MAX_VALUES)
      .map((x) => escapeHtml(isObj(x) || Array.isArray(x) ? JSON.stringify(x) : scalarText(x)));
    return `${shown.join(', ')}${v.length > shown.length ? ` <span class="muted">… ${formatNumber(v.length - shown.length)} more</span>` : ''}`;
  }
  if (isObj(v)) return depth < MAX_DEPTH ? objectTable(v, depth) : escapeHtml(JSON.stringify(v));
  return escapeHtml(scalarText(v));
}

function objectTable(o: Obj, depth: number): string {
  const rows = Object.entries(o)
    .filter(([k]) => !CHARTED.has(k))
    .map(
      ([k, v]) => `<tr><th scope="row">${escapeHtml(label(k))}</th><td>${valueHtml(v, depth + 1)}</td></tr>`,
    )
    .join('');
  return `<table class="ev kv"><tbody>${rows}</tbody></table>`;
}

/** The evidence as HTML; evidence that is not a JSON object is shown as text. */
export function evidenceHtml(evidence: unknown, raw: string): string {
  if (!isObj(evidence))
    return `<p class="muted">Evidence as stored:</p><p><code>${escapeHtml(raw.slice(0, 2000))}</code></p>`;
  return objectTable(evidence, 0);
}
