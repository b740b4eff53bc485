import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditor, queryJson, REPO, removeTempDirs, tempDir } from './run-cli.ts';

afterAll(removeTempDirs);

interface Listed {
  finding_id: string;
  force_code: string;
  status: string;
  updated_by: string | null;
  note: string | null;
}

const findings = (out: string, ...args: string[]): Listed[] => {
  const r = auditor('findings', '--out', out, '--format', 'json', ...args);
  if (r.code !== 0) throw new Error(`findings failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Listed[];
};

/** A finding answered by its force, decided by an auditor, and audited again, on the demo store. */
describe('the finding lifecycle on the bundled example returns', () => {
  const out = tempDir('lifecycle');
  let id: string;
  let force: string;
  let auditedAt: string;

  beforeAll(() => {
    const audit = auditor('audit', join(REPO, 'examples/returns'), '--out', out, '--quiet');
    if (audit.code !== 0) throw new Error(audit.stderr);
    const first = queryJson<{ finding_id: string; force_code: string }>(
      out,
      'SELECT finding_id, force_code FROM findings ORDER BY finding_id LIMIT 1',
    )[0]!;
    id = first.finding_id;
    force = first.force_code;
    auditedAt = queryJson<{ t: string }>(out, 'SELECT max(finished_at) AS t FROM runs')[0]!.t;
  });

  it('lists every finding of a fresh audit as open, each with one raised event', () => {
    const all = findings(out);
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((f) => f.status))).toEqual(new Set(['open']));
    const events = queryJson<{ n: number; raised: number }>(
      out,
      "SELECT count(*) AS n, count(*) FILTER (WHERE action = 'raised' AND role = 'system') AS raised FROM finding_events",
    )[0]!;
    expect(events).toEqual({ n: all.length, raised: all.length });
    expect(findings(out, '--force', force, '--status', 'open').map((f) => f.finding_id)).toContain(id);
  });

  it('refuses what a role may not do, a missing note and an unknown id, with exit 2 and the reason', () => {
    const respond = (...args: string[]) => auditor('respond', id, '--out', out, '--by', 'J. Smith', ...args);
    const cases: Array<[string[], RegExp]> = [
      [['--as', 'force', '--action', 'accept'], /a force may not accept a finding/],
      [['--as', 'force', '--action', 'explain'], /explain needs a note/],
      [['--as', 'auditor', '--action', 'dispute'], /dispute needs a note/],
      [['--as', 'inspector', '--action', 'accept'], /unknown role: inspector/],
    ];
    for (const [args, reason] of cases) {
      const r = respond(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(reason);
    }
    const unknown = auditor(
      'respond',
      'f_nosuchfinding',
      '--out',
      out,
      '--as',
      'force',
      '--by',
      'J. Smith',
      '--action',
      'acknowledge',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown finding id: f_nosuchfinding/);
    expect(findings(out).find((f) => f.finding_id === id)?.status).toBe('open');
  });

  it('records an explanation and its acceptance, shows the past with --as-of, and keeps it accepted', () => {
    const explain = auditor(
      'respond',
      id,
      '--out',
      out,
      '--as',
      'force',
      '--by',
      'J. Smith',
      '--action',
      'explain',
      '--note',
      'A new crime recording system went live that month',
    );
    expect(explain.stderr).toBe('');
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/status now explained/);
    expect(findings(out, '--status', 'explained').map((f) => f.finding_id)).toEqual([id]);

    const accept = auditor(
      'respond',
      id,
      '--out',
      out,
      '--as',
      'auditor',
      '--by',
      'A. Auditor',
      '--action',
      'accept',
    );
    expect(accept.code).toBe(0);
    const accepted = findings(out, '--status', 'accepted');
    expect(accepted.map((f) => [f.finding_id, f.updated_by])).toEqual([[id, 'A. Auditor']]);

    // Before the responses, the finding was open; after them, accepted.
    const statusAt = (at: string) =>
      JSON.parse(
        auditor(
          'query',
          '--out',
          out,
          '--as-of',
          at,
          '--format',
          'json',
          `SELECT status FROM finding_status WHERE finding_id = '${id}'`,
        ).stdout,
      ) as Array<{ status: string }>;
    expect(statusAt(auditedAt)).toEqual([{ status: 'open' }]);
    expect(statusAt(new Date(Date.now() + 60_000).toISOString())).toEqual([{ status: 'accepted' }]);

    const again = auditor('audit', join(REPO, 'examples/returns'), '--out', out, '--quiet');
    expect(again.code).toBe(0);
    expect(findings(out).find((f) => f.finding_id === id)?.status).toBe('accepted');
    const events = queryJson<{ action: string }>(
      out,
      `SELECT action FROM finding_events WHERE finding_id = '${id}' ORDER BY created_at`,
    );
    expect(events.map((e) => e.action)).toEqual(['raised', 'explain', 'accept']);
    // Each run keeps what it reported in findings_history, under its own run id.
    const history = queryJson<{ runs: number; rows: number }>(
      out,
      `SELECT count(DISTINCT run_id) AS runs, count(*) AS rows FROM findings_history WHERE finding_id = '${id}'`,
    );
    expect(history).toEqual([{ runs: 2, rows: 2 }]);
  });

  it('shows every table as it stood before anything was submitted, and refuses a bad --as-of', () => {
    const before = queryJson<{ r: number; f: number; e: number; runs: number }>(
      out,
      'SELECT (SELECT count(*) FROM returns) AS r, (SELECT count(*) FROM findings) AS f, ' +
        '(SELECT count(*) FROM finding_events) AS e, (SELECT count(*) FROM runs) AS runs',
    );
    expect(before[0]!.f).toBeGreaterThan(0);
    const past = JSON.parse(
      auditor(
        'query',
        '--out',
        out,
        '--as-of',
        '2000-01-01',
        '--format',
        'json',
        'SELECT (SELECT count(*) FROM returns) AS r, (SELECT count(*) FROM findings) AS f, ' +
          '(SELECT count(*) FROM finding_events) AS e, (SELECT count(*) FROM runs) AS runs',
      ).stdout,
    );
    expect(past).toEqual([{ r: 0, f: 0, e: 0, runs: 0 }]);
    const bad = auditor('query', '--out', out, '--as-of', '2024-02-30', 'SELECT 1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--as-of "2024-02-30" is not a date/);
    const badStatus = auditor('findings', '--out', out, '--status', 'closed');
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toMatch(/unknown status: closed/);
  });
});
