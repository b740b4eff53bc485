import { describe, expect, it } from 'vitest';
import { compareFindings, groupByForce, renderReport } from '#core/report/html.ts';
import { finding } from '#test-support/findings.ts';
import { monthlySeries } from './monthly-series.ts';

const base = { generatedFor: 'examples/returns', generatedAt: '2024-05-01T09:30:00Z' };
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('renderReport: safety and self-containment', () => {
  const hostile = finding({
    force_code: 'kent',
    summary: 'Look <img src=x onerror=alert(1)> here',
    evidence: JSON.stringify({ method: 'm', note: '</pre><script>alert("x")</script>' }),
    check_id: 'dq.<b>bold</b>',
  });
  const html = renderReport({
    ...base,
    generatedFor: '<script>steal()</script>',
    findings: [hostile, finding({ force_code: '"><script>x</script>', evidence: 'not json <script>' })],
  });

  it('escapes everything that came from the findings or the caller', () => {
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;steal()&lt;/script&gt;');
    expect(html).toContain('not json &lt;script&gt;');
  });

  it('loads nothing from outside the file', () => {
    // Escaped text may mention src= (the hostile summary does); only real tags and references count.
    expect(html).not.toMatch(/<link\b|<script\b|<img\b|<iframe\b|@import|url\(|<[^>]*\s(src|href)="(?!#)/i);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
  });

  it('is the same text for the same input, and prints the time it was given', () => {
    const again = renderReport({
      ...base,
      generatedFor: '<script>steal()</script>',
      findings: [hostile, finding({ ...hostile, finding_id: 'other' })].slice(0, 1),
    });
    expect(again).toBe(
      renderReport({ ...base, generatedFor: '<script>steal()</script>', findings: [hostile] }),
    );
    expect(again).toContain('2024-05-01T09:30:00Z');
  });
});

describe('renderReport: content', () => {
  const withMapSeries = finding({
    finding_id: 'with-map',
    force_code: 'kent',
    severity: 'high',
    q_value: 0.001,
  });
  const withEvidenceSeries = finding({
    finding_id: 'with-evidence',
    force_code: 'dorset',
    signature: 'no_crime_spike',
    evidence: JSON.stringify({
      method: 'poisson rate test',
      series: monthlySeries(0, [10, 11, 30, 33], [10, 10, 10, 10]),
    }),
  });
  const withoutSeries = finding({
    finding_id: 'no-series',
    force_code: 'dorset',
    signature: 'data_quality',
    severity: 'info',
    offence_code: '56B',
    offence_group: 'Criminal damage and arson',
    offence_subgroup: 'Arson',
    observed: -7,
    expected: null,
    p_value: null,
    q_value: null,
    effect_size: null,
  });
  const reclass = finding({
    finding_id: 'reclass',
    force_code: 'hertfordshire',
    signature: 'reclassification',
    severity: 'low',
    related_offence_code: '105A',
    near_target: true,
  });
  const series = new Map([
    ['with-map', monthlySeries(0, [200, 210, 190, 150, 140, 145, 150, 149, 151])],
    ['reclass', monthlySeries(0, [90, 92, 70, 71], [90, 91, 92, 93])],
  ]);
  const html = renderReport({
    ...base,
    findings: [withoutSeries, reclass, withEvidenceSeries, withMapSeries],
    series,
    checkDescriptions: { 'drop.level_shift': 'Looks for a sustained step down in a series.' },
  });

  it('draws one chart for each finding that has a series, and none for the others', () => {
    expect(count(html, '<svg')).toBe(3);
    const article = (id: string) =>
      html.slice(
        html.indexOf(`id="finding-${id}"`),
        html.indexOf('</article>', html.indexOf(`id="finding-${id}"`)),
      );
    expect(article('with-map')).toContain('<svg');
    expect(article('with-evidence')).toContain('<svg');
    expect(article('with-evidence')).toContain('chart-expected');
    expect(article('reclass')).toContain('<svg');
    expect(article('no-series')).not.toContain('<svg');
  });

  it('shows the facts of each finding: severity, signature, check, period, offence, numbers, summary', () => {
    expect(html).toContain('8N Assault with injury');
    expect(html).toContain('2022-04 to 2022-09');
    expect(html).toContain('1,500 crimes');
    expect(html).toContain('2,000 crimes (observed −25%)');
    expect(html).toContain('0.0031');
    expect(html).toContain('drop.level_shift');
    expect(html).toContain('Looks for a sustained step down in a series.');
    expect(html).toContain('105A Assault without injury');
    expect(html).toContain('near a target window');
    expect(html).toContain('Recorded assault with injury fell by a quarter');
    expect(html).toMatch(
      /<details><summary>Evidence<\/summary><pre>\{\n {2}&quot;method&quot;: &quot;poisson rate test&quot;,/,
    );
  });

  it('totals findings by severity and by signature', () => {
    expect(html).toMatch(/<div class="card sev-high"><div class="n">1<\/div>/);
    expect(html).toMatch(/<div class="card sev-medium"><div class="n">1<\/div>/);
    expect(html).toMatch(/<div class="card sev-info"><div class="n">1<\/div>/);
    expect(html).toContain('4 findings in 3 forces.');
    expect(html).toMatch(
      /<th scope="row">Reclassification<\/th><td class="num">0<\/td><td class="num">0<\/td><td class="num">1<\/td>/,
    );
  });

  it('orders force sections by their most severe finding, with force names from the reference', () => {
    const order = ['id="force-kent"', 'id="force-dorset"', 'id="force-hertfordshire"'].map((s) =>
      html.indexOf(s),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('<a href="#force-kent">Kent</a>');
    // Within Dorset, the medium finding comes before the info one.
    expect(html.indexOf('id="finding-with-evidence"')).toBeLessThan(html.indexOf('id="finding-no-series"'));
  });

  it('explains how to read the report: findings require explanation, not accusations', () => {
    expect(html).toContain('How to read this report');
    expect(html).toContain('requires explanation');
    expect(html).toContain('not an accusation');
  });

  it('says so when there are no findings', () => {
    const empty = renderReport({ ...base, findings: [] });
    expect(empty).toContain('No findings');
    expect(empty).toContain('0 findings in 0 forces.');
    expect(empty).not.toContain('<svg');
  });

  it('lists audit runs when given, most recent first', () => {
    const run = (id: string, iso: string) => ({
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
      message: 'ok',
    });
    const out = renderReport({
      ...base,
      findings: [],
      runs: [run('old-run', '2024-01-01T00:00:00Z'), run('new-run', '2024-02-01T00:00:00Z')],
    });
    expect(out).toContain('Audit runs');
    expect(out.indexOf('new-run')).toBeLessThan(out.indexOf('old-run'));
    expect(out).toContain('2024-02-01T00:00:00.000Z');
  });
});

describe('grouping and ordering', () => {
  it('sorts findings by severity, then q-value with nulls last, then period', () => {
    const a = finding({ severity: 'low', q_value: 0.0001 });
    const b = finding({ severity: 'high', q_value: 0.04 });
    const c = finding({ severity: 'high', q_value: null });
    const d = finding({ severity: 'high', q_value: 0.01 });
    expect([a, b, c, d].sort(compareFindings)).toEqual([d, b, c, a]);
  });

  it('ranks forces by worst severity, then by how many findings at each severity, then by slug', () => {
    const groups = groupByForce([
      finding({ force_code: 'essex', severity: 'medium' }),
      finding({ force_code: 'kent', severity: 'medium' }),
      finding({ force_code: 'kent', severity: 'medium' }),
      finding({ force_code: 'dorset', severity: 'medium' }),
      finding({ force_code: 'surrey', severity: 'info' }),
      finding({ force_code: 'wiltshire', severity: 'high' }),
    ]);
    expect(groups.map((g) => g.force_code)).toEqual(['wiltshire', 'kent', 'dorset', 'essex', 'surrey']);
    expect(groups[1]!.counts).toEqual({ high: 0, medium: 2, low: 0, info: 0 });
  });
});
