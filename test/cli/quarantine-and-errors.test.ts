import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditor, queryJson, REPO, removeTempDirs, tempDir } from './run-cli.ts';

afterAll(removeTempDirs);

describe('a malformed file next to good ones', () => {
  const inbox = tempDir('inbox');
  const out = tempDir('out');
  copyFileSync(join(REPO, 'examples/returns/kent.csv'), join(inbox, 'kent.csv'));
  copyFileSync(join(REPO, 'examples/returns/essex.csv'), join(inbox, 'essex.csv'));
  copyFileSync(
    join(REPO, 'examples/malformed/humberside-malformed.csv'),
    join(inbox, 'humberside-malformed.csv'),
  );
  const r = auditor('audit', inbox, '--out', out);

  it('exits 2 and names the file, line and field of each problem', () => {
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('1 quarantined');
    expect(r.stdout).toMatch(/humberside-malformed\.csv:3: field "month"/);
    expect(r.stdout).toMatch(/humberside-malformed\.csv:4: field "recorded"/);
  });

  it('still ingests and audits the good files', () => {
    const forces = queryJson<{ force_code: string }>(
      out,
      'SELECT DISTINCT force_code FROM returns ORDER BY 1',
    );
    expect(forces.map((f) => f.force_code)).toEqual(['essex', 'kent']);
    expect(queryJson<{ n: number }>(out, 'SELECT count(*) AS n FROM runs')[0]?.n).toBe(1);
  });

  it('keeps the bad file byte for byte in quarantine beside a machine-readable report', () => {
    const [sha] = readdirSync(join(out, 'quarantine'));
    const dir = join(out, 'quarantine', sha as string);
    expect(readFileSync(join(dir, 'humberside-malformed.csv'))).toEqual(
      readFileSync(join(REPO, 'examples/malformed/humberside-malformed.csv')),
    );
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.file).toBe('humberside-malformed.csv');
    expect(report.input_sha256).toBe(sha);
    expect(report.issue_count).toBeGreaterThanOrEqual(4);
    for (const issue of report.issues) {
      expect(issue).toEqual(
        expect.objectContaining({
          file: 'humberside-malformed.csv',
          line: expect.any(Number),
          field: expect.any(String),
        }),
      );
    }
    // Nothing of the bad file reached the tables.
    expect(queryJson(out, "SELECT * FROM returns WHERE force_code = 'humberside'")).toEqual([]);
  });
});

describe('hidden files in an input folder', () => {
  const inbox = tempDir('hidden');
  copyFileSync(join(REPO, 'examples/returns/kent.csv'), join(inbox, 'kent.csv'));
  writeFileSync(join(inbox, '.DS_Store'), Buffer.from([0x00, 0x00, 0x00, 0x01, 0x42, 0x75, 0x64, 0x31]));
  const clutterOnly = auditor('audit', inbox, '--out', tempDir('hidden-out'));
  copyFileSync(join(REPO, 'examples/returns/essex.csv'), join(inbox, '.essex.csv'));
  const withHiddenReturn = auditor('audit', inbox, '--out', tempDir('hidden-out2'));

  it('lists OS clutter as ignored in the summary, and it does not fail the run', () => {
    expect(clutterOnly.code).toBe(0);
    expect(clutterOnly.stdout).toContain('Inputs not read: 0 skipped, 1 ignored (system or hidden files)');
    expect(clutterOnly.stdout).toContain(
      `Ignored (not returns):\n  ${join(inbox, '.DS_Store')}: macOS folder settings`,
    );
  });

  it('reports a hidden file that looks like a return as not audited, exit 2', () => {
    expect(withHiddenReturn.code).toBe(2);
    expect(withHiddenReturn.stdout).toMatch(/^Audit .*: 1 file\(s\) — 1 ingested/m);
    expect(withHiddenReturn.stdout).toContain('Inputs not read: 1 skipped, 1 ignored');
    expect(withHiddenReturn.stdout).toMatch(
      new RegExp(
        `Skipped \\(not audited\\):\\n  ${join(inbox, '.essex.csv')}: a hidden file .*rename it without the dot`,
      ),
    );
    expect(withHiddenReturn.stderr).toContain(`auditor: skipped ${join(inbox, '.essex.csv')}: a hidden file`);
  });
});

describe('a store a killed run left temporary files in', () => {
  const out = tempDir('crashed-out');
  const dir = join(out, 'curated', 'submissions');
  mkdirSync(dir, { recursive: true });
  const stale = join(dir, `.${'c'.repeat(64)}.json.4242-0badf00d.tmp`);
  writeFileSync(stale, '{"partial":');
  const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
  utimesSync(stale, anHourAgo, anHourAgo);
  const r = auditor('audit', join(REPO, 'examples/returns/kent.csv'), '--out', out, '--quiet');

  it('removes them when the next run opens the store, and says so', () => {
    expect(r.code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(r.stderr).toContain(`auditor: removed ${stale}: a temporary file left by an interrupted run`);
    expect(r.stdout).toMatch(/1 ingested/);
  });
});

describe('a file name holding terminal control codes', () => {
  const inbox = tempDir('control-name');
  const out = tempDir('control-name-out');
  const name = '\u001b[31mevil\n.csv';
  copyFileSync(join(REPO, 'examples/returns/kent.csv'), join(inbox, 'kent.csv'));
  copyFileSync(join(REPO, 'examples/malformed/humberside-malformed.csv'), join(inbox, name));
  const r = auditor('audit', inbox, '--out', out);

  it('is printed with the escape and the line break made visible, never raw', () => {
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('\\x1b[31mevil\\n.csv: ');
    expect(r.stdout).toMatch(/\\x1b\[31mevil\\n\.csv:3: field "month"/);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout.split('\n').filter((line) => line.startsWith('.csv'))).toEqual([]);
  });
});

describe('argument and usage errors', () => {
  it('exits 2 with a reason for a missing input path', () => {
    const r = auditor('audit', '/nonexistent/returns.csv', '--out', tempDir('x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file or directory/);
  });

  it('exits 2 when --out is missing', () => {
    const r = auditor('audit', join(REPO, 'examples/returns'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out/);
  });

  it('exits 2 for query on a directory that holds no audit', () => {
    const r = auditor('query', '--out', '/nonexistent/audit', 'SELECT 1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no audit directory/);
  });

  it('refuses SQL that writes, with exit code 2', () => {
    const out = tempDir('ro');
    const r = auditor('query', '--out', out, "COPY (SELECT 1) TO '/tmp/auditor-should-not-exist.csv'");
    expect(r.code).toBe(2);
    expect(existsSync('/tmp/auditor-should-not-exist.csv')).toBe(false);
  });

  it('exits 2 for an unknown --format and for SQL errors', () => {
    const out = tempDir('fmt');
    expect(auditor('query', '--out', out, 'SELECT 1', '--format', 'xml').code).toBe(2);
    const bad = auditor('query', '--out', out, 'SELECT nope FROM findings');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/query failed/);
  });

  it('prints help a new user can follow, exit 0', () => {
    const r = auditor('--help');
    expect(r.code).toBe(0);
    for (const cmd of ['audit', 'query', 'report']) expect(r.stdout).toContain(cmd);
    expect(auditor('audit', '--help').stdout).toMatch(/quarantine/);
  });
});

describe('revisions through the CLI', () => {
  it('a corrected re-submission supersedes, keeps the old revision queryable, and a lowering is a finding', () => {
    const inbox = tempDir('rev');
    const out = tempDir('rev-out');
    const header = 'force_code,month,offence_code,recorded,cancelled\n';
    const months = ['2023-01', '2023-02', '2023-03', '2023-04'];
    const v1 = months.map((m) => `kent,${m},8N,400,10\nkent,${m},105A,600,12\n`).join('');
    writeFileSync(join(inbox, 'kent-v1.csv'), header + v1);
    expect(auditor('audit', join(inbox, 'kent-v1.csv'), '--out', out).code).toBe(0);

    // The correction lowers 8N in 2023-03 by 150 crimes.
    mkdirSync(join(inbox, 'later'));
    writeFileSync(
      join(inbox, 'later', 'kent-v2.csv'),
      `${header}kent,2023-03,8N,250,10\nkent,2023-03,105A,600,12\n`,
    );
    expect(auditor('audit', join(inbox, 'later', 'kent-v2.csv'), '--out', out).code).toBe(0);

    const revisions = queryJson<{ recorded: number }>(
      out,
      "SELECT recorded FROM returns WHERE period_start = '2023-03' AND offence_code = '8N' ORDER BY submitted_at",
    );
    expect(revisions.map((r) => r.recorded)).toEqual([400, 250]);
    const current = queryJson<{ recorded: number }>(
      out,
      "SELECT recorded FROM returns_current WHERE period_start = '2023-03' AND offence_code = '8N'",
    );
    expect(current).toEqual([{ recorded: 250 }]);
    const lowered = queryJson<{ observed: number; expected: number }>(
      out,
      "SELECT observed, expected FROM findings WHERE check_id = 'dq.downward_revision'",
    );
    expect(lowered).toEqual([{ observed: 250, expected: 400 }]);

    // The identical file again is a no-op.
    const again = auditor('audit', join(inbox, 'later', 'kent-v2.csv'), '--out', out);
    expect(again.stdout).toMatch(/0 ingested, 1 unchanged/);
  });
});
