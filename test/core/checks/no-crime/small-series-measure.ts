// Prints no_crime.spike's recall on small-series and post-shock spikes and its false flags on clean
// data with trends and a national shock (small-series-arms.ts):
//   npx tsx test/core/checks/no-crime/small-series-measure.ts [runs=4]
import { cleanRun, injectedRun, type Outcome, recall } from './small-series-arms.ts';

const runs = Number(process.argv[2] ?? 4);
for (const years of [5, 10] as const) {
  let flags = 0;
  let forceYears = 0;
  for (let s = 0; s < runs; s++) {
    const r = cleanRun(`clean-${years}-${s}`, years);
    flags += r.findings.length;
    forceYears += r.forceYears;
    for (const f of r.findings)
      console.log(
        `  clean flag: ${f.force_code} ${f.period_start}..${f.period_end} ${f.offence_code ?? f.offence_group ?? 'all'} p=${f.p_value?.toExponential(2)}`,
      );
  }
  console.log(
    `clean ${years}-year: ${flags} flags in ${forceYears.toFixed(0)} force-years = ${(flags / forceYears).toFixed(4)} per force-year`,
  );
}
for (const arm of ['small', 'post_shock'] as const) {
  const all: Outcome[] = [];
  for (let s = 0; s < runs; s++) all.push(...injectedRun(`${arm}-${s}`, arm, 12));
  const r = recall(all);
  const rape = recall(all.filter((o) => o.rape));
  console.log(
    `${arm}: detectable found ${r.found}/${r.detectable} (rape ${rape.found}/${rape.detectable}); all injections found ${all.filter((o) => o.found).length}/${all.length}`,
  );
  for (const o of all.filter((x) => x.z >= 5 && !x.found))
    console.log(
      `  missed: ${o.injection.force} ${o.injection.codes[0]} ${o.injection.start} ×${o.injection.ratio.toFixed(2)} ${o.injection.months}m z=${o.z.toFixed(1)}`,
    );
}
