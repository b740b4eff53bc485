/**
 * The detection benchmark's power curve: recall by |oracle z| bin, per signature (and per injected
 * shape when asked), and the figure that sets the engine's curve against the oracle's step.
 *
 * The oracle z of an injection is its window's observed counts against the generator's own expectation
 * without the injection, with every noise source of the generator in the variance; the oracle "finds"
 * every injection with |z| ≥ 5 (the definition of detectable), so its recall is a step: 0 below
 * |z| = 5, 1 at and above. Bins are half-open, [lo, hi), so |z| = 5 falls in the first detectable bin.
 * Each bin carries a Wilson 95% interval (score.ts), which stays honest for the few injections a bin holds.
 *
 * The figure is drawn with Vega-Lite compiled to Vega and rendered to SVG in Node (`view.toSVG()`, no
 * canvas, no network): one line per signature, Wilson intervals as vertical rules, the oracle's step as
 * a dashed line. Each bin's point sits at the mean |z| of the injections in it (capped at |z| = 16),
 * so a bin whose injections crowd its lower edge is drawn where they are.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { DETECTABLE_Z } from '#core/synthetic/benchmark/oracle.ts';
import { wilsonInterval } from '#core/synthetic/benchmark/score.ts';

export interface PowerPoint {
  signature: string;
  shape: string;
  arm: string;
  /** `tuning` or `holdout` (the seeds no threshold was tuned on). */
  seedSet?: string;
  oracleZ: number;
  detected: boolean;
}

export { DETECTABLE_Z };

/** Bin edges of |oracle z|; the last bin is open-ended. */
export const Z_BIN_EDGES = [0, 2, 3, 5, 8, 12] as const;

/** Where the figure's x axis ends, and where a bin's point is drawn at most (the open bin's mean can be far out). */
const X_MAX = 18;
const POINT_Z_CAP = 16;

export interface PowerBin {
  /** Lower edge (inclusive). */
  lo: number;
  /** Upper edge (exclusive); Infinity for the last bin. */
  hi: number;
  label: string;
  hits: number;
  n: number;
  /** hits / n; NaN for an empty bin. */
  recall: number;
  /** Wilson 95% interval; NaN bounds for an empty bin. */
  ci: [number, number];
  /** Mean |oracle z| of the bin's injections; NaN for an empty bin. */
  meanZ: number;
  /** What the oracle finds in this bin: 1 when the bin is detectable (lo ≥ 5), else 0. */
  oracleRecall: number;
}

export interface PowerCurve {
  signature: string;
  /** Null when the curve pools every shape. */
  shape: string | null;
  bins: PowerBin[];
  /** Points left out because their oracle z was not a finite number. */
  dropped: number;
}

export interface PowerCurveOptions {
  /** One curve per (signature, shape) instead of per signature. */
  byShape?: boolean;
  /** Only the points of this arm (e.g. the held-out seeds); all arms pooled when absent. */
  arm?: string;
}

function binLabel(lo: number, hi: number): string {
  return Number.isFinite(hi) ? `${lo}–${hi}` : `${lo}+`;
}

/** The bin index of |z|, or -1 when z is not finite. */
export function zBinIndex(z: number): number {
  if (!Number.isFinite(z)) return -1;
  const a = Math.abs(z);
  for (let i = Z_BIN_EDGES.length - 1; i >= 0; i--) if (a >= Z_BIN_EDGES[i]!) return i;
  return 0;
}

function emptyBins(): PowerBin[] {
  return Z_BIN_EDGES.map((lo, i) => {
    const hi = Z_BIN_EDGES[i + 1] ?? Number.POSITIVE_INFINITY;
    return {
      lo,
      hi,
      label: binLabel(lo, hi),
      hits: 0,
      n: 0,
      recall: Number.NaN,
      ci: [Number.NaN, Number.NaN] as [number, number],
      meanZ: Number.NaN,
      oracleRecall: lo >= DETECTABLE_Z ? 1 : 0,
    };
  });
}

/** Recall by |oracle z| bin, one curve per signature (or per signature and shape), sorted by name. */
export function powerCurveBins(points: readonly PowerPoint[], opts: PowerCurveOptions = {}): PowerCurve[] {
  const groups = new Map<string, { curve: PowerCurve; zSums: number[] }>();
  for (const p of points) {
    if (opts.arm !== undefined && p.arm !== opts.arm) continue;
    const shape = opts.byShape ? p.shape : null;
    const key = `${p.signature}\u0000${shape ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        curve: { signature: p.signature, shape, bins: emptyBins(), dropped: 0 },
        zSums: Z_BIN_EDGES.map(() => 0),
      };
      groups.set(key, g);
    }
    const i = zBinIndex(p.oracleZ);
    if (i < 0) {
      g.curve.dropped++;
      continue;
    }
    const bin = g.curve.bins[i]!;
    bin.n++;
    if (p.detected) bin.hits++;
    g.zSums[i]! += Math.abs(p.oracleZ);
  }
  const curves = [...groups.values()].map(({ curve, zSums }) => {
    curve.bins.forEach((bin, i) => {
      if (bin.n === 0) return;
      bin.recall = bin.hits / bin.n;
      bin.ci = wilsonInterval(bin.hits, bin.n);
      bin.meanZ = zSums[i]! / bin.n;
    });
    return curve;
  });
  return curves.sort(
    (a, b) => a.signature.localeCompare(b.signature) || (a.shape ?? '').localeCompare(b.shape ?? ''),
  );
}

const ORACLE_SERIES = `oracle (step at |z| = ${DETECTABLE_Z})`;

function curveName(c: PowerCurve): string {
  return c.shape === null ? c.signature : `${c.signature} / ${c.shape}`;
}

/** The Vega-Lite spec of the figure: engine curves per signature, Wilson rules, the oracle step. */
export function powerCurveSpec(curves: readonly PowerCurve[]): TopLevelSpec {
  const engine = curves.flatMap((c) =>
    c.bins
      .filter((b) => b.n > 0)
      .map((b) => ({
        series: curveName(c),
        z: Math.min(b.meanZ, POINT_Z_CAP),
        recall: b.recall,
        lo: b.ci[0],
        hi: b.ci[1],
        bin: b.label,
        n: b.n,
        hits: b.hits,
      })),
  );
  const step = [
    { series: ORACLE_SERIES, order: 0, z: 0, recall: 0 },
    { series: ORACLE_SERIES, order: 1, z: DETECTABLE_Z, recall: 0 },
    { series: ORACLE_SERIES, order: 2, z: DETECTABLE_Z, recall: 1 },
    { series: ORACLE_SERIES, order: 3, z: X_MAX, recall: 1 },
  ];
  const domain = [...curves.map(curveName), ORACLE_SERIES];
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain, range: [...schemeFor(curves.length), '#555555'] },
    // Inside, bottom right: high |z| with low recall is where no curve should be.
    legend: {
      orient: 'bottom-right' as const,
      symbolType: 'stroke',
      symbolStrokeWidth: 2,
      labelLimit: 320,
      fillColor: 'white',
      strokeColor: '#cccccc',
      padding: 6,
    },
  };
  // The same field on colour and dash merges them into one legend: solid engine lines, a dashed oracle.
  const strokeDash = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain, range: [...curves.map(() => [1, 0]), [6, 4]] },
  };
  const x = {
    field: 'z',
    type: 'quantitative' as const,
    title: '|oracle z| (injected window against the generator’s own expectation)',
    scale: { domain: [0, X_MAX] },
  };
  const y = {
    field: 'recall',
    type: 'quantitative' as const,
    title: 'recall (share of injections found)',
    scale: { domain: [0, 1] },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Detection power: the engine’s recall by |oracle z| against the oracle’s step',
      // Two short lines: without a canvas Vega sizes text by estimate, and one long line widens the figure.
      subtitle: [
        'each point: a bin of |z| (0–2, 2–3, 3–5, 5–8, 8–12, 12+) at its mean |z| (at most 16)',
        'bars: Wilson 95% intervals',
      ],
    },
    width: 640,
    height: 380,
    background: 'white',
    layer: [
      {
        name: 'oracle_step',
        data: { values: step },
        mark: { type: 'line', strokeWidth: 2, interpolate: 'linear' },
        encoding: { x, y, order: { field: 'order', type: 'quantitative' }, color, strokeDash },
      },
      {
        name: 'engine_interval',
        data: { values: engine },
        mark: { type: 'rule', strokeWidth: 1, opacity: 0.5 },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color },
      },
      {
        name: 'engine_recall',
        data: { values: engine },
        mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 40 } },
        encoding: { x, y, color, strokeDash, order: { field: 'z', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}

/** Vega's tableau10 hues; they repeat past ten curves. */
function schemeFor(n: number): string[] {
  const hues = [
    '#4c78a8',
    '#f58518',
    '#54a24b',
    '#e45756',
    '#72b7b2',
    '#b279a2',
    '#eeca3b',
    '#9d755d',
    '#ff9da6',
    '#bab0ac',
  ];
  return Array.from({ length: n }, (_, i) => hues[i % hues.length]!);
}

/** The figure as SVG text (per signature, every shape and arm pooled unless `opts` says otherwise). */
export async function powerCurveSvg(
  points: readonly PowerPoint[],
  opts: PowerCurveOptions = {},
): Promise<string> {
  const spec = compile(powerCurveSpec(powerCurveBins(points, opts))).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Writes the figure to `file` (its folder is made when missing). */
export async function writePowerCurveSvg(
  points: readonly PowerPoint[],
  file: string,
  opts: PowerCurveOptions = {},
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, await powerCurveSvg(points, opts), 'utf8');
}
