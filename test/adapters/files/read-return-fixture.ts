// What the readReturnFile tests share: the context, the fixture paths, a temporary directory and
// the accepted/rejected narrowing.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { IngestAccepted, IngestRejected, ReadReturnResult } from '#core/model/ingest.ts';

export const FIXTURES = 'test/fixtures/ingest';
export const REAL = '/work/shared/data/real';
export const CTX = { submitted_at: new Date('2025-04-01T09:00:00Z'), run_id: 'run-7' };

/** A temporary directory for this test file, removed after its tests. */
export function tempDir(prefix: string): {
  dir: string;
  write(name: string, content: string | Uint8Array): string;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, content) {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
  };
}

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

type Fingerprinted = { input_sha256: string; bytes: number };

export function accepted(r: ReadReturnResult): IngestAccepted & Fingerprinted {
  if (!r.ok) throw new Error(`rejected: ${JSON.stringify(r.report.issues, null, 1)}`);
  return r;
}

export function rejected(r: ReadReturnResult): IngestRejected & Fingerprinted {
  if (r.ok) throw new Error('expected a rejection');
  return r;
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
