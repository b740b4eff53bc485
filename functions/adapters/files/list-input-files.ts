/**
 * Expands the paths given on the command line into the input files to ingest: files as named,
 * directories one level deep, in a deterministic order so that two runs over the same inputs ingest
 * them in the same sequence. Nothing is passed over silently:
 * - `skipped`: what cannot be read as an input (missing, a subdirectory, another extension), and a
 *   hidden file in a directory that looks like a return (`.kent.csv`): it may be a stale copy, so it
 *   is not audited unless named on its own, but it is reported as not audited.
 * - `ignored`: what a computer leaves in a folder, not a force: macOS metadata (.DS_Store, and
 *   `._name` files holding AppleDouble data), and other hidden files and folders (.gitkeep, .git).
 *   Listed, so the user sees them, but not a reason to fail the run.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export const INPUT_EXTENSIONS = ['.csv', '.jsonl', '.ndjson'] as const;

export interface SkippedPath {
  path: string;
  reason: 'unsupported_extension' | 'not_found' | 'not_a_file' | 'subdirectory' | 'hidden_return';
  message: string;
}

export interface IgnoredPath {
  path: string;
  reason: 'system_file' | 'hidden';
  message: string;
}

export interface InputFileList {
  /** Existing input files, sorted by path (code-unit order), each once. */
  files: string[];
  skipped: SkippedPath[];
  ignored: IgnoredPath[];
}

function isInputName(name: string): boolean {
  return (INPUT_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

const UNSUPPORTED = `not an input file: expected ${INPUT_EXTENSIONS.join(', ')}`;

/** What to do with a file whose extension says it is a return in another form. */
const CONVERT: Readonly<Record<string, string>> = {
  '.gz': 'a compressed file: decompress it and give the CSV or JSON Lines file inside',
  '.zip': 'a zip archive: unpack it and give the CSV or JSON Lines files inside',
  '.xlsx': 'a spreadsheet: export the sheet as "CSV UTF-8" and give that',
  '.xls': 'a spreadsheet: export the sheet as "CSV UTF-8" and give that',
  '.ods': 'a spreadsheet: export the sheet as "CSV UTF-8" and give that',
  '.json': 'JSON, not JSON Lines: give one JSON object per line, in a .jsonl file',
};

function unsupported(name: string): string {
  const convert = CONVERT[extname(name).toLowerCase()];
  return convert === undefined ? UNSUPPORTED : `${UNSUPPORTED}; this is ${convert}`;
}

/** A hidden name with one of these extensions may be a return; any other hidden name is clutter. */
function looksLikeReturn(name: string): boolean {
  return isInputName(name) || extname(name).toLowerCase() in CONVERT;
}

/** macOS writes `._name` beside a file on a non-Mac disk, holding its metadata in this format. */
const APPLEDOUBLE_MAGIC = Buffer.from([0x00, 0x05, 0x16, 0x07]);

async function isAppleDouble(path: string): Promise<boolean> {
  const file = await open(path).catch(() => null);
  if (file === null) return false;
  try {
    const start = Buffer.alloc(APPLEDOUBLE_MAGIC.length);
    const { bytesRead } = await file.read(start, 0, start.length, 0);
    return bytesRead === start.length && start.equals(APPLEDOUBLE_MAGIC);
  } finally {
    await file.close();
  }
}

const HIDDEN_RETURN =
  'a hidden file (its name starts with a dot) that looks like a return, not audited: rename it without the dot, or name it on its own, to audit it';

/** A hidden entry of a directory: clutter to list as ignored, or a return to report as not audited. */
async function hiddenEntry(
  full: string,
  name: string,
  kind: 'file' | 'folder' | 'other',
): Promise<{ ignored: IgnoredPath } | { skipped: SkippedPath }> {
  const isFile = kind === 'file';
  if (name === '.DS_Store')
    return { ignored: { path: full, reason: 'system_file', message: 'macOS folder settings' } };
  if (name.startsWith('._') && isFile && (await isAppleDouble(full)))
    return { ignored: { path: full, reason: 'system_file', message: 'macOS metadata (AppleDouble)' } };
  if (isFile && looksLikeReturn(name))
    return { skipped: { path: full, reason: 'hidden_return', message: HIDDEN_RETURN } };
  return {
    ignored: {
      path: full,
      reason: 'hidden',
      message: `a hidden ${kind === 'other' ? 'entry' : kind}, not a return`,
    },
  };
}

export async function listInputFiles(pathsOrDirs: readonly string[]): Promise<InputFileList> {
  const files = new Set<string>();
  const skipped: SkippedPath[] = [];
  const ignored: IgnoredPath[] = [];
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
        const full = join(p, e.name);
        if (e.name.startsWith('.')) {
          const isFile = e.isFile() || (e.isSymbolicLink() && (await isRegularFile(full)));
          const entry = await hiddenEntry(
            full,
            e.name,
            isFile ? 'file' : e.isDirectory() ? 'folder' : 'other',
          );
          if ('ignored' in entry) ignored.push(entry.ignored);
          else skipped.push(entry.skipped);
          continue;
        }
        if (e.isDirectory()) {
          skipped.push({
            path: full,
            reason: 'subdirectory',
            message: 'directories are read one level deep',
          });
        } else if (!isInputName(e.name)) {
          skipped.push({ path: full, reason: 'unsupported_extension', message: unsupported(e.name) });
        } else if (e.isFile() || (e.isSymbolicLink() && (await isRegularFile(full)))) {
          files.add(full);
        } else {
          skipped.push({ path: full, reason: 'not_a_file', message: 'not a regular file' });
        }
      }
    } else if (!info.isFile()) {
      skipped.push({ path: p, reason: 'not_a_file', message: 'not a regular file' });
    } else if (!isInputName(p)) {
      skipped.push({ path: p, reason: 'unsupported_extension', message: unsupported(p) });
    } else {
      files.add(p);
    }
  }
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  skipped.sort((a, b) => byPath(a.path, b.path));
  ignored.sort((a, b) => byPath(a.path, b.path));
  return { files: [...files].sort(byPath), skipped, ignored };
}

async function isRegularFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}
