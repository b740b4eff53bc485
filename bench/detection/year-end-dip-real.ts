/**
 * The sudden-drop findings on the real Home Office table (quarterly, 43 forces), by financial year,
 * and every year_end_dip finding:  npx tsx bench/detection/year-end-dip-real.ts
 * Loads the table through the test helpers' ingest path (test/core/checks/sudden-drop/helpers.ts).
 */
import { audit, financialYear, loadRealGroupTable } from '../../test/core/checks/sudden-drop/helpers.ts';

const rows = await loadRealGroupTable();
const f = audit(rows).filter((x) => x.severity !== 'info');
const ye = f.filter((x) => x.check_id === 'sudden_drop.year_end_dip');
console.log(
  'year_end_dip reported',
  ye.length,
  'level shifts',
  f.filter((x) => x.check_id === 'sudden_drop.level_shift').length,
);
const byFy = new Map<number, Set<string>>();
for (const x of f) {
  const fy = financialYear(x.period_start);
  if (!byFy.has(fy)) byFy.set(fy, new Set());
  byFy.get(fy)!.add(x.force_code);
}
for (const [fy, s] of [...byFy].sort((a, b) => a[0] - b[0]))
  console.log(fy, s.size, ye.filter((x) => financialYear(x.period_start) === fy).length);
for (const x of ye)
  console.log(
    x.force_code,
    x.offence_group,
    x.period_start,
    x.severity,
    x.p_value?.toExponential(2),
    x.effect_size,
    x.near_target,
  );
