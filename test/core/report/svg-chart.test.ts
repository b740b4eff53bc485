import { describe, expect, it } from 'vitest';
import { niceStep, renderLineChart } from '#core/report/svg-chart.ts';
import { monthlySeries } from './monthly-series.ts';

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('renderLineChart', () => {
  const points = monthlySeries(0, [100, 110, 105, 70, 72, 68], [100, 104, 106, 105, 104, 103]);

  it('draws the observed line with a point per value, the expected line dashed, and the period shaded', () => {
    const svg = renderLineChart({
      points,
      highlight: { start: '2021-07', end: '2021-09' },
      title: 'Kent 8N',
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(count(svg, 'class="chart-observed"')).toBe(1);
    expect(count(svg, '<circle')).toBe(6);
    expect(svg).toMatch(/class="chart-expected"[^>]*stroke-dasharray/);
    expect(count(svg, 'class="chart-highlight"')).toBe(1);
    expect(svg).toContain('period of the finding');
    expect(svg).toContain('<title>Kent 8N</title>');
  });

  it('shades exactly the flagged points: half a step either side of them', () => {
    const svg = renderLineChart({
      points,
      highlight: { start: '2021-07', end: '2021-09' },
      title: 't',
      width: 640,
    });
    // Plot spans x = 52 .. 626 over 5 steps of 114.8; points 3..5 are flagged, the last is at the edge.
    const rect = /class="chart-highlight" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/.exec(svg);
    expect(Number(rect?.[1])).toBeCloseTo(52 + 2.5 * 114.8, 0);
    expect(Number(rect?.[1]) + Number(rect?.[2])).toBeCloseTo(626, 0);
  });

  it('omits the expected line and the shading when there is nothing to draw', () => {
    const bare = monthlySeries(0, [5, 6, 7]);
    const svg = renderLineChart({
      points: bare,
      highlight: { start: '2030-01', end: '2030-02' },
      title: 't',
    });
    expect(svg).not.toContain('chart-expected');
    expect(svg).not.toContain('class="chart-highlight"');
    expect(svg).not.toContain('period of the finding');
  });

  it('breaks the line at missing values instead of joining across them', () => {
    const gappy = [
      { period: '2021-01', value: 5 },
      { period: '2021-02', value: null },
      { period: '2021-03', value: 7 },
      { period: '2021-04', value: 8 },
    ];
    const svg = renderLineChart({ points: gappy, title: 't' });
    const d = /class="chart-observed" d="([^"]+)"/.exec(svg)?.[1] ?? '';
    expect(count(d, 'M')).toBe(2);
    expect(count(svg, '<circle')).toBe(3);
  });

  it('sorts points by period and includes negative values in the axis', () => {
    const svg = renderLineChart({
      points: [
        { period: '2021-03', value: -7 },
        { period: '2021-01', value: 20 },
        { period: '2021-02', value: 22 },
      ],
      title: 't',
    });
    const d = /class="chart-observed" d="([^"]+)"/.exec(svg)?.[1] ?? '';
    const ys = [...d.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    // SVG y grows downwards: the last (negative) point is the lowest on the page.
    expect(ys[2]).toBeGreaterThan(ys[0]!);
    expect(svg).toContain('>-10<');
  });

  it('escapes the title and period labels', () => {
    const svg = renderLineChart({
      points: [{ period: '<b>', value: 1 }],
      title: 'a <script>alert(1)</script>',
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&lt;b&gt;');
  });

  it('says so when there is no data', () => {
    expect(renderLineChart({ points: [], title: 't' })).toContain('No data to chart');
  });
});

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(100)).toBe(50);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(3000)).toBe(1000);
    expect(niceStep(0)).toBe(1);
  });
});
