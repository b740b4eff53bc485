/**
 * The reference the ingest benchmark measures the audit against: DuckDB on one thread reads the
 * extract with typed columns and writes force × month × offence code (recorded, cancelled,
 * reclassified) to Parquet. Cancellations count in the month of status_date, recordings in the month
 * of recorded_date, as the auditor counts them.
 *
 *   node --import tsx bench/ingest/duckdb-reference.ts <extract.csv> <out.parquet>
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [file, out] = process.argv.slice(2);
if (!file || !out) throw new Error('usage: duckdb-reference.ts <extract.csv> <out.parquet>');
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

const db = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await db.connect();
await connection.run(`
  COPY (
    SELECT force_code,
           strftime(CASE WHEN status = 'cancelled' THEN status_date ELSE recorded_date END, '%Y-%m') AS month,
           offence_code,
           count(*) FILTER (WHERE status = 'recorded') AS recorded,
           count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
           count(*) FILTER (WHERE status = 'recorded' AND original_offence_code <> offence_code) AS reclassified
    FROM read_csv(${quote(file)}, header = true, columns = {
      'crime_id': 'VARCHAR', 'force_code': 'VARCHAR', 'recorded_date': 'DATE', 'offence_code': 'VARCHAR',
      'original_offence_code': 'VARCHAR', 'status': 'VARCHAR', 'status_date': 'DATE',
      'cancellation_code': 'VARCHAR'})
    WHERE status <> 'transferred'
    GROUP BY ALL
  ) TO ${quote(out)} (FORMAT parquet)`);
connection.closeSync();
db.closeSync();
