/**
 * ReturnsRepository over the returns bucket, object for object the layout of the local repository:
 * the raw upload under `raw/`, one curated Parquet object per force under `curated/returns/`, and
 * last the manifest `curated/submissions/<sha>.json`, which is what makes the submission exist. A
 * function that dies before the manifest leaves objects no reader looks at; the retry rewrites them.
 */

import type { SubmissionManifest } from '#core/model/submission.ts';
import type { ReturnsRepository, StoredSubmissions, Submission } from '#core/ports.ts';
import { keys, PREFIXES, parseCuratedReturnsKey, parseManifestKey } from '#store/layout.ts';
import { decodeTable, encodeTable, RETURNS_TABLE } from '../parquet/tables.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { compareManifests, manifestText, parseManifest, planSubmission } from '../shared/submission-plan.ts';
import { CONTENT_TYPES, type S3Objects } from './objects.ts';

export interface S3ReturnsOptions {
  /** Clock for the manifest of a submission without rows (rows carry their own submitted_at). */
  now?: () => Date;
  /** Objects fetched at once by loadAll (each is a small GET; S3 likes parallel requests). */
  readConcurrency?: number;
}

export class S3ReturnsRepository implements ReturnsRepository {
  readonly #objects: S3Objects;
  readonly #now: () => Date;
  readonly #concurrency: number;

  constructor(objects: S3Objects, options: S3ReturnsOptions = {}) {
    this.#objects = objects;
    this.#now = options.now ?? (() => new Date());
    this.#concurrency = options.readConcurrency ?? 16;
  }

  hasSubmission(inputSha256: string): Promise<boolean> {
    return this.#objects.exists(keys.submissionManifest(inputSha256));
  }

  /** Idempotent: a submission whose manifest exists is left untouched. */
  async putSubmission(submission: Submission): Promise<void> {
    const plan = planSubmission(submission, this.#now);
    if (await this.hasSubmission(plan.sha)) return;
    await this.#objects.putFile(plan.rawKey, submission.rawPath);
    for (const part of plan.parts) {
      await this.#objects.put(part.key, encodeTable(RETURNS_TABLE, part.rows), CONTENT_TYPES.parquet);
    }
    await this.#objects.put(
      keys.submissionManifest(plan.sha),
      manifestText(plan.manifest),
      CONTENT_TYPES.json,
    );
  }

  /** Every committed submission's rows, submissions in upload order, rows in file order. */
  async loadAll(): Promise<StoredSubmissions> {
    const manifests = await this.manifests();
    const curated = manifests.flatMap((m) => m.curated);
    const parts = await mapLimit(curated, this.#concurrency, async (key) => {
      const bytes = await this.#objects.get(key);
      // The manifest is written after its curated objects, so a missing one is damage, not a race.
      if (!bytes) throw new Error(`${this.#objects.uri(key)} is missing but its manifest exists`);
      return decodeTable(RETURNS_TABLE, bytes);
    });
    return {
      rows: parts.flat(),
      notes: manifests.flatMap((m) => m.notes),
      transitions: manifests.flatMap((m) => m.transitions.map((t) => ({ ...t, input_sha256: m.sha }))),
      cohorts: manifests.flatMap((m) => m.cohorts.map((c) => ({ ...c, input_sha256: m.sha }))),
    };
  }

  async committedSubmissionsOf(forceCode: string): Promise<string[]> {
    const prefix = keys.forceCuratedReturns(forceCode);
    const shas = (await this.#objects.list(prefix))
      .map((key) => parseCuratedReturnsKey(key))
      .filter((p): p is { force: string; sha: string } => p !== null && p.force === forceCode)
      .map((p) => p.sha);
    // Curated objects are written before the manifest: only a manifest makes a submission exist.
    const committed = await mapLimit(shas, this.#concurrency, (sha) => this.hasSubmission(sha));
    return shas.filter((_, i) => committed[i]);
  }

  /** Committed submissions, oldest first (ties by sha). */
  async manifests(): Promise<SubmissionManifest[]> {
    const shas = (await this.#objects.list(PREFIXES.submissions))
      .map(parseManifestKey)
      .filter((sha): sha is string => sha !== null);
    const manifests = await mapLimit(shas, this.#concurrency, async (sha) => {
      const bytes = await this.#objects.get(keys.submissionManifest(sha));
      return bytes ? parseManifest(new TextDecoder().decode(bytes), sha) : null;
    });
    return manifests.filter((m): m is SubmissionManifest => m !== null).sort(compareManifests);
  }
}
