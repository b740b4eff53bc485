/**
 * ReturnsRepository over a local directory. A submission is all-or-nothing: its raw copy and
 * per-force curated Parquet files are written first (each atomically), and only then the manifest
 * `curated/submissions/<sha>.json`, which is what makes the submission exist. A crash before the
 * manifest leaves files no reader looks at; retrying the same submission overwrites them.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { auditView } from '#core/audit-view.ts';
import type { SubmissionManifest } from '#core/model/submission.ts';
import type { AuditView, ReturnsRepository, StoredSubmissions, Submission } from '#core/ports.ts';
import { keys, PREFIXES, parseCuratedReturnsKey, parseManifestKey } from '#store/layout.ts';
import { decodeTable, encodeTable, RETURNS_TABLE } from '../parquet/tables.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { compareManifests, manifestText, parseManifest, planSubmission } from '../shared/submission-plan.ts';
import { copyFileAtomic, keyPath, writeFileAtomic } from './atomic-file.ts';

export interface LocalReturnsOptions {
  /** Clock for the manifest of a submission without rows (rows carry their own submitted_at). */
  now?: () => Date;
  /** How many Parquet files loadAll reads at once. */
  readConcurrency?: number;
}

export class LocalReturnsRepository implements ReturnsRepository {
  readonly #root: string;
  readonly #now: () => Date;
  readonly #concurrency: number;

  constructor(root: string, options: LocalReturnsOptions = {}) {
    this.#root = root;
    this.#now = options.now ?? (() => new Date());
    this.#concurrency = options.readConcurrency ?? 8;
  }

  async hasSubmission(inputSha256: string): Promise<boolean> {
    return isFile(keyPath(this.#root, keys.submissionManifest(inputSha256)));
  }

  /** True once any submission was committed (an empty store cannot hold a repeat of a file). */
  async holdsSubmissions(): Promise<boolean> {
    return (await readManifestNames(this.#root)).some(
      (name) => parseManifestKey(`${PREFIXES.submissions}${name}`) !== null,
    );
  }

  /** Idempotent: a submission whose manifest exists is left untouched. */
  async putSubmission(submission: Submission): Promise<void> {
    const plan = planSubmission(submission, this.#now);
    if (await this.hasSubmission(plan.sha)) return;
    await copyFileAtomic(submission.rawPath, keyPath(this.#root, plan.rawKey));
    for (const part of plan.parts) {
      await writeFileAtomic(keyPath(this.#root, part.key), encodeTable(RETURNS_TABLE, part.rows));
    }
    await writeFileAtomic(
      keyPath(this.#root, keys.submissionManifest(plan.sha)),
      manifestText(plan.manifest),
    );
  }

  /** A local store is read whole: the view follows from every submission. */
  async loadForAudit(forces: readonly string[] | null): Promise<AuditView> {
    return auditView(await this.loadAll(), forces ? new Set(forces) : null);
  }

  committedSubmissionsOf(forceCode: string): Promise<string[]> {
    return committedOf(this.#root, forceCode);
  }

  /** Every committed submission's rows, submissions in upload order, rows in file order. */
  async loadAll(): Promise<StoredSubmissions> {
    const manifests = await readManifests(this.#root);
    const files = manifests.flatMap((m) => m.curated.map((key) => keyPath(this.#root, key)));
    const parts = await mapLimit(files, this.#concurrency, async (file) =>
      decodeTable(RETURNS_TABLE, await readFile(file)),
    );
    return {
      rows: parts.flat(),
      notes: manifests.flatMap((m) => m.notes),
      transitions: manifests.flatMap((m) => m.transitions.map((t) => ({ ...t, input_sha256: m.sha }))),
      cohorts: manifests.flatMap((m) => m.cohorts.map((c) => ({ ...c, input_sha256: m.sha }))),
    };
  }
}

/** Committed submissions with rows for a force: curated files whose manifest exists. */
async function committedOf(root: string, force: string): Promise<string[]> {
  const prefix = keys.forceCuratedReturns(force);
  let names: string[];
  try {
    names = await readdir(keyPath(root, prefix.slice(0, -1)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: string[] = [];
  for (const name of names) {
    const sha = parseCuratedReturnsKey(`${prefix}${name}`)?.sha;
    if (sha && (await isFile(keyPath(root, keys.submissionManifest(sha))))) out.push(sha);
  }
  return out;
}

/** Committed submissions, oldest first (ties by sha), validated against the layout. */
export async function readManifests(root: string): Promise<SubmissionManifest[]> {
  const out: SubmissionManifest[] = [];
  for (const name of await readManifestNames(root)) {
    const sha = parseManifestKey(`${PREFIXES.submissions}${name}`);
    if (!sha) continue;
    const path = keyPath(root, keys.submissionManifest(sha));
    if (!(await isFile(path))) continue;
    out.push(parseManifest(await readFile(path, 'utf8'), sha));
  }
  return out.sort(compareManifests);
}

/** The names in the manifests' folder (none when there is no such folder yet). */
async function readManifestNames(root: string): Promise<string[]> {
  try {
    return await readdir(keyPath(root, PREFIXES.submissions.slice(0, -1)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
