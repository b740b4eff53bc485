import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingEvent } from '#core/model/finding-events.ts';
import { compareFindings, renderReport } from '#core/report/html.ts';
import { finding } from '#test-support/findings.ts';
import { monthlySeries } from './monthly-series.ts';

const base = { generatedFor: 'examples', generatedAt: '2024-05-01T09:30:00Z' };
const count = (text: string, needle: string) => text.split(needle).length - 1;
const dist = dirname(createRequire(import.meta.url).resolve('uplot'));
const assets = {
  uplotScript: readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8'),
  uplotCss: readFileSync(join(dist, 'uPlot.min.css'), 'utf8'),
};
/** The element of one finding, from its opening tag to the end of its list item. */
const item = (html: string, id: string) => {
  const at = html.indexOf(`data-finding-id="${id}"`);
  return html.slice(html.lastIndexOf('<li', at), html.indexOf('</li>', at));
};

describe('renderReport: safety and self-containment', () => {
  const hostile = finding({
    force_code: 'kent',
    summary: 'Look <img src=x onerror=alert(1)> here',
    evidence: JSON.stringify({ method: 'm', note: '</script><script>alert("x")</script>' }),
    check_id: 'dq.<b>bold</b>',
  });
  const html = renderReport({
    ...base,
    assets,
    generatedFor: '<script>steal()</script>',
    findings: [hostile, finding({ force_code: '"><script>x</script>', evidence: 'not json <script>' })],
  });

  it('escapes everything that came from the findings or the caller, in markup and in the data block', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>bold');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<script>steal');
    expect(html).toContain('&lt;script&gt;steal()&lt;/script&gt;');
    // The page's own three scripts: its data, uPlot and its script; nothing from the data closes one.
    expect(count(html, '<script')).toBe(3);
    expect(count(html, '</script>')).toBe(3);
    expect(html).toContain('\\u003c/script>\\u003cscript>alert');
  });

  it('loads nothing from outside the file: no address anywhere, no link, no src, no url()', () => {
    // Escaped text may mention src= (the hostile summary does); only real attributes count.
    expect(html).not.toMatch(/https?:\/\/|<link\b|<iframe\b|@import|<[^>]*\ssrc="/i);
    // CSS url() (the script's createObjectURL( is not one).
    expect(html).not.toMatch(/\burl\(/);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('var uPlot=');
  });

  it('is the same text for the same input, and prints the time it was given', () => {
    const again = renderReport({ ...base, findings: [hostile] });
    expect(again).toBe(renderReport({ ...base, findings: [hostile] }));
    expect(again).toContain('2024-05-01T09:30:00Z');
  });
});

describe('renderReport: findings', () => {
  const drop = finding({ finding_id: 'drop', force_code: 'kent', severity: 'high', q_value: 0.001 });
  const spike = finding({
    finding_id: 'spike',
    force_code: 'dorset',
    signature: 'no_crime_spike',
    period_start: '2021-06',
    period_end: '2021-07',
    summary: 'dorset cancelled more in 2021-06 to 2021-07; see dorset.csv and finding drop.',
    evidence: JSON.stringify({
      method: 'poisson rate test',
      baseline: { start: '2021-04', end: '2021-05' },
      series: monthlySeries(0, [10, 11, 30, 33], [10, 10, 10, 10]),
      also: 'f_0123456789abcdef0123456789abcdef',
    }),
  });
  const related = finding({
    finding_id: 'f_0123456789abcdef0123456789abcdef',
    force_code: 'dorset',
    severity: 'low',
    period_start: '2021-04',
    period_end: '2022-03',
  });
  const dq = (id: string, period: string) =>
    finding({
      finding_id: id,
      force_code: 'gwent',
      signature: 'data_quality',
      check_id: 'dq.totals_mismatch',
      severity: 'info',
      period_start: period,
      period_end: period,
      evidence: JSON.stringify({ method: 'sum', lines: [{ file: 'gwent.csv', line: 4 }] }),
    });
  const events: FindingEvent[] = [
    {
      event_id: 'a'.repeat(64),
      finding_id: 'drop',
      force_code: 'kent',
      action: 'explain',
      role: 'force',
      actor: 'Kent performance team',
      note: 'A new crime system went live in April 2022.',
      run_id: null,
      created_at: new Date('2024-03-01T10:00:00Z'),
    },
  ];
  const html = renderReport({
    ...base,
    findings: [dq('dq1', '2022-01'), related, spike, drop, dq('dq2', '2022-02')],
    series: new Map([['drop', monthlySeries(0, [200, 210, 190, 150, 140, 145])]]),
    events,
    checkDescriptions: { 'drop.level_shift': 'Looks for a sustained step down in a series.' },
    sections: [{ id: 'league', title: 'League table', html: '<p>Forces ranked.</p>', css: '.league{}' }],
  });

  it('shows every finding once, with the attributes the page and its tests read', () => {
    expect(count(html, 'data-finding-id=')).toBe(5);
    expect(item(html, 'drop')).toContain('data-force="kent"');
    expect(item(html, 'spike')).toMatch(/data-severity="medium"[^>]*data-status="open"/);
    expect(html).toContain('<input type="search" id="f-search"');
  });

  it('writes periods as calendar months, names a financial year only where it is one, and names forces', () => {
    expect(item(html, 'drop')).toContain('Apr 2022 – Sep 2022');
    expect(item(html, 'drop')).not.toContain('2022-04 to');
    expect(item(html, related.finding_id)).toContain('Apr 2021 – Mar 2022 (financial year 2021/22)');
    // The sentence: slugs become names, months calendar months; a file name stays as it is.
    expect(item(html, 'spike')).toContain('Dorset cancelled more in Jun 2021 – Jul 2021; see dorset.csv');
  });

  it('keeps the facts and the check, and the status with the force’s response', () => {
    const d = item(html, 'drop');
    expect(d).toContain('1,500 crimes');
    expect(d).toContain('2,000 crimes (observed −25%)');
    expect(d).toContain('Looks for a sustained step down in a series.');
    expect(d).toContain('data-status="explained"');
    expect(d).toContain('Kent performance team');
    expect(d).toContain('A new crime system went live in April 2022.');
    expect(item(html, 'spike')).toContain('No response from the force or an auditor yet.');
  });

  it('charts the evidence: the expected line from it, the tested window and the baseline', () => {
    expect(item(html, 'spike')).toContain('data-expected-points="4"');
    expect(item(html, 'drop')).toContain('data-expected-points="0"');
    expect(item(html, related.finding_id)).toContain('No series to chart');
    const data = JSON.parse(
      html.slice(
        html.indexOf('id="report-data">') + 17,
        html.indexOf('</script>', html.indexOf('id="report-data"')),
      ),
    );
    expect(data.charts.spike).toMatchObject({
      periods: ['2021-04', '2021-05', '2021-06', '2021-07'],
      expected: [10, 10, 10, 10],
      flagged: ['2021-06', '2021-07'],
      baseline: ['2021-04', '2021-05'],
      percent: false,
    });
    expect(JSON.parse(data.evidence.spike).method).toBe('poisson rate test');
  });

  it('shows evidence as tables, with the raw JSON only behind a control', () => {
    const s = item(html, 'spike');
    expect(s).toMatch(/<th scope="row">method<\/th><td>poisson rate test<\/td>/);
    expect(s).toContain('data-raw="spike"');
    expect(s).toMatch(/<pre id="raw-spike" class="raw" hidden><\/pre>/);
    expect(s).not.toContain('&quot;method&quot;');
  });

  it('links a finding to the findings its evidence names', () => {
    expect(item(html, 'spike')).toContain(`href="#finding-${related.finding_id}"`);
  });

  it('groups repeats of one data-quality problem and keeps each finding in the group', () => {
    expect(count(html, 'class="dq-group')).toBe(1);
    const group = html.slice(
      html.indexOf('class="dq-group'),
      html.indexOf('</ol>', html.indexOf('class="dq-group')),
    );
    expect(count(group, 'data-finding-id=')).toBe(2);
    expect(group).toContain('2 findings from one check');
  });

  it('orders the index most severe first, and puts extra sections after it, before coverage', () => {
    expect(html.indexOf('data-finding-id="drop"')).toBeLessThan(html.indexOf('data-finding-id="spike"'));
    const at = (s: string) => html.indexOf(s);
    expect(at('id="findings"')).toBeLessThan(at('id="league"'));
    expect(at('id="league"')).toBeLessThan(at('id="coverage"'));
    expect(html).toContain('<li><a href="#league">League table</a></li>');
    expect(html).toContain('.league{}');
  });
});

describe('renderReport: coverage and empty reports', () => {
  const coverage = {
    inputFiles: [
      { fileName: 'kent.csv', forces: ['kent'], rows: 120, submittedAt: '2024-01-01T00:00:00Z' },
      { fileName: 'surrey.csv', forces: ['surrey'], rows: 120, submittedAt: '2024-01-01T00:00:00Z' },
    ],
    quarantined: [{ file: 'bad.csv', issueCount: 7, reasons: ['bad.csv:3: field "month": not a month'] }],
    dataPeriod: { start: '2019-04', end: '2024-03' },
  };

  it('lists the data period, the files, the forces with no finding and the quarantined files with reasons', () => {
    const html = renderReport({ ...base, findings: [finding({ force_code: 'kent' })], coverage });
    const section = html.slice(html.indexOf('id="coverage"'));
    // Five years from April to March: calendar months, not one financial year.
    expect(section).toContain('Returns from <strong>Apr 2019 – Mar 2024</strong>');
    expect(section).toContain('<code>kent.csv</code>');
    expect(section).toMatch(
      /Forces audited with no finding<\/h3>\s*<ul class="forces"><li>Surrey<\/li><\/ul>/,
    );
    expect(section).toContain('bad.csv:3: field &quot;month&quot;: not a month');
    expect(section).toContain('… and 6 more in its report.json');
  });

  it('says that nothing was audited when every file was quarantined, not that nothing met the thresholds', () => {
    const html = renderReport({
      ...base,
      findings: [],
      coverage: { ...coverage, inputFiles: [], dataPeriod: null },
    });
    expect(html).toContain('every input file was quarantined');
    expect(html).not.toContain('met the thresholds');
    expect(html).toContain('No returns were accepted');
  });

  it('says so when the returns were audited and nothing was found', () => {
    const html = renderReport({ ...base, findings: [], coverage });
    expect(html).toContain('No findings: nothing in the audited returns met the thresholds of any check.');
    expect(html).toContain('0 findings in 0 forces.');
  });

  it('lists audit runs most recent first, and the latest run’s coverage notes as a list', () => {
    const run = (id: string, iso: string, message: string) => ({
      run_id: id,
      kind: 'local' as const,
      started_at: new Date(iso),
      finished_at: new Date(iso),
      status: 'succeeded' as const,
      files_seen: 44,
      files_ingested: 44,
      files_unchanged: 0,
      files_quarantined: 1,
      forces_audited: 44,
      findings_total: 12,
      findings_new: 12,
      rule_versions: '{}',
      message,
    });
    const html = renderReport({
      ...base,
      findings: [],
      runs: [
        run('old-run', '2024-01-01T00:00:00Z', 'old note'),
        run(
          'new-run',
          '2024-02-01T00:00:00Z',
          '1 file(s) quarantined; no-crime skipped for 1 force(s) (surrey)',
        ),
      ],
    });
    expect(html.indexOf('new-run')).toBeLessThan(html.indexOf('old-run'));
    expect(html).toContain('2024-02-01 00:00');
    expect(html).toContain('<li>no-crime skipped for 1 force(s) (Surrey)</li>');
    expect(html).not.toContain('old note');
  });
});

describe('ordering', () => {
  it('sorts findings by severity, then q-value with nulls last, then period', () => {
    const a = finding({ severity: 'low', q_value: 0.0001 });
    const b = finding({ severity: 'high', q_value: 0.04 });
    const c = finding({ severity: 'high', q_value: null });
    const d = finding({ severity: 'high', q_value: 0.01 });
    expect([a, b, c, d].sort(compareFindings)).toEqual([d, b, c, a]);
  });
});
