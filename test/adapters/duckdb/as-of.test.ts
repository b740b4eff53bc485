import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asOfCondition, asOfFindingsFiles, timestampLiteral } from '#adapters/duckdb/as-of.ts';
import type { TableFiles } from '#adapters/local/table-files.ts';

const ROOT = '/store';
const history = (force: string, run: string) =>
  join(ROOT, 'findings_history', `force_code=${force}`, `${run}.parquet`);
const files = (paths: string[]): TableFiles => ({
  findings: [],
  returns: [],
  runs: [],
  finding_events: [],
  findings_history: paths,
  annotations: [],
});

describe('findings as of an instant', () => {
  const started = new Map([
    ['r1', new Date('2024-01-01T00:00:00Z')],
    ['r2', new Date('2024-02-01T00:00:00Z')],
    ['r3', new Date('2024-03-01T00:00:00Z')],
  ]);
  const all = files([
    history('kent', 'r1'),
    history('kent', 'r2'),
    history('durham', 'r1'),
    history('kent', 'r3'),
  ]);

  it('takes, for each force, the history of its latest run started by then', () => {
    expect(asOfFindingsFiles(ROOT, all, started, new Date('2024-02-15T00:00:00Z'))).toEqual(
      [history('durham', 'r1'), history('kent', 'r2')].sort(),
    );
    // A run that audited only Kent does not hide Durham's last audit.
    expect(asOfFindingsFiles(ROOT, all, started, new Date('2024-03-01T00:00:00Z'))).toEqual(
      [history('durham', 'r1'), history('kent', 'r3')].sort(),
    );
  });

  it('has nothing before the first run, and ignores history of a run it does not know', () => {
    expect(asOfFindingsFiles(ROOT, all, started, new Date('2023-12-31T23:59:59Z'))).toEqual([]);
    expect(asOfFindingsFiles(ROOT, files([history('kent', 'r9')]), started, new Date('2030-01-01'))).toEqual(
      [],
    );
  });

  it('filters each stored table on its own time column', () => {
    const at = timestampLiteral(new Date('2024-05-01T10:00:00.123Z'));
    expect(at).toBe("TIMESTAMP '2024-05-01 10:00:00.123'");
    expect(asOfCondition('returns', at)).toBe(`"submitted_at" <= ${at}`);
    expect(asOfCondition('runs', at)).toBe(`"started_at" <= ${at}`);
    expect(asOfCondition('finding_events', at)).toBe(`"created_at" <= ${at}`);
    expect(asOfCondition('findings', at)).toBeNull();
  });
});
