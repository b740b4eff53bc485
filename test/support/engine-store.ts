/**
 * A local store in a temp directory with the embedded engine over it, for the DuckDB adapter tests:
 * registers its own beforeEach/afterEach, and submits return rows as a submission would store them.
 * The store's path holds a quote and glob characters, so file lists must be quoted, not globbed.
 */
import { afterEach, beforeEach } from 'vitest';
import { type Engine, openEngine } from '#adapters/duckdb/engine.ts';
import { openLocalStore } from '#adapters/local/store.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { returnRow } from './rows.ts';
import { tempDir, uploadFile } from './temp-files.ts';

export interface EngineStore {
  readonly root: string;
  readonly inbox: string;
  /** Opens the engine over the store (closed after the test). */
  open(): Promise<Engine>;
  /** Stores rows as one submission uploaded at `submittedAt` (and read at `processedAt`); returns its sha. */
  submit(
    name: string,
    rows: Array<Partial<ReturnRow>>,
    submittedAt: string,
    content?: string,
    processedAt?: string | null,
  ): Promise<string>;
}

export function engineStore(): EngineStore {
  let root = '';
  let inbox = '';
  let engine: Engine | null = null;
  let cleanups: Array<() => Promise<void>> = [];
  beforeEach(async () => {
    const out = await tempDir("auditor-o'brien[1]-");
    const uploads = await tempDir('auditor-inbox-');
    root = out.dir;
    inbox = uploads.dir;
    cleanups = [out.cleanup, uploads.cleanup];
  });
  afterEach(async () => {
    engine?.close();
    engine = null;
    for (const cleanup of cleanups) await cleanup();
  });
  return {
    get root() {
      return root;
    },
    get inbox() {
      return inbox;
    },
    async open() {
      engine = await openEngine(root);
      return engine;
    },
    async submit(name, rows, submittedAt, content = name, processedAt) {
      const { path, sha } = await uploadFile(inbox, name, content);
      const processed =
        processedAt === undefined ? {} : { processed_at: processedAt ? new Date(processedAt) : null };
      await openLocalStore(root).returns.putSubmission({
        fileName: name,
        inputSha256: sha,
        rawPath: path,
        rows: rows.map((r) =>
          returnRow({ ...r, input_sha256: sha, submitted_at: new Date(submittedAt), ...processed }),
        ),
      });
      return sha;
    },
  };
}
