import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditor, queryJson, REPO, removeTempDirs, tempDir } from './run-cli.ts';

afterAll(removeTempDirs);

interface Row {
  finding_id: string;
  severity: string;
  force_code: string;
  period_start: string;
  offence_group: string | null;
  offence_code: string | null;
  evidence: string;
}

const LOWER: Record<string, string> = { high: 'medium', medium: 'low', low: 'info', info: 'info' };
const FINDINGS_SQL =
  'SELECT finding_id, severity, force_code, period_start, offence_group, offence_code, evidence FROM findings ORDER BY finding_id';

/** An auditor's annotation on the demo store: the next audit cites it on, and lowers, the finding it overlaps. */
describe('auditor annotate on the bundled example returns', () => {
  const out = tempDir('annotate');
  let before: Row[];
  let target: Row;
  let first: ReturnType<typeof auditor>;
  let again: ReturnType<typeof auditor>;
  let after: Row[];

  beforeAll(() => {
    expect(auditor('audit', join(REPO, 'examples/returns'), '--out', out, '--quiet').code).toBe(0);
    before = queryJson<Row>(out, FINDINGS_SQL);
    target = before.find((f) => f.severity === 'high')!;
    const offence = target.offence_code
      ? ['--offence-code', target.offence_code]
      : target.offence_group
        ? ['--offence-group', target.offence_group]
        : [];
    const args = ['--force', target.force_code, '--from', target.period_start, '--to', target.period_start];
    const note = ['--reason', 'New crime records system went live that month', '--by', 'A. Auditor'];
    first = auditor('annotate', '--out', out, ...args, ...offence, ...note);
    again = auditor('annotate', '--out', out, ...args, ...offence, ...note.slice(0, 3), 'B. Auditor');
    expect(auditor('audit', join(REPO, 'examples/returns'), '--out', out, '--quiet').code).toBe(0);
    after = queryJson<Row>(out, FINDINGS_SQL);
  });

  it('prints the new annotation_id, exit 0; the same annotation again prints the same id and records once', () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^a_[0-9a-f]{32}\n$/);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    const rows = queryJson<{ annotation_id: string; actor: string; period_end: string }>(
      out,
      'SELECT annotation_id, actor, period_end FROM annotations',
    );
    expect(rows).toEqual([
      { annotation_id: first.stdout.trim(), actor: 'A. Auditor', period_end: target.period_start },
    ]);
  });

  it('the finding it overlaps keeps its id, cites the annotation and is one band lower', () => {
    const now = after.find((f) => f.finding_id === target.finding_id);
    expect(now).toBeDefined();
    expect(now!.severity).toBe(LOWER[target.severity]);
    expect(JSON.parse(now!.evidence).annotations).toEqual([first.stdout.trim()]);
    expect(JSON.parse(target.evidence).annotations).toBeUndefined();
  });

  // Their evidence may move in the last digits: the no-crime check pools dispersion across forces.
  it("leaves other forces' findings, severities and citations as they were", () => {
    const others = (rows: Row[]) =>
      rows
        .filter((f) => f.force_code !== target.force_code)
        .map((f) => [f.finding_id, f.severity, JSON.parse(f.evidence).annotations]);
    expect(others(after)).toEqual(others(before));
  });

  it.each([
    [['--force', 'atlantis', '--from', '2022-01'], /unknown force "atlantis"/],
    [['--force', 'Avon & Somerset', '--from', '2022-1'], /--from must be a month as YYYY-MM/],
    [
      ['--force', 'E23000005', '--from', '2022-04', '--to', '2022-03'],
      /--to 2022-03 is before --from 2022-04/,
    ],
    [
      ['--force', 'kent', '--from', '2022-04', '--offence-group', 'Robbery', '--offence-code', '8N'],
      /not both/,
    ],
    [['--force', 'kent', '--from', '2022-04', '--offence-group', 'Piracy'], /unknown offence group "Piracy"/],
    [['--force', 'kent', '--from', '2022-04', '--offence-code', '999Z'], /unknown offence code "999Z"/],
  ])('exits 2 and says why for %j', (args, reason) => {
    const r = auditor('annotate', '--out', out, ...args, '--reason', 'x', '--by', 'y');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(reason);
    expect(r.stdout).toBe('');
  });

  it('exits 2 without a reason, or with an empty one', () => {
    const base = ['annotate', '--out', out, '--force', 'kent', '--from', '2022-04', '--by', 'y'];
    const missing = auditor(...base);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--reason/);
    const blank = auditor(...base, '--reason', '   ');
    expect(blank.code).toBe(2);
    expect(blank.stderr).toMatch(/--reason must not be empty/);
    expect(queryJson(out, 'SELECT * FROM annotations')).toHaveLength(1);
  });
});
