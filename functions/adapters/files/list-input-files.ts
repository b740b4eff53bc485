/**
 * Expands the paths given on the command line into the input files to ingest: files as named,
 * directories one level deep (dotfiles such as .DS_Store skipped silently), in a deterministic order
 * so that two runs over the same inputs ingest them in the same sequence. Anything that cannot be an
 * input is reported back, never silently ignored.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export const INPUT_EXTENSIONS = ['.csv', '.jsonl', '.ndjson'] as const;

export interface SkippedPath {
  path: string;
  reason: 'unsupported_extension' | 'not_found' | 'not_a_file' | 'subdirectory';
  message: string;
}

export interface InputFileList {
  /** Existing input files, sorted by path (code-unit order), each once. */
  files: string[];
  skipped: SkippedPath[];
}

function isInputName(name: string): boolean {
  return (INPUT_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

const UNSUPPORTED = `not an input file: expected ${INPUT_EXTENSIONS.join(', ')}`;

export async function listInputFiles(pathsOrDirs: readonly string[]): Promise<InputFileList> {
  const files = new Set<string>();
  const skipped: SkippedPath[] = [];
  for (const p of pathsOrDirs) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(p);
    } catch {
      skipped.push({ path: p, reason: 'not_found', message: 'no such file or directory' });
      continue;
    }
    if (info.isDirectory()) {
      const entries = await readdir(p, { withFileTypes: true });
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        const full = join(p, e.name);
        if (e.isDirectory()) {
          skipped.push({
            path: full,
            reason: 'subdirectory',
            message: 'directories are read one level deep',
          });
        } else if (!isInputName(e.name)) {
          skipped.push({ path: full, reason: 'unsupported_extension', message: UNSUPPORTED });
        } else if (e.isFile() || (e.isSymbolicLink() && (await stat(full).catch(() => null))?.isFile())) {
          files.add(full);
        } else {
          skipped.push({ path: full, reason: 'not_a_file', message: 'not a regular file' });
        }
      }
    } else if (!info.isFile()) {
      skipped.push({ path: p, reason: 'not_a_file', message: 'not a regular file' });
    } else if (!isInputName(p)) {
      skipped.push({ path: p, reason: 'unsupported_extension', message: UNSUPPORTED });
    } else {
      files.add(p);
    }
  }
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  skipped.sort((a, b) => byPath(a.path, b.path));
  return { files: [...files].sort(byPath), skipped };
}
