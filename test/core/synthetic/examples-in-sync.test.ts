import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExampleFiles } from '#core/synthetic/example-files.ts';

const examplesDir = join(import.meta.dirname, '..', '..', '..', 'examples');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? listFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]),
    ),
  );
  return nested.flat();
}

describe('examples/', () => {
  const { files, returns } = buildExampleFiles();

  it('holds exactly the generated files, byte for byte (run `npx tsx scripts/generate-examples.ts`)', async () => {
    const onDisk = (await listFiles(examplesDir))
      .map((p) => relative(examplesDir, p).split('\\').join('/'))
      .sort();
    expect(onDisk).toEqual([...files.keys()].sort());
    for (const [path, text] of files) {
      expect(await readFile(join(examplesDir, path), 'utf8'), path).toBe(text);
    }
  });

  it('has one clean returns file per force and stays under 5 MB', () => {
    const returnFiles = [...files.keys()].filter((p) => p.startsWith('returns/'));
    expect(returnFiles).toHaveLength(returns.forces.length);
    expect(returnFiles.every((p) => p.endsWith('.csv'))).toBe(true);
    const bytes = [...files.values()].reduce((s, t) => s + Buffer.byteLength(t), 0);
    expect(bytes).toBeLessThan(5_000_000);
  });

  it('labels every planted problem in LABELS.json', () => {
    const labels = JSON.parse(files.get('LABELS.json')!) as {
      monthly_returns: { labels: Array<{ id: string }> };
      record_level: { labels: Array<{ id: string }> };
      malformed: { problems: unknown[] };
    };
    expect(labels.monthly_returns.labels.map((l) => l.id)).toEqual(returns.labels.map((l) => l.id));
    expect(labels.record_level.labels).toHaveLength(1);
    expect(labels.malformed.problems.length).toBeGreaterThan(0);
    const readme = files.get('README.md')!;
    for (const l of returns.labels) expect(readme).toContain(`\`${l.force_code}\``);
  });
});
