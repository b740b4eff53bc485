/**
 * Writes the synthetic example data under examples/ (run: `npx tsx scripts/generate-examples.ts`).
 * The content comes from buildExampleFiles(); this script only replaces the generated directories and
 * files on disk, so stale files from an earlier generation (e.g. a force that was renamed) vanish.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildExampleFiles,
  MALFORMED_DIR,
  RECORD_LEVEL_DIR,
  RETURNS_DIR,
} from '../functions/core/synthetic/example-files.ts';

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'examples');

async function main(): Promise<void> {
  const { files, returns, recordLevel } = buildExampleFiles();
  for (const dir of [RETURNS_DIR, RECORD_LEVEL_DIR, MALFORMED_DIR]) {
    await rm(join(examplesDir, dir), { recursive: true, force: true });
  }
  let bytes = 0;
  for (const [relative, text] of files) {
    const path = join(examplesDir, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
    bytes += Buffer.byteLength(text, 'utf8');
  }
  console.log(
    `wrote ${files.size} files (${(bytes / 1e6).toFixed(2)} MB) to ${examplesDir}: ` +
      `${returns.rows.length} monthly rows for ${returns.forces.length} forces, ` +
      `${recordLevel.rows.length} record-level crimes, ${returns.labels.length + recordLevel.labels.length} planted problems`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
