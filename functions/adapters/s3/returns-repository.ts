/**
 * ReturnsRepository over the returns bucket, object for object the layout of the local repository:
 * the raw upload under `raw/`, one curated Parquet object per force under `curated/returns/`, and
 * last the manifest `curated/submissions/<sha>.json`, which is what makes the submission exist. A
 * function that dies before the manifest leaves objects no reader looks at; the retry rewrites them.
 */

import { auditView, forcePart } from '#core/audit-view.ts';
import type { SubmissionManifest } from '#core/model/submission.ts';
import type { AuditView, ReturnsRepository, StoredSubmissions, Submission } from '#core/ports.ts';
import { keys, PREFIXES, parseCuratedReturnsKey, parseManifestKey } from '#store/layout.ts';
import { decodeTable, encodeTable, RETURNS_TABLE } from '../parquet/tables.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { compareManifests, manifestText, parseManifest, planSubmission } from '../shared/submission-plan.ts';
import { CurrentSnapshots } from './current-snapshots.ts';
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
  readonly snapshots: CurrentSnapshots;

  constructor(objects: S3Objects, options: S3ReturnsOptions = {}) {
    this.#objects = objects;
    this.snapshots = new CurrentSnapshots(objects);
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
    return this.#load(await this.manifests());
  }

  /**
   * The audited forces' submissions are read whole; every other force's part comes from its current
   * snapshot (current-snapshots.ts), rebuilt only when that force's submissions changed. Reads grow
   * with the audited force's history and the number of forces, not with the lake.
   */
  async loadForAudit(forces: readonly string[] | null): Promise<AuditView> {
    if (forces === null) return auditView(await this.loadAll(), null);
    const audited = new Set(forces);
    const byForce = await this.#committedByForce();
    const parts = await mapLimit([...byForce.keys()].sort(), this.#concurrency, (force) => {
      const shas = byForce.get(force) ?? [];
      const load = () => this.#loadShas(shas, force);
      return audited.has(force)
        ? load().then((stored) => auditView(forcePart(stored, force), null))
        : this.snapshots.peerView(force, shas, load);
    });
    return {
      history: parts.flatMap((p) => p.history),
      current: parts.flatMap((p) => p.current),
      notes: parts.flatMap((p) => p.notes),
      transitions: parts.flatMap((p) => p.transitions),
      cohorts: parts.flatMap((p) => p.cohorts),
    };
  }

  /** force → the committed submissions with rows for it: two listings, whatever the lake's size. */
  async #committedByForce(): Promise<Map<string, string[]>> {
    const committed = new Set(
      (await this.#objects.list(PREFIXES.submissions)).map(parseManifestKey).filter((s) => s !== null),
    );
    const out = new Map<string, string[]>();
    for (const key of await this.#objects.list(PREFIXES.curatedReturns)) {
      const part = parseCuratedReturnsKey(key);
      if (!part || !committed.has(part.sha)) continue;
      const list = out.get(part.force);
      if (list) list.push(part.sha);
      else out.set(part.force, [part.sha]);
    }
    return out;
  }

  /** These submissions, in upload order, with only `force`'s curated part read. */
  async #loadShas(shas: readonly string[], force: string): Promise<StoredSubmissions> {
    const manifests = await mapLimit([...shas], this.#concurrency, async (sha) => {
      const bytes = await this.#objects.get(keys.submissionManifest(sha));
      if (!bytes) throw new Error(`${this.#objects.uri(keys.submissionManifest(sha))} disappeared`);
      return parseManifest(new TextDecoder().decode(bytes), sha);
    });
    return this.#load(manifests.sort(compareManifests), force);
  }

  async #load(manifests: readonly SubmissionManifest[], force?: string): Promise<StoredSubmissions> {
    const curated = manifests.flatMap((m) =>
      force === undefined ? m.curated : m.curated.filter((k) => parseCuratedReturnsKey(k)?.force === force),
    );
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
