/** `auditor audit --submitted-at` and file times: which revision a later audit keeps current. */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditor, queryJson, removeTempDirs, tempDir } from './run-cli.ts';

afterAll(removeTempDirs);

const HEADER = 'force_code,month,offence_code,recorded,cancelled';
const march = (recorded: number) => `${HEADER}\nkent,2024-03,8N,${recorded},3\n`;

describe('auditor audit: submission time', () => {
  it('keeps the file modified last current, even when it is audited first', () => {
    const inbox = tempDir('inbox');
    const out = tempDir('out');
    const original = join(inbox, 'kent-original.csv');
    const correction = join(inbox, 'kent-correction.csv');
    writeFileSync(original, march(1200));
    writeFileSync(correction, march(840));
    utimesSync(original, new Date('2024-04-03T10:00:00Z'), new Date('2024-04-03T10:00:00Z'));
    utimesSync(correction, new Date('2024-04-03T10:05:00Z'), new Date('2024-04-03T10:05:00Z'));

    expect(auditor('audit', correction, '--out', out, '--quiet').code).toBe(0);
    expect(auditor('audit', original, '--out', out, '--quiet').code).toBe(0);
    expect(queryJson(out, 'SELECT recorded FROM returns_current')).toEqual([{ recorded: 840 }]);
    const revisions = queryJson<{ submitted_at: string; source_file: string }>(
      out,
      "SELECT strftime(submitted_at, '%Y-%m-%dT%H:%M:%S') AS submitted_at, source_file FROM returns ORDER BY submitted_at",
    );
    expect(revisions).toEqual([
      { submitted_at: '2024-04-03T10:00:00', source_file: 'kent-original.csv' },
      { submitted_at: '2024-04-03T10:05:00', source_file: 'kent-correction.csv' },
    ]);
  });

  it('uses --submitted-at over the file time, and refuses a time it cannot read', () => {
    const inbox = tempDir('inbox');
    const out = tempDir('out');
    const late = join(inbox, 'kent-late.csv');
    writeFileSync(late, march(999));
    expect(auditor('audit', late, '--out', out, '--quiet', '--submitted-at', '2020-01-01').code).toBe(0);
    expect(queryJson(out, "SELECT strftime(submitted_at, '%Y-%m-%d') AS d FROM returns")).toEqual([
      { d: '2020-01-01' },
    ]);

    const bad = auditor('audit', late, '--out', out, '--submitted-at', 'yesterday');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--submitted-at "yesterday" is not an ISO 8601 time');
  });
});
