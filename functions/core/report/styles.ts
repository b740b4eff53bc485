/**
 * The report's own stylesheet, inlined into the page: system fonts, no external resources. Wide
 * tables scroll inside their box so the page never scrolls sideways; on paper every finding is
 * opened, the controls are dropped and a finding is not split across pages.
 */
export const REPORT_CSS = `
:root {
  --ink: #1f2328; --muted: #535a61; --rule: #d7dbe0; --paper: #ffffff; --wash: #f5f7f9;
  --high: #a4262c; --medium: #9a4a06; --low: #2f5f8f; --info: #535a61;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: var(--paper);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
}
.page, .page-head { max-width: 1120px; margin: 0 auto; padding: 0 20px; }
.page-head { padding-top: 20px; }
main.page { padding-bottom: 32px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: var(--paper); padding: 4px 8px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 28px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 18px 0 6px; }
h4 { font-size: 0.95rem; margin: 14px 0 4px; }
.meta, .muted { color: var(--muted); }
a { color: var(--low); }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 8px 0 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { flex: 1 1 120px; border: 1px solid var(--rule); border-top: 4px solid var(--info); border-radius: 4px; padding: 8px 12px; }
.card .n { font-size: 1.6rem; font-weight: 700; }
.card.sev-high { border-top-color: var(--high); }
.card.sev-medium { border-top-color: var(--medium); }
.card.sev-low { border-top-color: var(--low); }
.scroll { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 0.9rem; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--wash); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.ev { font-size: 0.84rem; }
table.kv > tbody > tr > th { width: 12em; }
.badge {
  display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 0.78rem; font-weight: 700;
  letter-spacing: 0.02em; text-transform: uppercase; color: #fff; background: var(--info);
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.badge.sev-high { background: var(--high); }
.badge.sev-medium { background: var(--medium); }
.badge.sev-low { background: var(--low); }
.tag, .status { display: inline-block; padding: 0 6px; border: 1px solid var(--rule); border-radius: 3px; font-size: 0.8rem; color: var(--muted); }
.status { border-style: dashed; }
.status.st-open, .status.st-disputed { color: var(--high); border-color: var(--high); }
.controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; background: var(--wash); border: 1px solid var(--rule); border-radius: 4px; padding: 10px 12px; }
.controls div { display: flex; flex-direction: column; gap: 2px; font-size: 0.85rem; }
.controls div.check { flex-direction: row; align-items: center; gap: 6px; }
.controls input[type=search] { width: 18em; max-width: 100%; }
.controls input, .controls select { font: inherit; padding: 3px 6px; }
.finding-list, .group-items { list-style: none; padding: 0; margin: 8px 0; }
.finding, .dq-group { border: 1px solid var(--rule); border-left: 5px solid var(--info); border-radius: 4px; margin: 8px 0; }
.group-items .finding { margin: 6px 10px; }
.sev-high { border-left-color: var(--high); }
.sev-medium { border-left-color: var(--medium); }
.sev-low { border-left-color: var(--low); }
details > summary { cursor: pointer; }
.finding summary, .dq-group > details > summary { padding: 8px 12px; display: block; }
.finding summary::before, .dq-group > details > summary::before { content: "▸ "; color: var(--muted); }
.finding details[open] > summary::before, .dq-group > details[open] > summary::before { content: "▾ "; }
.line { display: inline; }
.sentence { display: block; margin-top: 4px; }
.body { padding: 0 14px 12px; }
.facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 2px 14px; margin: 4px 0 10px; font-size: 0.9rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
figure { margin: 8px 0; }
.chart { max-width: 100%; overflow: hidden; }
figcaption { font-size: 0.82rem; color: var(--muted); }
.key { display: inline-block; margin-right: 12px; }
.key::before { content: ""; display: inline-block; width: 16px; height: 10px; margin-right: 4px; vertical-align: middle; }
.key.observed::before { border-top: 2px solid #1f4e79; height: 0; }
.key.expected::before { border-top: 2px dashed #4d4d4d; height: 0; }
.key.peers::before { background: rgba(110,110,110,0.25); border: 1px solid rgba(110,110,110,0.55); }
.key.flagged::before { background: rgba(214,120,40,0.45); }
.key.baseline::before { background: rgba(47,95,143,0.2); }
.key.left-out::before { background: rgba(90,90,90,0.35); }
.raw { background: var(--wash); border: 1px solid var(--rule); border-radius: 3px; padding: 10px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.78rem; max-height: 28em; overflow-y: auto; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
button { font: inherit; font-size: 0.85rem; padding: 2px 10px; }
ul.forces { columns: 3 200px; padding-left: 20px; }
footer.page { margin-top: 24px; padding-top: 10px; padding-bottom: 24px; font-size: 0.85rem; color: var(--muted); border-top: 1px solid var(--rule); }
@media (max-width: 760px) { .facts { grid-template-columns: max-content 1fr; } }
@media print {
  body { font-size: 10.5pt; }
  .page, .page-head { max-width: none; padding: 0; }
  nav, .controls, #f-count, .raw-controls, .skip { display: none; }
  .finding, .dq-group { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .finding summary::before, .dq-group > details > summary::before { content: ""; }
  .scroll { overflow: visible; }
}
`;
