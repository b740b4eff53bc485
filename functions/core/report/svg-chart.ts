/**
 * A small inline-SVG line chart for one flagged series: observed values as a solid line with points,
 * expected values (where given) as a dashed line, and the finding's period shaded. Pure and
 * self-contained (presentation attributes, no CSS or fonts needed), so it renders the same offline,
 * printed, or pasted on its own into another document.
 */
import { escapeHtml } from './escape.ts';
import { formatCompact, formatNumber } from './format.ts';

export interface ChartPoint {
  /** `YYYY-MM` (or any label that sorts in time order as a string). */
  period: string;
  value: number | null;
  expected?: number | null;
}

export interface LineChartOptions {
  points: readonly ChartPoint[];
  /** The period to shade, inclusive at both ends (compared as strings, as `YYYY-MM` sorts). */
  highlight?: { start: string; end: string } | null;
  /** Accessible name of the chart (the SVG <title>). */
  title: string;
  /** Longer accessible description (the SVG <desc>). */
  description?: string;
  width?: number;
  height?: number;
}

const COLOURS = {
  observed: '#1f4e79',
  expected: '#6b6b6b',
  highlight: '#f4c7a1',
  axis: '#8a8a8a',
  grid: '#e3e3e3',
  text: '#333333',
};
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"';
const MARGIN = { left: 52, right: 14, top: 24, bottom: 34 };

const fmt = (n: number): string => (Math.round(n * 10) / 10).toFixed(1);
const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** A "nice" tick step (1, 2 or 5 × 10^k) giving about `target` intervals over `span`. */
export function niceStep(span: number, target = 4): number {
  const raw = span / target;
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  const nice = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10;
  return nice * power;
}

/** The y-axis domain: includes zero (counts read honestly against a zero baseline) and every value. */
function yDomain(values: readonly number[]): { min: number; max: number; step: number } {
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi === lo) hi = lo + 1;
  const step = niceStep(hi - lo);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  return { min: lo, max: hi, step };
}

/** Path data through consecutive finite points; a gap (null) starts a new sub-path. */
function pathData(xs: readonly number[], ys: ReadonlyArray<number | null>): string {
  const parts: string[] = [];
  let pen = false;
  ys.forEach((y, i) => {
    if (y === null) {
      pen = false;
      return;
    }
    parts.push(`${pen ? 'L' : 'M'}${fmt(xs[i]!)} ${fmt(y)}`);
    pen = true;
  });
  return parts.join(' ');
}

export function renderLineChart(options: LineChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 220;
  const points = [...options.points].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const hasExpected = points.some((p) => finite(p.expected));
  const values = points.flatMap((p) => [p.value, p.expected]).filter(finite);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" ${FONT} font-size="11">`,
  );
  out.push(`<title>${escapeHtml(options.title)}</title>`);
  if (options.description) out.push(`<desc>${escapeHtml(options.description)}</desc>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);

  if (points.length === 0 || values.length === 0) {
    out.push(
      `<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="${COLOURS.text}">No data to chart</text>`,
    );
    out.push('</svg>');
    return out.join('');
  }

  const n = points.length;
  const xs = points.map((_, i) => MARGIN.left + (n === 1 ? plotW / 2 : (i / (n - 1)) * plotW));
  const stepX = n === 1 ? plotW : plotW / (n - 1);
  const { min, max, step } = yDomain(values);
  const y = (v: number) => MARGIN.top + plotH - ((v - min) / (max - min)) * plotH;

  // Shaded period: half a step either side of the first and last flagged points, clipped to the plot.
  const hl = options.highlight;
  let shaded = false;
  if (hl) {
    const inside = points
      .map((p, i) => (p.period >= hl.start && p.period <= hl.end ? i : -1))
      .filter((i) => i >= 0);
    if (inside.length > 0) {
      shaded = true;
      const x0 = Math.max(MARGIN.left, xs[inside[0]!]! - stepX / 2);
      const x1 = Math.min(MARGIN.left + plotW, xs[inside[inside.length - 1]!]! + stepX / 2);
      out.push(
        `<rect class="chart-highlight" x="${fmt(x0)}" y="${MARGIN.top}" width="${fmt(Math.max(1, x1 - x0))}" height="${plotH}" fill="${COLOURS.highlight}" fill-opacity="0.55"/>`,
      );
    }
  }

  // Horizontal grid and y labels.
  const intervals = Math.round((max - min) / step);
  for (let k = 0; k <= intervals; k++) {
    // Multiply rather than accumulate, and round off binary noise (0.1 + 0.2 …) before labelling.
    const v = Number((min + k * step).toPrecision(12));
    const yy = fmt(y(v));
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${yy}" y2="${yy}" stroke="${v === 0 ? COLOURS.axis : COLOURS.grid}" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${MARGIN.left - 6}" y="${yy}" dy="0.32em" text-anchor="end" fill="${COLOURS.text}">${escapeHtml(formatCompact(v))}</text>`,
    );
  }

  // X labels: at most eight, evenly spaced from the first period, so that labels never overlap.
  const every = Math.max(1, Math.ceil(n / 8));
  points.forEach((p, i) => {
    if (i % every !== 0) return;
    // A label on the last point would overhang the narrow right margin: right-align it instead.
    const anchor = i === n - 1 && n > 1 ? 'end' : 'middle';
    out.push(
      `<line x1="${fmt(xs[i]!)}" x2="${fmt(xs[i]!)}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" stroke="${COLOURS.axis}"/>`,
    );
    out.push(
      `<text x="${fmt(xs[i]!)}" y="${MARGIN.top + plotH + 16}" text-anchor="${anchor}" fill="${COLOURS.text}">${escapeHtml(p.period)}</text>`,
    );
  });
  out.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="${COLOURS.axis}"/>`,
  );

  if (hasExpected) {
    const d = pathData(
      xs,
      points.map((p) => (finite(p.expected) ? y(p.expected) : null)),
    );
    out.push(
      `<path class="chart-expected" d="${d}" fill="none" stroke="${COLOURS.expected}" stroke-width="1.5" stroke-dasharray="5 4"/>`,
    );
  }
  const d = pathData(
    xs,
    points.map((p) => (finite(p.value) ? y(p.value) : null)),
  );
  out.push(
    `<path class="chart-observed" d="${d}" fill="none" stroke="${COLOURS.observed}" stroke-width="1.8"/>`,
  );
  points.forEach((p, i) => {
    if (!finite(p.value)) return;
    const tip = `${p.period}: ${formatNumber(p.value, 2)}${finite(p.expected) ? ` (expected ${formatNumber(p.expected, 1)})` : ''}`;
    out.push(
      `<circle cx="${fmt(xs[i]!)}" cy="${fmt(y(p.value))}" r="2.2" fill="${COLOURS.observed}"><title>${escapeHtml(tip)}</title></circle>`,
    );
  });

  // Legend along the top margin.
  const legend: string[] = [];
  let lx = MARGIN.left;
  const ly = 12;
  legend.push(
    `<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${COLOURS.observed}" stroke-width="1.8"/><text x="${lx + 22}" y="${ly}" dy="0.32em" fill="${COLOURS.text}">observed</text>`,
  );
  lx += 84;
  if (hasExpected) {
    legend.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${COLOURS.expected}" stroke-width="1.5" stroke-dasharray="5 4"/><text x="${lx + 22}" y="${ly}" dy="0.32em" fill="${COLOURS.text}">expected</text>`,
    );
    lx += 84;
  }
  if (shaded) {
    legend.push(
      `<rect x="${lx}" y="${ly - 5}" width="14" height="10" fill="${COLOURS.highlight}" fill-opacity="0.8"/><text x="${lx + 20}" y="${ly}" dy="0.32em" fill="${COLOURS.text}">period of the finding</text>`,
    );
  }
  out.push(...legend);
  out.push('</svg>');
  return out.join('');
}
