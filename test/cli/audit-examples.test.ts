import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditor, queryJson, REPO, removeTempDirs, tempDir } from './run-cli.ts';

afterAll(removeTempDirs);

/** The quick start path: the bundled example returns, the embedded engine, the real binary. */
describe('auditor audit on the bundled example returns', () => {
  const out = tempDir('examples');
  let first: ReturnType<typeof auditor>;

  beforeAll(() => {
    first = auditor('audit', join(REPO, 'examples/returns'), '--out', out);
  });

  it('runs, exits 0 and prints a summary that names the run and its findings', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /44 file\(s\) — 44 ingested, 0 unchanged, 0 quarantined — 44 force\(s\) audited/,
    );
    expect(first.stdout).toMatch(/Findings: \d+ current/);
    // The example returns are aggregates: the run says what that means for reclassification.
    expect(first.stdout).toMatch(
      /Reclassification seen only as offence-mix shifts \(aggregate returns; a record-level extract shows each downgrade\) for 44 force\(s\)/,
    );
  });

  it('records in the runs table what the run could see', () => {
    const runs = queryJson<{ message: string }>(out, 'SELECT message FROM runs');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.message).toBe(
      'reclassification seen for 44 force(s): 0 from record-level extracts, 44 only as offence-mix shifts in ' +
        'aggregate returns, 0 not checked; no-crime skipped for 0 force(s) without cancellation counts',
    );
  });

  it('raises a data-quality finding for each planted data-quality problem', () => {
    const labels = JSON.parse(readFileSync(join(REPO, 'examples/LABELS.json'), 'utf8')) as {
      monthly_returns: {
        labels: Array<{ force_code: string; expected_signature: string; period_start: string }>;
      };
    };
    const planted = labels.monthly_returns.labels.filter((l) => l.expected_signature === 'data_quality');
    expect(planted.length).toBeGreaterThanOrEqual(5);
    const found = queryJson<{ force_code: string; period_start: string; period_end: string }>(
      out,
      "SELECT force_code, period_start, period_end FROM findings WHERE signature = 'data_quality'",
    );
    for (const p of planted) {
      expect(
        found.some(
          (f) =>
            f.force_code === p.force_code &&
            f.period_start <= p.period_start &&
            p.period_start <= f.period_end,
        ),
        `${p.force_code} ${p.period_start}`,
      ).toBe(true);
    }
  });

  it('reports each planted event once: one finding above info, the other signature cited in it', () => {
    const rows = queryJson<{ force_code: string; check_id: string; severity: string; evidence: string }>(
      out,
      "SELECT force_code, check_id, severity, evidence FROM findings WHERE force_code IN ('hertfordshire', 'lancashire', 'suffolk', 'gwent')",
    );
    const of = (force: string) => rows.filter((r) => r.force_code === force);
    // Suffolk's unknown code 8Z in three months is one finding.
    expect(of('suffolk').map((r) => r.check_id)).toEqual(['dq.unknown_offence_code']);
    // Hertfordshire's 8N → 105A move is reported once, as the reclassification; Lancashire's zeros once.
    for (const [force, primary] of [
      ['hertfordshire', 'reclassification.mix_shift'],
      ['lancashire', 'dq.zero_run'],
    ] as const) {
      const above = of(force).filter((r) => r.severity !== 'info');
      expect(
        above.map((r) => r.check_id),
        force,
      ).toEqual([primary]);
      const cited = JSON.parse(above[0]!.evidence).also_seen_as as Array<{ finding_id: string }>;
      expect(cited.length, force).toBeGreaterThan(0);
    }
    // A single −7 is 7 crimes of arson: low.
    expect(of('gwent').map((r) => [r.check_id, r.severity])).toEqual([['dq.invalid_count', 'low']]);
  });

  it('exposes findings, returns, returns_current and runs with the contract columns', () => {
    const cols = queryJson<{ column_name: string; column_type: string }>(out, 'DESCRIBE findings');
    expect(cols.map((c) => c.column_name)).toEqual([
      'finding_id',
      'run_id',
      'signature',
      'check_id',
      'rule_version',
      'severity',
      'force_code',
      'period_start',
      'period_end',
      'offence_group',
      'offence_subgroup',
      'offence_code',
      'related_offence_code',
      'observed',
      'expected',
      'unit',
      'effect_size',
      'p_value',
      'q_value',
      'near_target',
      'summary',
      'evidence',
      'input_sha256',
      'created_at',
    ]);
    const [counts] = queryJson<{ r: number; c: number; runs: number }>(
      out,
      'SELECT (SELECT count(*) FROM returns) AS r, (SELECT count(*) FROM returns_current) AS c, (SELECT count(*) FROM runs) AS runs',
    );
    // 58,040 rows less the one duplicated row (summed into one cell).
    expect(counts).toEqual({ r: 58_039, c: 58_039, runs: 1 });
  });

  it('leaves the same findings when the same audit runs again (no duplicates, stable ids)', () => {
    const before = queryJson<{ finding_id: string; run_id: string }>(
      out,
      'SELECT finding_id, run_id FROM findings ORDER BY 1',
    );
    const again = auditor('audit', join(REPO, 'examples/returns'), '--out', out);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 ingested, 44 unchanged/);
    expect(again.stdout).toMatch(/\(0 new, 0 resolved\)/);
    const after = queryJson<{ finding_id: string; run_id: string }>(
      out,
      'SELECT finding_id, run_id FROM findings ORDER BY 1',
    );
    expect(after).toEqual(before);
    expect(queryJson<{ n: number }>(out, 'SELECT count(*) AS n FROM runs')[0]?.n).toBe(2);
  });

  it('writes a self-contained HTML report', () => {
    const r = auditor('report', '--out', out);
    expect(r.code).toBe(0);
    const file = join(out, 'report.html');
    expect(r.stdout).toContain(file);
    expect(existsSync(file)).toBe(true);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    // Self-contained: its scripts are inline and it names no address to fetch.
    expect(html).not.toMatch(/https?:\/\/|<link|<script[^>]*\ssrc=|\burl\(/);
    expect(html).toContain('var uPlot=');
    const ids = queryJson<{ finding_id: string }>(out, 'SELECT finding_id FROM findings');
    for (const { finding_id } of ids) expect(html).toContain(`data-finding-id="${finding_id}"`);
    // The header names the store's folder, not its absolute path.
    expect(html).not.toContain(out);
  });
});
