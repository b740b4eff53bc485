/** The annotations table as `auditor query` sees it: typed by the lake schema, one row per stored annotation. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Engine, openEngine } from '#adapters/duckdb/engine.ts';
import { openLocalStore } from '#adapters/local/store.ts';
import { ANNOTATIONS_TABLE } from '#adapters/parquet/tables.ts';
import { makeAnnotation } from '#core/detection/annotations.ts';
import { DUCKDB_COLUMN_TYPES } from '#store/lake-schema.ts';
import { tempDir } from '#test-support/temp-files.ts';

let root: string;
let cleanup: () => Promise<void>;
let engine: Engine | null = null;
beforeEach(async () => {
  ({ dir: root, cleanup } = await tempDir('auditor-annotations-view-'));
});
afterEach(async () => {
  engine?.close();
  engine = null;
  await cleanup();
});

it('has the table’s columns and types, empty and then with the recorded rows', async () => {
  engine = await openEngine(root);
  const described = (await engine.query('DESCRIBE annotations')).map((r) => [r.column_name, r.column_type]);
  expect(described).toEqual(
    ANNOTATIONS_TABLE.columns.map(([name, type]) => [name, DUCKDB_COLUMN_TYPES[type]]),
  );
  expect(await engine.query('SELECT count(*) AS n FROM annotations')).toEqual([{ n: 0 }]);
  engine.close();

  const a = makeAnnotation(
    {
      force_code: 'kent',
      period_start: '2022-04',
      period_end: null,
      offence_group: null,
      offence_code: null,
      reason: 'records system replaced',
    },
    'a. auditor',
    new Date('2024-01-01T00:00:00Z'),
  );
  await openLocalStore(root).annotations.put(a);
  engine = await openEngine(root);
  expect(await engine.query('SELECT annotation_id, force_code, period_end, actor FROM annotations')).toEqual([
    { annotation_id: a.annotation_id, force_code: 'kent', period_end: null, actor: 'a. auditor' },
  ]);
});
