// Reading return files from disk: every format, the real published tables, and a large record-level
// extract streamed in bounded memory.
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFile, readReturnFile } from '#adapters/files/read-return.ts';
import { accepted, CTX, fixture, REAL, rejected, sha256, tempDir } from './read-return-fixture.ts';

const { dir: tmp } = tempDir('read-return-');

describe('readReturnFile: the formats', () => {
  it('reads text that turns non-ASCII after many ASCII pieces, a character cut by a piece boundary', async () => {
    const header = 'force_code,month,offence_code,recorded\n';
    const row = 'kent,2019-07,8N,1\n';
    const rows = Math.floor((64 * 1024 - header.length - 100) / row.length);
    const prefix = `${header}${row.repeat(rows)}kent,2019-08,`;
    const filler = 'X'.repeat(64 * 1024 - prefix.length);
    // The first 64 KiB piece is ASCII; "€" (three bytes) opens the second, which ends inside a "Ü".
    const second = `€,2\nkent,2019-08,${'Y'.repeat(64 * 1024 - 20)}`;
    const path = join(tmp, 'ascii-then-utf8.csv');
    writeFileSync(path, `${prefix}${filler}${second}Ünï,3\n`);
    expect(Buffer.byteLength(`${prefix}${filler}${second}`)).toBe(2 * 64 * 1024 - 1);
    const ok = accepted(await readReturnFile(path, CTX));
    expect(ok.rows.slice(-2).map((x) => [x.offence_code, x.recorded])).toEqual([
      [`${filler}€`, 2],
      [`${'Y'.repeat(64 * 1024 - 20)}ÜNÏ`, 3],
    ]);
  });

  it('reads a monthly aggregate return and fingerprints the exact bytes', async () => {
    const path = fixture('monthly-with-cancelled.csv');
    const r = await readReturnFile(path, CTX);
    const ok = accepted(r);
    expect(r.input_sha256).toBe(sha256(path));
    expect(r.bytes).toBe(readFileSync(path).length);
    expect(ok.format).toBe('monthly_aggregate');
    expect(ok.rowsRead).toBe(6);
    expect(
      ok.rows.map((x) => [
        x.force_code,
        x.period_start,
        x.offence_code,
        x.recorded,
        x.cancelled,
        x.source_line,
      ]),
    ).toEqual([
      ['greater-manchester', '2019-07', '8N', 1234, 31, 2],
      ['greater-manchester', '2019-07', '105A', 900, 12, 3],
      ['greater-manchester', '2019-08', '8N', 1190, 40, 4],
      ['avon-and-somerset', '2019-07', '4.10', 2, 0, 5],
      ['avon-and-somerset', '2019-07', '4.1', 1, 0, 6],
      ['kent', '2019-07', 'LOCAL1', 7, 1, 7],
    ]);
    expect(
      ok.rows.every(
        (x) => x.input_sha256 === r.input_sha256 && x.source_file === 'monthly-with-cancelled.csv',
      ),
    ).toBe(true);
    expect(ok.rows[3]!.offence_subgroup).toBe('Homicide');
    expect(ok.notes).toEqual([
      expect.objectContaining({ kind: 'unknown_offence_code', offence_code: 'LOCAL1', lines: [7] }),
    ]);
  });

  it('reads a monthly return without cancelled, keeping odd counts as given', async () => {
    const ok = accepted(
      await readReturnFile(fixture('monthly-no-cancelled.csv'), { ...CTX, displayName: 'kent/q1.csv' }),
    );
    expect(ok.rows.map((x) => [x.recorded, x.cancelled, x.source_file])).toEqual([
      [310, null, 'kent/q1.csv'],
      [298.5, null, 'kent/q1.csv'],
      [-4, null, 'kent/q1.csv'],
    ]);
  });

  it('reads a Home Office code-level export: BOM, CRLF, index column, N/a, non-force body, thousands separator', async () => {
    const ok = accepted(await readReturnFile(fixture('home-office-pfa.csv'), CTX));
    expect(ok.format).toBe('home_office_pfa');
    expect(ok.rowsRead).toBe(6);
    expect(
      ok.rows.map((x) => [
        x.force_code,
        x.period_start,
        x.period_end,
        x.offence_code,
        x.offence_group,
        x.recorded,
        x.source_line,
      ]),
    ).toEqual([
      ['avon-and-somerset', '2019-04', '2019-06', '8N', 'Violence against the person', 1500, 2],
      ['city-of-london', '2020-01', '2020-03', '46', 'Theft offences', 120, 3],
      ['btp', '2019-10', '2019-12', '28A', 'Theft offences', 0, 6],
      ['btp', '2019-10', '2019-12', '49Z', 'Theft offences', 3, 7],
    ]);
    expect(ok.notAvailable).toBe(1);
    expect(ok.skipped.map((s) => [s.reason, s.value, s.count, s.lines])).toEqual([
      ['not_available', 'N/a', 1, [4]],
      ['non_force_body', 'Action Fraud', 1, [5]],
    ]);
  });

  it('reads the group-level table and sums the repeated City of London key', async () => {
    const ok = accepted(await readReturnFile(fixture('home-office-pfa-group.csv'), CTX));
    expect(ok.format).toBe('home_office_pfa_group');
    expect(ok.rows.map((x) => [x.force_code, x.period_start, x.offence_group, x.recorded])).toEqual([
      ['avon-and-somerset', '2002-04', 'Criminal damage and arson', 6263],
      ['city-of-london', '2002-07', 'Theft offences', 1749],
      ['dyfed-powys', '2003-01', 'Theft offences', 800],
    ]);
    expect(ok.notes).toEqual([
      expect.objectContaining({
        kind: 'duplicate_key',
        force_code: 'city-of-london',
        lines: [3, 4],
        values: [2, 1747],
      }),
    ]);
    expect(ok.notAvailable).toBe(1);
  });

  it('aggregates a record-level CSV, placing UTC timestamps in the UK month', async () => {
    const ok = accepted(await readReturnFile(fixture('record-level.csv'), CTX));
    expect(ok.format).toBe('record_level');
    expect(
      ok.rows.map((x) => [
        x.force_code,
        x.period_start,
        x.offence_code,
        x.recorded,
        x.cancelled,
        x.source_line,
      ]),
    ).toEqual([
      ['kent', '2023-01', '8N', 1, 0, 2],
      ['kent', '2023-01', '105A', 2, 0, 3],
      ['kent', '2023-02', '8N', 0, 1, 5],
      ['kent', '2023-01', '46', 0, 1, 6],
      ['kent', '2023-07', '8N', 1, 0, 8],
      ['kent', '2023-06', '8N', 1, 0, 9],
      ['essex', '2023-01', 'XX1', 1, 0, 10],
    ]);
    expect(ok.transitions).toEqual([
      { force_code: 'kent', month: '2023-01', from_offence_code: '8N', to_offence_code: '105A', count: 2 },
    ]);
    expect(ok.skipped).toEqual([expect.objectContaining({ reason: 'transferred', count: 1, lines: [7] })]);
    expect(ok.notes).toEqual([
      expect.objectContaining({ kind: 'unknown_offence_code', force_code: 'essex', offence_code: 'XX1' }),
    ]);
  });

  it('reads record-level JSON Lines, skipping blank lines and ignoring extra keys', async () => {
    const ok = accepted(await readReturnFile(fixture('record-level.jsonl'), CTX));
    expect(ok.format).toBe('record_level');
    expect(ok.rowsRead).toBe(3);
    expect(
      ok.rows.map((x) => [x.period_start, x.offence_code, x.recorded, x.cancelled, x.source_line]),
    ).toEqual([
      // The cancellation decided in 2023-04, after the last recording month, counts in 2023-03.
      ['2023-03', '8N', 1, 1, 1],
      ['2023-03', '105A', 1, 0, 3],
    ]);
    expect(ok.transitions).toHaveLength(1);
  });
});

describe('readReturnFile: the real published tables', () => {
  it('prc_pfa_force_offencegroup_quarterly: all 43 forces resolve, 27 duplicate keys are summed and noted', async () => {
    const ok = accepted(
      await readReturnFile(`${REAL}/prc_pfa_force_offencegroup_quarterly_2002-03_to_2023-24.csv`, CTX),
    );
    expect(ok.format).toBe('home_office_pfa_group');
    expect(ok.rowsRead).toBe(35_939);
    expect(new Set(ok.rows.map((r) => r.force_code)).size).toBe(43);
    const dups = ok.notes.filter((n) => n.kind === 'duplicate_key');
    expect(dups).toHaveLength(27);
    expect(ok.notes).toHaveLength(27);
    expect(ok.rows).toHaveLength(35_939 - 27);
    expect(dups.every((d) => d.force_code === 'city-of-london' && d.offence_group === 'Theft offences')).toBe(
      true,
    );
    expect(dups[0]).toMatchObject({
      period_start: '2002-07',
      period_end: '2002-09',
      lines: [660, 661],
      values: [2, 1747],
    });
    const cell = ok.rows.find(
      (r) =>
        r.force_code === 'city-of-london' &&
        r.period_start === '2002-07' &&
        r.offence_group === 'Theft offences',
    );
    expect(cell).toMatchObject({ recorded: 1749, source_line: 660, grain: 'quarter', level: 'group' });
    const months = ok.rows.map((r) => r.period_start).sort();
    expect([months[0], months.at(-1)]).toEqual(['2002-04', '2024-01']);
  });

  it('group1_CLEANED (2024/25): BTP is audited; Action Fraud, CIFAS and UK Finance rows are skipped and reported', async () => {
    const ok = accepted(
      await readReturnFile(`${REAL}/group1_CLEANED_national_forces_crime_data_2024-2025.csv`, CTX),
    );
    expect(ok.format).toBe('home_office_pfa');
    expect(ok.rowsRead).toBe(588);
    expect(ok.rows).toHaveLength(576);
    expect(new Set(ok.rows.map((r) => r.force_code))).toEqual(new Set(['btp']));
    expect(new Set(ok.rows.map((r) => r.period_start))).toEqual(
      new Set(['2024-04', '2024-07', '2024-10', '2025-01']),
    );
    expect(ok.notes).toEqual([]);
    expect(ok.skipped.map((s) => [s.reason, s.value, s.count])).toEqual([
      ['non_force_body', 'Action Fraud', 4],
      ['non_force_body', 'CIFAS', 4],
      ['non_force_body', 'UK Finance', 4],
    ]);
    expect(ok.rows.find((r) => r.offence_code === '4.10')?.offence_subgroup).toBe('Homicide');
  });

  it('rec-crime-pfa (rolling 12-month totals, not an input format) is rejected with the expected columns', async () => {
    const r = rejected(await readReturnFile(`${REAL}/rec-crime-pfa.csv`, CTX));
    expect(r.report.issue_count).toBe(1);
    expect(r.report.issues[0]!.message).toMatch(/^unrecognised header/);
    expect(r.report.rows_read).toBe(0);
  });
});

describe('readReturnFile: streaming a large record-level extract', () => {
  it('aggregates 200,000 records into month cells with exact counts and reports progress', async () => {
    const path = join(tmp, 'records-200k.csv');
    const codes = ['8N', '105A', '4.1', '4.10', '46'];
    const expected = new Map<string, { recorded: number; cancelled: number }>();
    const bump = (key: string, field: 'recorded' | 'cancelled') => {
      const c = expected.get(key) ?? { recorded: 0, cancelled: 0 };
      c[field] += 1;
      expected.set(key, c);
    };
    let transitions = 0;
    let transferred = 0;
    const cancellations: Array<{ slug: string; recorded: string; decided: string; code: string }> = [];
    const lastRecording = new Map<string, string>();
    const out = createWriteStream(path);
    out.write(
      'crime_id,force_code,recorded_date,offence_code,original_offence_code,status,status_date,cancellation_code\n',
    );
    let chunk = '';
    for (let i = 0; i < 200_000; i++) {
      const force = i % 3 === 0 ? 'kent' : 'West Yorkshire';
      const slug = i % 3 === 0 ? 'kent' : 'west-yorkshire';
      const month = (i % 24) + 1;
      const year = 2022 + Math.floor((month - 1) / 12);
      const mm = String(((month - 1) % 12) + 1).padStart(2, '0');
      const code = codes[i % 5]!;
      const status = i % 11 === 0 ? 'cancelled' : i % 13 === 0 ? 'transferred' : 'recorded';
      const original = i % 4 === 0 ? '8N' : code;
      let statusDate = '';
      if (status === 'recorded') {
        bump(`${slug}|${year}-${mm}|${code}`, 'recorded');
        if (original !== code) transitions += 1;
      } else if (status === 'cancelled') {
        // Cancelled the following month (January after December rolls the year).
        const next = new Date(Date.UTC(year, Number(mm), 10));
        statusDate = next.toISOString().slice(0, 10);
        cancellations.push({ slug, recorded: `${year}-${mm}`, decided: statusDate.slice(0, 7), code });
      } else transferred += 1;
      if (`${year}-${mm}` > (lastRecording.get(slug) ?? '')) lastRecording.set(slug, `${year}-${mm}`);
      chunk += `R${i},${force},${year}-${mm}-15,${code},${original},${status},${statusDate},\n`;
      if (chunk.length > 65_536) {
        if (!out.write(chunk)) await new Promise<void>((res) => out.once('drain', () => res()));
        chunk = '';
      }
    }
    out.end(chunk);
    // A cancellation counts in its decision month, or in its recording month when decided after the
    // force's last recording month (the extract's edge).
    for (const c of cancellations) {
      const month = c.decided > lastRecording.get(c.slug)! ? c.recorded : c.decided;
      bump(`${c.slug}|${month}|${c.code}`, 'cancelled');
    }
    await new Promise<void>((res) => out.once('close', () => res()));

    const progress: number[] = [];
    const r = await readReturnFile(path, CTX, { onProgress: (b) => progress.push(b) });
    const ok = accepted(r);
    expect(ok.rowsRead).toBe(200_000);
    expect(ok.rows).toHaveLength(expected.size);
    for (const row of ok.rows) {
      const want = expected.get(`${row.force_code}|${row.period_start}|${row.offence_code}`);
      expect(want, `${row.force_code} ${row.period_start} ${row.offence_code}`).toBeDefined();
      expect([row.recorded, row.cancelled]).toEqual([want!.recorded, want!.cancelled]);
    }
    expect(ok.transitions!.reduce((s, t) => s + t.count, 0)).toBe(transitions);
    expect(ok.skipped).toEqual([expect.objectContaining({ reason: 'transferred', count: transferred })]);
    expect(progress.at(-1)).toBe(r.bytes);
    expect(progress.length).toBeGreaterThan(1);
    expect(r.input_sha256).toBe((await hashFile(path)).input_sha256);
  }, 30_000);
});
