/**
 * The one-off year-end dip check measured on the benchmark generator (clean data with force × offence
 * trends, drifts and seasons):
 *
 *   npx tsx bench/detection/year-end-dip.ts            # 2 clean + 2 injected seeds (a few minutes)
 *   npx tsx bench/detection/year-end-dip.ts 4          # more seeds
 *
 * Prints (1) calibration on clean data: the per-window p-values (every year × window tested, which
 * should be uniform) and the drafts' Šidák p-values (uniform or conservative), at 0.05/0.01/0.001
 * with the Kolmogorov–Smirnov distance; (2) false flags (findings above info, after the engine's BH
 * and gates) of year_end_dip and period_end_dip per force-year; (3) recall on one-off dips of 20%,
 * 25% and 30% in January–March of one financial year, recovering in April, in violence, residential
 * burglary (28E) and robbery of mid-sized forces. A dip is found when a reported year_end_dip
 * finding of the force covers its window and its offences (the code, its group or the total).
 * Prints figures; asserts nothing.
 */
import { auditContext } from '#core/checks/audit-context.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import { createSuddenDropChecks } from '#core/checks/sudden-drop/index.ts';
import { analyseYearEnd, type YearEndDip } from '#core/checks/sudden-drop/year-end-dip-analyse.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { Finding } from '#core/model/findings.ts';
import { addMonths } from '#core/series/months.ts';
import {
  type BenchmarkPanel,
  generateBenchmarkPanel,
  panelToRows,
} from '#core/synthetic/benchmark/generator.ts';
import { BENCHMARK_OFFENCES } from '#core/synthetic/benchmark/offences.ts';
import { FORCE_ANNUAL_THOUSANDS } from '#core/synthetic/force-sizes.ts';

const seeds = Number(process.argv[2] ?? 2);
const CODES = BENCHMARK_OFFENCES.map((o) => o.code);
const VAP = 'Violence against the person';

function audit(panel: BenchmarkPanel): {
  findings: Finding[];
  p: number[];
  windowP: number[];
  dips: YearEndDip[];
} {
  const rows = panelToRows(panel);
  const input = { current: rows, history: rows, notes: [], forces: [...panel.forces] };
  const registry = new CheckRegistry().registerAll(createSuddenDropChecks());
  const result = runChecks(registry, input, { run_id: 'bench', now: new Date('2024-06-01T00:00:00Z') });
  const run = analyseYearEnd(auditContext(input), DEFAULT_SUDDEN_DROP_CONFIG, 'month', new Set(panel.forces));
  const dips = run?.dips ?? [];
  return {
    findings: result.findings,
    p: dips.map((d) => d.p),
    windowP: dips.flatMap((d) => d.tests.map((t) => t.p)),
    dips,
  };
}

function uniformity(ps: readonly number[]): string {
  const s = [...ps].sort((a, b) => a - b);
  let ks = 0;
  s.forEach((p, i) => {
    ks = Math.max(ks, Math.abs((i + 1) / s.length - p), Math.abs(i / s.length - p));
  });
  const at = (a: number) => (s.filter((p) => p < a).length / s.length).toFixed(4);
  return `n=${s.length} P(p<.05)=${at(0.05)} P(p<.01)=${at(0.01)} P(p<.001)=${at(0.001)} KS D=${ks.toFixed(4)}`;
}

const flagged = (fs: readonly Finding[], id: string) =>
  fs.filter((f) => f.check_id === id && f.severity !== 'info');

// 1–2. Clean data.
let forceYears = 0;
const flags = { year: 0, period: 0 };
const allP: number[] = [];
const allWindowP: number[] = [];
for (let i = 1; i <= (process.env.YE_DEBUG ? 0 : seeds); i++) {
  for (const months of [120, 60]) {
    const panel = generateBenchmarkPanel({ seed: `ye-clean-${i}`, codes: CODES, months });
    const r = audit(panel);
    forceYears += panel.forces.length * (months / 12);
    flags.year += flagged(r.findings, 'sudden_drop.year_end_dip').length;
    flags.period += flagged(r.findings, 'sudden_drop.period_end_dip').length;
    for (const f of flagged(r.findings, 'sudden_drop.year_end_dip'))
      console.log(
        `  clean flag: ${f.force_code} ${f.offence_group} ${f.offence_code ?? ''} ${f.period_start} ${f.severity} p=${f.p_value}`,
      );
    allP.push(...r.p);
    allWindowP.push(...r.windowP);
  }
}
console.log(`clean: ${forceYears} force-years (10- and 5-year arms, ${seeds} seeds each)`);
console.log(`  per-window p (every year × window): ${uniformity(allWindowP)}`);
console.log(`  draft p (Šidák over years × windows): ${uniformity(allP)}`);
console.log(
  `  false flags above info: year_end_dip ${flags.year}, period_end_dip ${flags.period}; ` +
    `${((flags.year + flags.period) / forceYears).toFixed(4)} per force-year`,
);

// 3. Injected one-off dips.
const TARGETS = [
  { label: 'violence', group: VAP, codes: null as string[] | null },
  { label: '28E', group: 'Theft offences', codes: ['28E'] },
  { label: 'robbery', group: 'Robbery', codes: null },
];
const SIZES = [0.2, 0.25, 0.3];
const mid = (panel: BenchmarkPanel) => {
  const sorted = [...panel.forces]
    .filter((f) => f !== 'btp')
    .sort((a, b) => FORCE_ANNUAL_THOUSANDS[a]! - FORCE_ANNUAL_THOUSANDS[b]!);
  const m = Math.floor(sorted.length / 2);
  return sorted.slice(m - 5, m + 5);
};
const found = new Map<string, { n: number; hit: number; detectable: number; hitDetectable: number }>();
for (let i = 1; i <= seeds; i++) {
  const panel = generateBenchmarkPanel({ seed: `ye-dip-${i}`, codes: CODES });
  const forces = mid(panel);
  const planted: Array<{
    force: string;
    label: string;
    size: number;
    group: string;
    code: string | null;
    jan: string;
    oracleZ: number;
  }> = [];
  let n = 0;
  for (const t of TARGETS)
    for (const size of SIZES) {
      const force = forces[n % forces.length]!;
      const fy = 2015 + ((n + i) % 5); // 2015/16 … 2019/20 minus COVID: Jan–Mar 2016 … 2019
      const jan = `${Math.min(fy, 2018) + 1}-01`;
      n++;
      const fi = panel.forces.indexOf(force);
      let missing = 0;
      let variance = 0;
      panel.offences.forEach((o, ci) => {
        const hit = t.codes ? t.codes.includes(o.code) : o.group === t.group;
        if (!hit) return;
        const cell = panel.cells[fi]![ci]!;
        // The generator's own expectation of the published count, and the cell's noise around it
        // (every source the generator adds, read from the clean cell: mean (y − μ)²/μ).
        const mu = (t: number) => cell.expected[t]! * (1 - cell.cancelProbability[t]!);
        let x2 = 0;
        let nx = 0;
        for (let t = 0; t < panel.months.length; t++)
          if (mu(t) > 0) {
            x2 += (cell.recorded[t]! - mu(t)) ** 2 / mu(t);
            nx++;
          }
        const phi = nx > 0 ? x2 / nx : 1;
        for (let k = 0; k < 3; k++) {
          const ti = panel.months.indexOf(addMonths(jan, k));
          const kept = Math.round(cell.recorded[ti]! * (1 - size));
          missing += cell.recorded[ti]! - kept;
          variance += phi * mu(ti);
          cell.recorded[ti] = kept;
        }
      });
      const oracleZ = missing / Math.sqrt(variance);
      planted.push({ force, label: t.label, size, group: t.group, code: t.codes?.[0] ?? null, jan, oracleZ });
    }
  const r = audit(panel);
  const reported = flagged(r.findings, 'sudden_drop.year_end_dip');
  for (const p of planted) {
    const hit = reported.some(
      (f) =>
        f.force_code === p.force &&
        f.period_start >= p.jan &&
        f.period_end <= addMonths(p.jan, 2) &&
        (f.offence_group === null ||
          (f.offence_group === p.group && (f.offence_code === null || f.offence_code === p.code))),
    );
    const key = `${p.label} ${Math.round(p.size * 100)}%`;
    const e = found.get(key) ?? { n: 0, hit: 0, detectable: 0, hitDetectable: 0 };
    e.n++;
    if (hit) e.hit++;
    if (p.oracleZ >= 5) {
      e.detectable++;
      if (hit) e.hitDetectable++;
    }
    found.set(key, e);
    if (!hit) {
      console.log(`  missed: ${p.force} ${key} Jan ${p.jan.slice(0, 4)} oracle z ${p.oracleZ.toFixed(1)}`);
      if (process.env.YE_DEBUG)
        for (const d of r.dips.filter((x) => x.force === p.force && x.spec.groups.includes(p.group)))
          console.log(
            `    ${d.spec.id} fy=${d.cells.april} ${d.best.window} dip=${d.dip.toFixed(3)} z=${d.best.z.toFixed(2)} pw=${d.best.p.toExponential(2)} p=${d.p.toExponential(2)} tests=${d.tests.length} tau2=${d.best.tau2.toExponential(2)} var=${d.best.oneOff.variance.toExponential(2)} phi=${d.comparison.phi.toFixed(2)} gate=${d.gatePassed} persists=${d.recovery.persists}`,
          );
    }
  }
}
console.log('recall on one-off dips (mid-sized forces):');
for (const [k, e] of found)
  console.log(`  ${k}: ${e.hit}/${e.n} found; detectable (oracle z ≥ 5) ${e.hitDetectable}/${e.detectable}`);
const tot = [...found.values()].reduce((a, e) => ({ d: a.d + e.detectable, h: a.h + e.hitDetectable }), {
  d: 0,
  h: 0,
});
console.log(`  all detectable: ${tot.h}/${tot.d}`);
