/**
 * The report page's own script, written as one TypeScript function so that tsc and biome check it
 * like the rest of the code, and serialised into the page with `.toString()` (html.ts calls it with
 * the page's document, window and uPlot). The project's TypeScript has no DOM library (it runs on
 * Node), so the few DOM members used are typed structurally below. It filters, searches and sorts
 * the findings index, draws a finding's chart with uPlot when the finding is opened (every chart
 * before printing), and shows or downloads a finding's raw evidence from the page's data block.
 */
import type { ChartSpec } from './chart-data.ts';

export interface PageElement {
  id: string;
  hidden: boolean;
  open?: boolean;
  value: string;
  checked: boolean;
  textContent: string | null;
  clientWidth: number;
  dataset: Record<string, string | undefined>;
  children: ArrayLike<PageElement>;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  closest(selector: string): PageElement | null;
  addEventListener(type: string, listener: (event: { target: unknown }) => void, capture?: boolean): void;
  append(...nodes: Array<PageElement | string>): void;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  click(): void;
}

export interface PageDocument {
  getElementById(id: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  createElement(tag: string): PageElement & { href: string; download: string };
}

export interface PageWindow {
  addEventListener(type: string, listener: () => void): void;
  URL: { createObjectURL(blob: unknown): string; revokeObjectURL(url: string): void };
  Blob: new (parts: string[], options: { type: string }) => unknown;
  reportCharts?: Map<string, { series: Array<{ label?: string }> }>;
}

export interface UPlotApi {
  new (
    options: unknown,
    data: unknown,
    target: PageElement,
  ): {
    series: Array<{ label?: string }>;
    setSize(size: { width: number; height: number }): void;
    valToPos(v: number, scale: string, canvas?: boolean): number;
    setLegend(opts: { idx?: number }, fireHook?: boolean): void;
    cursor: { idx?: number | null };
    bbox: { top: number; height: number };
    ctx: CanvasLike;
  };
  tzDate(date: Date, tz: string): Date;
}

interface CanvasLike {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
}

export interface PageData {
  charts: Record<string, ChartSpec>;
  evidence: Record<string, string>;
}

export function reportPage(doc: PageDocument, win: PageWindow, uPlot: UPlotApi): void {
  const dataEl = doc.getElementById('report-data');
  const data: PageData = JSON.parse(dataEl?.textContent ?? '{"charts":{},"evidence":{}}');
  const list = doc.getElementById('finding-list');
  const field = (id: string): PageElement | null => doc.getElementById(id);
  const all = (root: PageElement | null, sel: string): PageElement[] =>
    root ? Array.from(root.querySelectorAll(sel)) : [];

  // Filtering and search: a finding is shown when it matches every control; a group while any of its findings is.
  const applyFilters = (): void => {
    const query = (field('f-search')?.value ?? '').trim().toLowerCase();
    const want = (id: string): string => field(id)?.value ?? '';
    const near = field('f-near')?.checked === true;
    let shown = 0;
    for (const el of all(list, '[data-finding-id]')) {
      const d = el.dataset;
      const ok =
        (!want('f-force') || d.force === want('f-force')) &&
        (!want('f-signature') || d.signature === want('f-signature')) &&
        (!want('f-severity') || d.severity === want('f-severity')) &&
        (!want('f-status') || d.status === want('f-status')) &&
        (!near || d.nearTarget === 'true') &&
        (!query || (d.search ?? '').includes(query));
      el.hidden = !ok;
      if (ok) shown++;
    }
    for (const g of all(list, '.dq-group')) g.hidden = all(g, '[data-finding-id]').every((el) => el.hidden);
    const count = field('f-count');
    if (count) count.textContent = `${shown} of ${all(list, '[data-finding-id]').length} findings shown`;
  };

  // Sorting reorders the list's top-level items by the keys html.ts wrote on them.
  const applySort = (): void => {
    if (!list) return;
    const key = field('f-sort')?.value ?? 'severity';
    const items = Array.from(list.children);
    const text = (el: PageElement, k: string): string => el.dataset[k] ?? '';
    items.sort((a, b) => {
      const primary =
        key === 'force'
          ? text(a, 'forceName').localeCompare(text(b, 'forceName'))
          : key === 'period'
            ? text(b, 'periodStart').localeCompare(text(a, 'periodStart'))
            : Number(text(a, 'rank')) - Number(text(b, 'rank'));
      return primary || Number(text(a, 'order')) - Number(text(b, 'order'));
    });
    list.append(...items);
  };

  const monthTime = (p: string, offsetMonths: number, day: number): number =>
    Date.UTC(Number(p.slice(0, 4)), Number(p.slice(5, 7)) - 1 + offsetMonths, day) / 1000;
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const monthLabel = (t: number | null): string => {
    if (t === null) return '';
    const d = new Date(t * 1000);
    return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  };
  const compact = (v: number): string =>
    Math.abs(v) >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : String(Number(v.toPrecision(3)));

  const drawn: Array<{ chart: InstanceType<UPlotApi>; holder: PageElement }> = [];
  const drawChart = (holder: PageElement): void => {
    const id = holder.dataset.chartId ?? '';
    const spec = data.charts[id];
    if (!spec || holder.dataset.drawn === 'true') return;
    holder.dataset.drawn = 'true';
    const mid = spec.step === 3 ? 1 : 0;
    const xs = spec.periods.map((p) => monthTime(p, mid, 15));
    const band = (from: string, to: string) => [monthTime(from, 0, 1), monthTime(to, spec.step, 1)];
    const bands: Array<{ span: number[]; colour: string }> = [];
    if (spec.baseline)
      bands.push({ span: band(spec.baseline[0], spec.baseline[1]), colour: 'rgba(47,95,143,0.10)' });
    for (const p of spec.leftOut) bands.push({ span: band(p, p), colour: 'rgba(90,90,90,0.22)' });
    bands.push({ span: band(spec.flagged[0], spec.flagged[1]), colour: 'rgba(214,120,40,0.28)' });
    // The legend reads in the axis's unit: a rate as a percentage, a count as a count.
    const legendValue = (_u: unknown, v: number | null): string =>
      v === null ? '–' : spec.percent ? `${Number((v * 100).toPrecision(3))}%` : compact(v);
    const series: unknown[] = [
      { label: 'Month', value: (_u: unknown, v: number | null) => monthLabel(v) },
      { label: 'observed', stroke: '#1f4e79', width: 2, points: { show: true, size: 4 }, value: legendValue },
    ];
    const values: Array<Array<number | null>> = [xs, spec.observed];
    const keys = ['observed'];
    if (spec.expected) {
      series.push({
        label: 'expected',
        stroke: '#4d4d4d',
        width: 1.5,
        dash: [6, 4],
        points: { show: false },
        value: legendValue,
      });
      values.push(spec.expected);
      keys.push('expected');
    }
    const bandsOf: Array<{ series: [number, number]; fill: string }> = [];
    if (spec.peerLow && spec.peerHigh) {
      const edge = {
        stroke: 'rgba(110,110,110,0.55)',
        width: 1,
        points: { show: false },
        value: legendValue,
      };
      series.push({ ...edge, label: 'peers, lowest' }, { ...edge, label: 'peers, highest' });
      values.push(spec.peerLow, spec.peerHigh);
      keys.push('peers-low', 'peers-high');
      bandsOf.push({ series: [values.length - 1, values.length - 2], fill: 'rgba(110,110,110,0.14)' });
    }
    const shade = (u: InstanceType<UPlotApi>): void => {
      for (const b of bands) {
        const x0 = u.valToPos(b.span[0]!, 'x', true);
        const x1 = u.valToPos(b.span[1]!, 'x', true);
        u.ctx.fillStyle = b.colour;
        u.ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
      }
    };
    // Off the plot the legend shows the flagged window's last month, not uPlot's empty "--".
    const restAt = Math.max(0, spec.periods.lastIndexOf(spec.flagged[1]));
    const restLegend = (u: InstanceType<UPlotApi>): void => {
      if (u.cursor.idx === null || u.cursor.idx === undefined) u.setLegend({ idx: restAt }, false);
    };
    const width = Math.max(280, holder.clientWidth || 600);
    const chart = new uPlot(
      {
        width,
        height: 260,
        tzDate: (t: number) => uPlot.tzDate(new Date(t * 1000), 'Etc/UTC'),
        scales: {
          x: { time: true },
          y: { range: (_u: unknown, lo: number, hi: number) => [Math.min(0, lo), hi * 1.08 || 1] },
        },
        axes: [
          { values: (_u: unknown, ticks: number[]) => ticks.map(monthLabel) },
          {
            label: spec.unit,
            size: 70,
            values: (_u: unknown, ticks: number[]) =>
              ticks.map((t) => (spec.percent ? `${Number((t * 100).toPrecision(3))}%` : compact(t))),
          },
        ],
        series,
        bands: bandsOf,
        hooks: { drawClear: [shade], setCursor: [restLegend] },
      },
      values,
      holder,
    );
    chart.setLegend({ idx: restAt }, false);
    win.reportCharts?.set(id, chart);
    drawn.push({ chart, holder });
    holder.dataset.series = keys.join(' ');
  };

  const showRaw = (button: PageElement): void => {
    const id = button.dataset.raw ?? '';
    const target = field(`raw-${id}`);
    if (!target) return;
    if (!target.hidden) {
      target.hidden = true;
      return;
    }
    const text = data.evidence[id] ?? '';
    try {
      target.textContent = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      target.textContent = text;
    }
    target.hidden = false;
  };

  const download = (button: PageElement): void => {
    const id = button.dataset.download ?? '';
    const url = win.URL.createObjectURL(
      new win.Blob([data.evidence[id] ?? ''], { type: 'application/json' }),
    );
    const a = doc.createElement('a');
    a.href = url;
    a.download = `evidence-${id}.json`;
    a.click();
    win.URL.revokeObjectURL(url);
  };

  win.reportCharts = new Map();
  for (const id of ['f-search', 'f-force', 'f-signature', 'f-severity', 'f-status', 'f-near']) {
    field(id)?.addEventListener('input', applyFilters);
    field(id)?.addEventListener('change', applyFilters);
  }
  field('f-sort')?.addEventListener('change', applySort);
  list?.addEventListener(
    'toggle',
    (event) => {
      const details = event.target as PageElement;
      if (details.open) for (const holder of all(details, '[data-chart-id]')) drawChart(holder);
    },
    true,
  );
  list?.addEventListener('click', (event) => {
    // A link to a related finding opens it (and its group) so the reader lands on its content.
    const link = (event.target as PageElement).closest('a[href^="#finding-"]');
    const target = link ? field(link.getAttribute('href')?.slice(1) ?? '') : null;
    if (target) {
      for (const d of [
        target.closest('.dq-group')?.querySelector('details'),
        target.querySelector('details'),
      ]) {
        if (d && !d.open) d.setAttribute('open', '');
      }
    }
    const button = (event.target as PageElement).closest('button');
    if (button?.dataset.raw !== undefined) showRaw(button);
    else if (button?.dataset.download !== undefined) download(button);
  });
  // A chart is drawn at its box's width: follow the window when it is resized.
  win.addEventListener('resize', () => {
    for (const { chart, holder } of drawn) {
      if (holder.clientWidth > 0) chart.setSize({ width: Math.max(280, holder.clientWidth), height: 260 });
    }
  });
  win.addEventListener('beforeprint', () => {
    // Every finding on paper, with its chart; the evidence tables stay folded (the file has them).
    for (const details of Array.from(doc.querySelectorAll('.finding-body, .dq-group > details'))) {
      details.setAttribute('open', '');
    }
    for (const holder of Array.from(doc.querySelectorAll('[data-chart-id]'))) drawChart(holder);
  });
  applyFilters();
}
