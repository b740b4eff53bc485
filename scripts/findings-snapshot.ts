/**
 * Behaviour snapshot for refactors: `dump <dir>` audits the bundled examples and the real Home Office
 * table into temporary stores and writes their findings and runs as JSON; `compare <before> <after>`
 * says whether every column but evidence is identical and lists the evidence key paths that appear
 * or disappear (array indices folded), so a change that should keep behaviour can show that it did.
 *
 *   npx tsx scripts/findings-snapshot.ts dump /tmp/before   (on the old commit)
 *   npx tsx scripts/findings-snapshot.ts dump /tmp/after    (on the new one)
 *   npx tsx scripts/findings-snapshot.ts compare /tmp/before /tmp/after
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INPUTS = {
  demo: 'examples/returns',
  real: '../shared/data/real/prc_pfa_force_offencegroup_quarterly_2002-03_to_2023-24.csv',
};
const COLUMNS =
  'finding_id, check_id, rule_version, severity, force_code, period_start, period_end, offence_group, ' +
  'offence_code, observed, expected, effect_size, p_value, q_value, near_target, summary, evidence';

const cli = (...args: string[]) =>
  execFileSync('node', ['bin/auditor.mjs', ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });

function dump(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'snapshot-'));
  try {
    for (const [name, input] of Object.entries(INPUTS)) {
      const out = join(work, name);
      try {
        cli('audit', input, '--out', out);
      } catch {
        // exit 2 (a quarantined file) still leaves an audited store; the dump shows what it holds
      }
      const query = (sql: string) => cli('query', '--out', out, sql, '--format', 'json');
      writeFileSync(
        join(dir, `${name}-findings.json`),
        query(`SELECT ${COLUMNS} FROM findings ORDER BY finding_id`),
      );
      writeFileSync(join(dir, `${name}-runs.json`), query('SELECT message, rule_versions FROM runs'));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

type Row = Record<string, unknown> & { evidence: string };
const read = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Row[];

function paths(value: unknown, prefix: string, out: Map<string, number>): void {
  if (value === null || typeof value !== 'object') {
    out.set(prefix, (out.get(prefix) ?? 0) + 1);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    paths(
      v,
      prefix === '' ? (Array.isArray(value) ? 'N' : k) : `${prefix}.${Array.isArray(value) ? 'N' : k}`,
      out,
    );
  }
}

function compare(before: string, after: string): boolean {
  let same = true;
  for (const name of Object.keys(INPUTS)) {
    const a = read(before, `${name}-findings.json`);
    const b = read(after, `${name}-findings.json`);
    const strip = (rows: Row[]) => JSON.stringify(rows.map(({ evidence: _e, ...rest }) => rest));
    const columns = strip(a) === strip(b);
    same &&= columns;
    console.log(
      `${name}: ${a.length} → ${b.length} findings; all columns but evidence ${columns ? 'IDENTICAL' : 'DIFFER'}`,
    );
    const count = (rows: Row[]) => {
      const out = new Map<string, number>();
      for (const r of rows) paths(JSON.parse(r.evidence), '', out);
      return out;
    };
    const pa = count(a);
    const pb = count(b);
    for (const p of [...new Set([...pa.keys(), ...pb.keys()])].sort()) {
      if (pa.get(p) !== pb.get(p)) console.log(`  evidence ${p}: ${pa.get(p) ?? 0} → ${pb.get(p) ?? 0}`);
    }
    const runs =
      readFileSync(join(before, `${name}-runs.json`), 'utf8') ===
      readFileSync(join(after, `${name}-runs.json`), 'utf8');
    same &&= runs;
    console.log(`${name}: runs table ${runs ? 'IDENTICAL' : 'DIFFERS'}`);
  }
  return same;
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'dump' && a) dump(a);
else if (mode === 'compare' && a && b) process.exit(compare(a, b) ? 0 : 1);
else {
  console.error('usage: findings-snapshot.ts dump <dir> | compare <before> <after>');
  process.exit(2);
}
