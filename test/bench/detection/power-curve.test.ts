import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validate as validateXml } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  DETECTABLE_Z,
  type PowerPoint,
  powerCurveBins,
  powerCurveSvg,
  writePowerCurveSvg,
  zBinIndex,
} from '#bench/detection/power-curve.ts';
import { tempDir } from '#test-support/temp-files.ts';

const Z95 = 1.959963984540054;

const point = (signature: string, oracleZ: number, detected: boolean, over: Partial<PowerPoint> = {}) => ({
  signature,
  shape: 'level',
  arm: 'main',
  oracleZ,
  detected,
  ...over,
});

describe('zBinIndex', () => {
  it('puts |z| in half-open bins [lo, hi), sign ignored, 12 and beyond in the last', () => {
    expect([0, 1.99, 2, -2.5, 3, 4.999, 5, -7.9, 8, 11.99, 12, 400].map(zBinIndex)).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]);
    expect(zBinIndex(Number.NaN)).toBe(-1);
    expect(zBinIndex(Number.POSITIVE_INFINITY)).toBe(-1);
  });
});

describe('powerCurveBins', () => {
  const points: PowerPoint[] = [
    point('sudden_drop', 1, false),
    point('sudden_drop', -1.5, true),
    point('sudden_drop', 4, false),
    point('sudden_drop', 5, true),
    point('sudden_drop', -6, true),
    point('sudden_drop', 7, false),
    point('sudden_drop', 20, true),
    point('sudden_drop', Number.NaN, true),
    point('reclassification', 9, true, { shape: 'ladder' }),
    point('reclassification', 10, false, { shape: 'ladder' }),
    point('reclassification', 9.5, true, { shape: 'rape_to_sexual_assault', arm: 'held_out' }),
  ];

  it('counts hits and n per bin and signature, sorted by signature, with NaN z dropped', () => {
    const curves = powerCurveBins(points);
    expect(curves.map((c) => c.signature)).toEqual(['reclassification', 'sudden_drop']);
    const drop = curves[1]!;
    expect(drop.shape).toBeNull();
    expect(drop.dropped).toBe(1);
    expect(drop.bins.map((b) => [b.label, b.hits, b.n])).toEqual([
      ['0–2', 1, 2],
      ['2–3', 0, 0],
      ['3–5', 0, 1],
      ['5–8', 2, 3],
      ['8–12', 0, 0],
      ['12+', 1, 1],
    ]);
    expect(drop.bins[3]!.recall).toBeCloseTo(2 / 3, 12);
    expect(drop.bins[3]!.meanZ).toBeCloseTo(6, 12);
    expect(drop.bins[0]!.meanZ).toBeCloseTo(1.25, 12);
    expect(Number.isNaN(drop.bins[1]!.recall)).toBe(true);
    expect(drop.bins.map((b) => b.oracleRecall)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(drop.bins.filter((b) => b.lo >= DETECTABLE_Z)).toHaveLength(3);
  });

  it('splits by shape when asked, and keeps one arm when asked', () => {
    const byShape = powerCurveBins(points, { byShape: true });
    expect(byShape.map((c) => `${c.signature}/${c.shape}`)).toEqual([
      'reclassification/ladder',
      'reclassification/rape_to_sexual_assault',
      'sudden_drop/level',
    ]);
    expect(byShape[0]!.bins[4]).toMatchObject({ hits: 1, n: 2 });
    const heldOut = powerCurveBins(points, { arm: 'held_out' });
    expect(heldOut).toHaveLength(1);
    expect(heldOut[0]!.bins[4]).toMatchObject({ hits: 1, n: 1 });
  });

  // Closed forms of the Wilson score interval (Wilson 1927): for 0 of n the interval is
  // [0, z²/(n+z²)]; for n of n it is [n/(n+z²), 1]; for k of n in general the bounds are
  // (k + z²/2 ± z·sqrt(k(n−k)/n + z²/4)) / (n + z²).
  it('gives each bin the Wilson 95% interval', () => {
    const wilson = (k: number, n: number) => {
      const half = Z95 * Math.sqrt((k * (n - k)) / n + (Z95 * Z95) / 4);
      return [(k + (Z95 * Z95) / 2 - half) / (n + Z95 * Z95), (k + (Z95 * Z95) / 2 + half) / (n + Z95 * Z95)];
    };
    const many: PowerPoint[] = [
      ...Array.from({ length: 7 }, () => point('no_crime_spike', 0.5, false)),
      ...Array.from({ length: 10 }, (_, i) => point('no_crime_spike', 6, i < 3)),
      ...Array.from({ length: 4 }, () => point('no_crime_spike', 13, true)),
    ];
    const [curve] = powerCurveBins(many);
    const [zero, , , three, , all] = curve!.bins;
    expect(zero!.ci[0]).toBeCloseTo(0, 12);
    expect(zero!.ci[1]).toBeCloseTo((Z95 * Z95) / (7 + Z95 * Z95), 12);
    expect(all!.ci[0]).toBeCloseTo(4 / (4 + Z95 * Z95), 12);
    expect(all!.ci[1]).toBeCloseTo(1, 12);
    const [lo, hi] = wilson(3, 10);
    expect(three!.ci[0]).toBeCloseTo(lo!, 12);
    expect(three!.ci[1]).toBeCloseTo(hi!, 12);
    // The published value for 3 of 10 (e.g. Newcombe 1998, table I, method 3): 0.1078–0.6032.
    expect(three!.ci[0]).toBeCloseTo(0.1078, 4);
    expect(three!.ci[1]).toBeCloseTo(0.6032, 4);
  });
});

describe('the power-curve figure', () => {
  const points: PowerPoint[] = ['reclassification', 'no_crime_spike', 'sudden_drop'].flatMap((sig, s) =>
    [0.5, 2.5, 4, 6, 9, 15].flatMap((z) => [point(sig, z, z > 3 + s), point(sig, -z - 0.2, z > 5)]),
  );

  it('is well-formed SVG with one line per signature, the oracle step, both axis titles and a legend', async () => {
    const svg = await powerCurveSvg(points);
    expect(validateXml(svg)).toBe(true);
    expect(svg.startsWith('<svg')).toBe(true);
    const groups = (name: string) =>
      [...svg.matchAll(new RegExp(`<g class="mark-line role-mark ${name}_marks"[^>]*>(.*?)</g>`, 'g'))].map(
        (m) => m[1]!,
      );
    const engine = groups('engine_recall');
    expect(engine).toHaveLength(3);
    for (const sig of ['reclassification', 'no_crime_spike', 'sudden_drop']) {
      expect(engine.filter((g) => g.includes(`series: ${sig};`))).toHaveLength(1);
    }
    for (const g of engine) expect(g.match(/<path /g)).toHaveLength(1);
    const oracle = groups('oracle_step');
    expect(oracle).toHaveLength(1);
    // The step: flat at recall 0 to |z| = 5, up to 1, flat to the end: four vertices, the middle two at one x.
    const d = /\bd="([^"]+)"/.exec(oracle[0]!)![1]!;
    const xs = [...d.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(4);
    expect(xs[1]).toBeCloseTo(xs[2]!, 6);
    expect(svg).toContain('aria-label="X-axis titled \'|oracle z|');
    expect(svg).toContain('aria-label="Y-axis titled \'recall');
    expect(svg).toMatch(/role-legend[^>]*aria-label="[^"]*reclassification[^"]*oracle \(step at \|z\| = 5\)/);
  });

  it('writes the figure to a file, making its folder', async () => {
    const { dir, cleanup } = await tempDir('power-curve-');
    try {
      const file = join(dir, 'out', 'power-curve.svg');
      await writePowerCurveSvg(points, file);
      const svg = await readFile(file, 'utf8');
      expect(validateXml(svg)).toBe(true);
      expect(svg).toContain('engine_recall_marks');
    } finally {
      await cleanup();
    }
  });
});
