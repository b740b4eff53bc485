import { describe, expect, it } from 'vitest';
import { type ReturnRow, ReturnRowSchema } from '#core/model/returns.ts';
import { calendarMonth } from '#core/series/months.ts';
import {
  type BenchmarkPanel,
  cellOf,
  generateBenchmarkPanel,
  generateBenchmarkReturns,
  panelToRows,
} from '#core/synthetic/benchmark/generator.ts';
import { BENCHMARK_OFFENCES, CORE_CODES, FAMILIES, isRapeCode } from '#core/synthetic/benchmark/offences.ts';
import { SYNTHETIC_FORCES } from '#core/synthetic/force-sizes.ts';

const { panel, rows } = generateBenchmarkReturns({ seed: 'test-generator' });

const fyOf = (month: string) =>
  calendarMonth(month) >= 4 ? Number(month.slice(0, 4)) : Number(month.slice(0, 4)) - 1;

function sumBy(rs: readonly ReturnRow[], key: (r: ReturnRow) => string, value: (r: ReturnRow) => number) {
  const m = new Map<string, number>();
  for (const r of rs) m.set(key(r), (m.get(key(r)) ?? 0) + value(r));
  return m;
}

describe('generateBenchmarkPanel: shape and determinism', () => {
  it('writes one row per force × month × code, zeros included, with valid curated fields', () => {
    expect(panel.forces).toEqual(SYNTHETIC_FORCES);
    expect(panel.forces).toHaveLength(44);
    expect(panel.months).toHaveLength(120);
    expect(panel.months[0]).toBe('2014-04');
    expect(panel.months[119]).toBe('2024-03');
    expect(panel.offences).toHaveLength(BENCHMARK_OFFENCES.length);
    expect(panel.offences.length).toBeGreaterThanOrEqual(140);
    expect(panel.offences.some((o) => o.group === 'Fraud offences')).toBe(false);
    expect(rows).toHaveLength(44 * 120 * panel.offences.length);
    for (const r of [rows[0]!, rows[12345]!, rows[rows.length - 1]!]) {
      expect(ReturnRowSchema.safeParse(r).success).toBe(true);
      expect(r.source_format).toBe('monthly_aggregate');
      expect(r.input_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(r.submitted_at.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    }
    const shaPerForce = sumBy(
      rows,
      (r) => `${r.force_code}|${r.input_sha256}`,
      () => 1,
    );
    expect(shaPerForce.size).toBe(44);
    expect(rows.every((r) => Number.isInteger(r.recorded) && r.recorded >= 0)).toBe(true);
    expect(rows.every((r) => r.cancelled !== null && Number.isInteger(r.cancelled) && r.cancelled >= 0)).toBe(
      true,
    );
  });

  it('gives identical counts for the same seed and different counts for another seed', () => {
    const again = generateBenchmarkPanel({ seed: 'test-generator', forces: ['kent', 'surrey'] });
    for (const force of ['kent', 'surrey']) {
      for (const code of ['8N', '19C', '46']) {
        expect(Array.from(cellOf(again, force, code).recorded)).toEqual(
          Array.from(cellOf(panel, force, code).recorded),
        );
        expect(Array.from(cellOf(again, force, code).cancelled)).toEqual(
          Array.from(cellOf(panel, force, code).cancelled),
        );
      }
    }
    const other = generateBenchmarkPanel({ seed: 'another', forces: ['kent'], codes: ['8N'] });
    expect(Array.from(cellOf(other, 'kent', '8N').recorded)).not.toEqual(
      Array.from(cellOf(panel, 'kent', '8N').recorded),
    );
  });

  it('keeps every series of a code or force subset identical to the full panel', () => {
    const subset = generateBenchmarkPanel({
      seed: 'test-generator',
      codes: CORE_CODES,
      forces: ['metropolitan', 'dyfed-powys'],
    });
    expect(subset.offences.map((o) => o.code).sort()).toEqual([...CORE_CODES].sort());
    for (const force of subset.forces) {
      for (const code of ['105A', '20A', '58A', '9A']) {
        expect(Array.from(cellOf(subset, force, code).recorded)).toEqual(
          Array.from(cellOf(panel, force, code).recorded),
        );
      }
    }
  });

  it('refuses unknown forces and codes, and accepts another span', () => {
    expect(() => generateBenchmarkPanel({ forces: ['atlantis'] })).toThrow(/unknown force/);
    expect(() => generateBenchmarkPanel({ codes: ['8N', 'AF'] })).toThrow(/AF/);
    const short = generateBenchmarkPanel({ start: '2019-01', months: 6, forces: ['kent'], codes: ['8N'] });
    expect(short.months).toEqual(['2019-01', '2019-02', '2019-03', '2019-04', '2019-05', '2019-06']);
    expect(panelToRows(short)).toHaveLength(6);
  });
});

describe('generateBenchmarkPanel: realism', () => {
  it('has a national total of 3–6 million recorded crimes in every financial year', () => {
    const byYear = sumBy(
      rows,
      (r) => String(fyOf(r.period_start)),
      (r) => r.recorded,
    );
    expect(byYear.size).toBe(10);
    for (const total of byYear.values()) {
      expect(total).toBeGreaterThan(3_000_000);
      expect(total).toBeLessThan(6_000_000);
    }
  });

  it('has many tiny codes: most codes have a median force-month of at most 2 crimes', () => {
    const perCode = new Map<string, number[]>();
    for (const r of rows) {
      const list = perCode.get(r.offence_code!) ?? [];
      list.push(r.recorded);
      perCode.set(r.offence_code!, list);
    }
    const medians = [...perCode.values()].map((xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
    const tiny = medians.filter((m) => m <= 2).length;
    expect(tiny / medians.length).toBeGreaterThan(0.4);
    expect(Math.max(...medians)).toBeGreaterThan(500);
  });

  it('is over-dispersed: force-month counts vary more than Poisson around the model mean', () => {
    const dispersions: number[] = [];
    for (const row of panel.cells) {
      for (const cell of row) {
        const mean = cell.expected.reduce((a, b) => a + b, 0) / cell.expected.length;
        if (mean < 50) continue;
        let x2 = 0;
        for (let t = 0; t < cell.expected.length; t++) {
          const gross = cell.recorded[t]! + cell.cancelled[t]!;
          x2 += (gross - cell.expected[t]!) ** 2 / cell.expected[t]!;
        }
        dispersions.push(x2 / cell.expected.length);
      }
    }
    dispersions.sort((a, b) => a - b);
    const median = dispersions[Math.floor(dispersions.length / 2)]!;
    expect(dispersions.length).toBeGreaterThan(300);
    // Real force × group quarterly series show φ ≈ 2–30 (larger for larger series); Poisson is 1.
    expect(median).toBeGreaterThan(1.5);
    expect(median).toBeLessThan(30);
  });

  it('is seasonal: violence peaks in summer and residential burglary in winter', () => {
    const national = (code: string) =>
      sumBy(
        rows.filter((r) => r.offence_code === code),
        (r) => String(calendarMonth(r.period_start)),
        (r) => r.recorded,
      );
    const season = (m: Map<string, number>, months: number[]) =>
      months.reduce((s, k) => s + m.get(String(k))!, 0);
    // Per day, so that February's shortness is not mistaken for a season. Every code's amplitude is at
    // least .03 (a peak-to-trough ratio ≥ e^.06 within a year); the forces' trends tilt the ten-year
    // sums of months early and late in the financial year by up to about 1%, hence 1.02.
    const violence = national('8N');
    expect(season(violence, [6, 7, 8]) / 92).toBeGreaterThan((1.02 * season(violence, [12, 1, 2])) / 90.25);
    const burglary = national('28E');
    expect(season(burglary, [11, 12, 1]) / 92).toBeGreaterThan((1.02 * season(burglary, [5, 6, 7])) / 92);
  });

  it('cancels 2–4% of crimes overall and more of rapes', () => {
    let recorded = 0;
    let cancelled = 0;
    let rapeRecorded = 0;
    let rapeCancelled = 0;
    for (const r of rows) {
      recorded += r.recorded;
      cancelled += r.cancelled!;
      if (isRapeCode(r.offence_code!)) {
        rapeRecorded += r.recorded;
        rapeCancelled += r.cancelled!;
      }
    }
    const overall = cancelled / (recorded + cancelled);
    expect(overall).toBeGreaterThan(0.015);
    expect(overall).toBeLessThan(0.045);
    const rape = rapeCancelled / (rapeRecorded + rapeCancelled);
    expect(rape).toBeGreaterThan(0.07);
    expect(rape).toBeLessThan(0.2);
    // Never more cancelled than recorded in a cell with 20 or more cancellations (dq.cancelled_exceeds_recorded).
    expect(rows.some((r) => r.cancelled! >= 20 && r.cancelled! > r.recorded)).toBe(false);
  });

  it('lets family mixes drift slowly: the serious share moves year on year, but by little', () => {
    const fam = FAMILIES.find((f) => f.id === 'violence-injury')!;
    const changes: number[] = [];
    for (const force of panel.forces) {
      const yearly = (codes: readonly string[]) =>
        Array.from({ length: 10 }, (_, y) =>
          codes.reduce(
            (s, c) =>
              s +
              cellOf(panel, force, c)
                .recorded.slice(y * 12, y * 12 + 12)
                .reduce((a, b) => a + b, 0),
            0,
          ),
        );
      const s = yearly(fam.serious);
      const l = yearly(fam.lesser);
      const logit = s.map((x, i) => Math.log(x / l[i]!));
      for (let y = 1; y < 10; y++) changes.push(Math.abs(logit[y]! - logit[y - 1]!));
    }
    changes.sort((a, b) => a - b);
    const median = changes[Math.floor(changes.length / 2)]!;
    expect(median).toBeGreaterThan(0.01);
    expect(median).toBeLessThan(0.15);
  });

  it('gives forces of one latent peer group more similar offence mixes than forces of different groups', () => {
    const shares = (p: BenchmarkPanel, force: string) => {
      const fi = p.forces.indexOf(force);
      const totals = p.cells[fi]!.map((c) => c.expected.reduce((a, b) => a + b, 0));
      const sum = totals.reduce((a, b) => a + b, 0);
      return totals.map((x) => Math.log((x + 1e-9) / sum));
    };
    const big = panel.offences
      .map((o, i) => ({ o, i }))
      .filter(({ o }) => ['8N', '105A', '46', '49', '45', '58C', '9A', '28E'].includes(o.code));
    const dist = (a: string, b: string) => {
      const sa = shares(panel, a);
      const sb = shares(panel, b);
      return big.reduce((s, { i }) => s + (sa[i]! - sb[i]!) ** 2, 0);
    };
    let within = 0;
    let withinN = 0;
    let between = 0;
    let betweenN = 0;
    for (const a of panel.forces) {
      for (const b of panel.forces) {
        if (a >= b) continue;
        if (panel.peerGroup.get(a) === panel.peerGroup.get(b)) {
          within += dist(a, b);
          withinN++;
        } else {
          between += dist(a, b);
          betweenN++;
        }
      }
    }
    expect(panel.peerGroupCount).toBeGreaterThanOrEqual(6);
    expect(panel.peerGroupCount).toBeLessThanOrEqual(8);
    expect(within / withinN).toBeLessThan(0.8 * (between / betweenN));
  });
});

describe('generateBenchmarkPanel: the COVID-19 shock', () => {
  it('lowers theft nationally in the first lockdown and leaves the months outside March 2020–June 2021 alone', () => {
    const national = (group: string, month: string) =>
      rows
        .filter((r) => r.offence_group === group && r.period_start === month)
        .reduce((s, r) => s + r.recorded, 0);
    // Depth −.40 on the log scale × exposure .8–1.2: between −28% and −38% against the year before
    // (trends and noise move a national year-on-year ratio by a few percent).
    const theft = national('Theft offences', '2020-04') / national('Theft offences', '2019-04');
    expect(theft).toBeGreaterThan(0.55);
    expect(theft).toBeLessThan(0.78);
    const drugs = national('Drug offences', '2020-04') / national('Drug offences', '2019-04');
    expect(drugs).toBeGreaterThan(1.1);
    const after = national('Theft offences', '2021-09') / national('Theft offences', '2019-09');
    expect(after).toBeGreaterThan(0.9);
    expect(after).toBeLessThan(1.1);
  });
});
