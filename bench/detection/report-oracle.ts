/**
 * Prints the oracle-relative part of the benchmark (summarise-oracle.ts): per arm × seed set, per
 * signature and per shape, the oracle's recall, recall on detectable injections, false flags above
 * info per force-year on clean data with trends, precision, median time to detect, and events
 * reported twice, and the median share of the oracle's variance that the generator's drift (not
 * counting noise) contributes; then a text power curve per signature (recall by |oracle z| bin, every cohort).
 */
import { DETECTABLE_Z } from '#core/synthetic/benchmark/oracle.ts';
import { DETECTION_SIGNATURES } from '#core/synthetic/benchmark/score.ts';
import { powerCurveBins } from './power-curve.ts';
import { MANIPULATED_FORCES_PER_YEAR } from './summarise.ts';
import {
  ABOVE_INFO_FLAG_TARGET,
  type CohortSummary,
  ORACLE_RECALL_TARGET,
  type OracleSummary,
} from './summarise-oracle.ts';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const f2 = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(2));
const ratio = (k: number, n: number) => (n === 0 ? '– (0/0)' : `${(k / n).toFixed(2)} (${k}/${n})`);

const cohortName = (c: CohortSummary) =>
  `${c.seedSet === 'holdout' ? 'HELD-OUT seeds' : 'tuning seeds'}, ${c.arm === 'short' ? 'short history (5 years, 2019-04 to 2024-03)' : '10 years'}`;

function cohortSection(c: CohortSummary): string[] {
  const out = [
    `${cohortName(c)} — ${c.cleanRuns} clean runs (${c.forceYearsClean} force-years), ${c.positiveRuns} injected runs`,
  ];
  const rows: string[][] = [
    [
      'signature',
      'shape',
      'injections',
      `oracle recall (|z| ≥ ${DETECTABLE_Z})`,
      'recall on detectable, above info [any severity]',
      `goal ≥ ${ORACLE_RECALL_TARGET}`,
      'found at any z',
      'TTD median',
      'reported twice',
      `precision @${MANIPULATED_FORCES_PER_YEAR}/yr`,
      'oracle var. from drift',
    ],
  ];
  for (const r of c.rows) {
    const recall = r.detectable === 0 ? Number.NaN : r.hitsDetectable / r.detectable;
    rows.push([
      r.shape === 'all' ? r.signature : '',
      r.shape === 'all' ? 'all shapes' : r.shape,
      String(r.injections),
      ratio(r.detectable, r.injections),
      `${ratio(r.hitsDetectable, r.detectable)} [${r.hitsDetectableAnySeverity}]`,
      Number.isNaN(recall) ? '–' : recall >= ORACLE_RECALL_TARGET ? 'PASS' : 'FAIL',
      ratio(r.hitsAll, r.injections),
      f2(r.ttdMedian),
      String(r.reportedTwice),
      f2(r.precision),
      f2(r.pathShare),
    ]);
  }
  out.push(table(rows));
  const ff = DETECTION_SIGNATURES.map((s) => {
    const x = c.falseFlags.get(s)!;
    return `${s} ${x.rate.toFixed(3)} (${x.flags}) ${x.rate <= ABOVE_INFO_FLAG_TARGET ? 'PASS' : 'FAIL'}`;
  });
  out.push(
    `false flags above info per force-year on clean data with trends (goal ≤ ${ABOVE_INFO_FLAG_TARGET}): ${ff.join('; ')}`,
    `wrong attributions (reclassification findings above info on a burglary cliff, counted as false flags): ${c.wrongAttributions.flags} on ${c.wrongAttributions.cliffs} cliffs`,
  );
  return out;
}

export function formatOracleReport(o: OracleSummary): string {
  const out: string[] = [
    `AGAINST THE ORACLE (oracle z: the injected window's counts against the generator's own expectation, every`,
    `  noise it adds in the variance; see synthetic/benchmark/oracle.ts). Hits: a finding above info of the signature.`,
  ];
  for (const c of o.cohorts) out.push('', ...cohortSection(c));
  out.push(
    '',
    `POWER CURVE — recall (above info) by |oracle z| bin, every arm and seed set; the oracle's step is at ${DETECTABLE_Z}`,
  );
  const curves = powerCurveBins(o.powerPoints);
  const labels = curves[0]?.bins.map((b) => b.label) ?? [];
  const rows: string[][] = [['signature', ...labels]];
  for (const s of DETECTION_SIGNATURES) {
    const curve = curves.find((c) => c.signature === s);
    if (curve === undefined) continue;
    rows.push([s, ...curve.bins.map((b) => (b.n === 0 ? '–' : `${b.recall.toFixed(2)} (${b.hits}/${b.n})`))]);
  }
  out.push(table(rows));
  return out.join('\n');
}
