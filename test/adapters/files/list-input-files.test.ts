// Listing the input files of an audit: files and directories one level deep, with what was skipped.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listInputFiles } from '#adapters/files/list-input-files.ts';
import { tempDir } from './read-return-fixture.ts';

const { dir: tmp, write: temp } = tempDir('list-input-files-');

describe('listInputFiles', () => {
  it('expands directories one level, skips dotfiles, reports other files, and sorts', async () => {
    const dir = join(tmp, 'inbox');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    for (const name of [
      'b.csv',
      'a.JSONL',
      'c.ndjson',
      '.DS_Store',
      '.hidden.csv',
      'notes.txt',
      'book.xlsx',
      'nested/x.csv',
    ]) {
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
});
