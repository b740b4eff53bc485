/**
 * Builds the versioned offence reference table (functions/core/reference/offence-codes-2024-25.json)
 * from the Home Office code → description/group/subgroup lookup CSV.
 *
 *   npx tsx scripts/build-offence-reference.ts [lookup.csv] [out.json]
 *
 * The output is deterministic (source order, no timestamps) so that re-running it on the same CSV
 * leaves the committed JSON byte-identical; the source's sha256 is recorded for provenance. Bump
 * VERSION whenever the content changes: findings cite the reference version they were mapped with.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { normaliseOffenceCode } from '../functions/core/reference/offence-code.ts';

const VERSION = '2024-25.1';
/** Always listed, even if a future lookup lacks it: group-level tables carry police-recorded fraud up to 2013/14. */
const ALWAYS_GROUPS = ['Fraud offences'];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const input = resolve(
  process.argv[2] ?? resolve(repoRoot, '../shared/data/real/offence_code_lookup_2024-25.csv'),
);
const output = resolve(
  process.argv[3] ?? resolve(repoRoot, 'functions/core/reference/offence-codes-2024-25.json'),
);

const bytes = readFileSync(input);
const rows: Record<string, string>[] = parse(bytes, {
  bom: true,
  columns: true,
  skip_empty_lines: true,
  trim: true,
});

const required = ['Offence Code', 'Offence Description', 'Offence Group', 'Offence Subgroup'];
const offences: Array<{ code: string; description: string; group: string; subgroup: string }> = [];
const seen = new Map<string, number>();
rows.forEach((row, i) => {
  const line = i + 2;
  for (const column of required) {
    if (!row[column]) throw new Error(`${input}:${line}: column "${column}" is empty or missing`);
  }
  const code = row['Offence Code']!;
  const key = normaliseOffenceCode(code);
  const previous = seen.get(key);
  if (previous !== undefined) throw new Error(`${input}:${line}: code "${code}" repeats line ${previous}`);
  seen.set(key, line);
  offences.push({
    code,
    description: row['Offence Description']!,
    group: row['Offence Group']!,
    subgroup: row['Offence Subgroup']!,
  });
});

const groups = [...new Set([...offences.map((o) => o.group), ...ALWAYS_GROUPS])].sort();
const subgroups = [...new Map(offences.map((o) => [`${o.group}|${o.subgroup}`, o])).values()]
  .map((o) => ({ group: o.group, subgroup: o.subgroup }))
  .sort((a, b) => (a.group === b.group ? cmp(a.subgroup, b.subgroup) : cmp(a.group, b.group)));

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const table = {
  version: VERSION,
  source: 'Home Office offence code lookup as used in the 2024/25 police force area tables',
  source_file: 'offence_code_lookup_2024-25.csv',
  source_sha256: createHash('sha256').update(bytes).digest('hex'),
  groups,
  subgroups,
  offences,
};
writeFileSync(output, `${JSON.stringify(table, null, 2)}\n`);
console.log(
  `wrote ${output}: ${offences.length} codes, ${groups.length} groups, ${subgroups.length} subgroups`,
);
