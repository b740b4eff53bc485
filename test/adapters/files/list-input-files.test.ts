// Listing the input files of an audit: files and directories one level deep, with what was skipped.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listInputFiles } from '#adapters/files/list-input-files.ts';
import { tempDir } from './read-return-fixture.ts';

const { dir: tmp, write: temp } = tempDir('list-input-files-');

describe('listInputFiles', () => {
  it('expands directories one level, reports other files, and sorts', async () => {
    const dir = join(tmp, 'inbox');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    for (const name of ['b.csv', 'a.JSONL', 'c.ndjson', 'notes.txt', 'book.xlsx', 'nested/x.csv']) {
      writeFileSync(join(dir, name), 'x');
    }
    const single = temp('z-single.csv', 'x');
    const other = temp('readme.md', 'x');
    const list = await listInputFiles([single, dir, join(tmp, 'missing.csv'), other, join(dir, 'b.csv')]);
    expect(list.files).toEqual(
      [join(dir, 'a.JSONL'), join(dir, 'b.csv'), join(dir, 'c.ndjson'), single].sort(),
    );
    expect(list.skipped.map((s) => [s.path, s.reason])).toEqual(
      [
        [join(dir, 'book.xlsx'), 'unsupported_extension'],
        [join(dir, 'nested'), 'subdirectory'],
        [join(dir, 'notes.txt'), 'unsupported_extension'],
        [join(tmp, 'missing.csv'), 'not_found'],
        [other, 'unsupported_extension'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
  });

  it('lists hidden files: clutter as ignored, a hidden return as skipped; none vanishes', async () => {
    const dir = join(tmp, 'untidy');
    mkdirSync(join(dir, '.git'), { recursive: true });
    writeFileSync(join(dir, 'kent.csv'), 'x');
    writeFileSync(join(dir, '.DS_Store'), 'x');
    writeFileSync(join(dir, '.gitkeep'), '');
    writeFileSync(join(dir, '._kent.csv'), Buffer.from([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00]));
    writeFileSync(join(dir, '._essex.csv'), 'force_code,month,offence_code,recorded\n');
    writeFileSync(join(dir, '.kent.csv'), 'x');
    writeFileSync(join(dir, '.surrey.jsonl'), 'x');
    writeFileSync(join(dir, '.old.xlsx'), 'x');
    writeFileSync(join(dir, '.kent.csv.swp'), 'x');
    const list = await listInputFiles([dir]);
    expect(list.files).toEqual([join(dir, 'kent.csv')]);
    expect(list.skipped.map((s) => [s.path, s.reason])).toEqual([
      [join(dir, '._essex.csv'), 'hidden_return'],
      [join(dir, '.kent.csv'), 'hidden_return'],
      [join(dir, '.old.xlsx'), 'hidden_return'],
      [join(dir, '.surrey.jsonl'), 'hidden_return'],
    ]);
    expect(list.skipped[0]!.message).toMatch(/^a hidden file .* looks like a return, not audited: rename it/);
    expect(list.ignored.map((s) => [s.path, s.reason, s.message])).toEqual([
      [join(dir, '.DS_Store'), 'system_file', 'macOS folder settings'],
      [join(dir, '._kent.csv'), 'system_file', 'macOS metadata (AppleDouble)'],
      [join(dir, '.git'), 'hidden', 'a hidden folder, not a return'],
      [join(dir, '.gitkeep'), 'hidden', 'a hidden file, not a return'],
      [join(dir, '.kent.csv.swp'), 'hidden', 'a hidden file, not a return'],
    ]);
  });

  it('audits a hidden file named on its own', async () => {
    const p = temp('.named.csv', 'x');
    expect(await listInputFiles([p])).toEqual({ files: [p], skipped: [], ignored: [] });
  });

  it('says how to convert a compressed file, a spreadsheet or plain JSON', async () => {
    const list = await listInputFiles([
      temp('kent.csv.gz', 'x'),
      temp('kent.xlsx', 'x'),
      temp('kent.json', 'x'),
    ]);
    expect(
      list.skipped.map((s) => s.message.replace(/^not an input file: expected [^;]+; this is /, '')),
    ).toEqual([
      'a compressed file: decompress it and give the CSV or JSON Lines file inside',
      'JSON, not JSON Lines: give one JSON object per line, in a .jsonl file',
      'a spreadsheet: export the sheet as "CSV UTF-8" and give that',
    ]);
  });
});
