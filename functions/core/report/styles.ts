/**
 * The report's only stylesheet, inlined into the page: system fonts, no external resources, readable
 * on screen and on paper (findings are not split across pages; evidence stays collapsible on screen).
 */
export const REPORT_CSS = `
:root {
  --ink: #1f2328; --muted: #5b6168; --rule: #d7dbe0; --paper: #ffffff; --wash: #f5f7f9;
  --high: #a4262c; --medium: #b45309; --low: #2f5f8f; --info: #5b6168;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: var(--paper);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
}
.page { max-width: 1080px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 0; }
.meta, .muted { color: var(--muted); }
a { color: var(--low); }
.notice { background: var(--wash); border-left: 4px solid var(--low); padding: 10px 14px; margin: 16px 0; }
.notice p { margin: 6px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { flex: 1 1 120px; border: 1px solid var(--rule); border-top: 4px solid var(--info); border-radius: 4px; padding: 8px 12px; }
.card .n { font-size: 1.6rem; font-weight: 700; }
.card.sev-high { border-top-color: var(--high); }
.card.sev-medium { border-top-color: var(--medium); }
.card.sev-low { border-top-color: var(--low); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.92rem; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { background: var(--wash); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge {
  display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 0.78rem; font-weight: 700;
  letter-spacing: 0.02em; text-transform: uppercase; color: #fff; background: var(--info);
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.badge.sev-high { background: var(--high); }
.badge.sev-medium { background: var(--medium); }
.badge.sev-low { background: var(--low); }
.tag { display: inline-block; padding: 0 6px; border: 1px solid var(--rule); border-radius: 3px; font-size: 0.8rem; color: var(--muted); }
.toc ol { columns: 3 220px; padding-left: 20px; margin: 8px 0; }
.toc li { break-inside: avoid; margin: 2px 0; }
.force { margin-top: 28px; }
.force > h2 { display: flex; flex-wrap: wrap; align-items: baseline; gap: 10px; }
.force > h2 small { font-size: 0.85rem; font-weight: 400; color: var(--muted); }
.finding {
  border: 1px solid var(--rule); border-left: 5px solid var(--info); border-radius: 4px;
  padding: 12px 16px; margin: 14px 0; break-inside: avoid; page-break-inside: avoid;
}
.finding.sev-high { border-left-color: var(--high); }
.finding.sev-medium { border-left-color: var(--medium); }
.finding.sev-low { border-left-color: var(--low); }
.finding header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 6px; }
.finding .summary { margin: 6px 0 10px; font-size: 1rem; }
.facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 2px 14px; margin: 0 0 10px; font-size: 0.9rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
figure { margin: 8px 0; }
figure svg { max-width: 100%; height: auto; border: 1px solid var(--rule); border-radius: 3px; }
figcaption { font-size: 0.82rem; color: var(--muted); }
details { margin-top: 6px; }
summary { cursor: pointer; color: var(--low); }
pre {
  background: var(--wash); border: 1px solid var(--rule); border-radius: 3px; padding: 10px;
  overflow-x: auto; white-space: pre-wrap; word-break: break-word; font-size: 0.8rem;
}
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
footer { margin-top: 40px; font-size: 0.85rem; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 10px; }
@media (max-width: 700px) { .facts { grid-template-columns: max-content 1fr; } }
@media print {
  body { font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  .toc { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  summary { color: var(--ink); }
}
`;
