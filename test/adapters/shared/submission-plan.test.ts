// Stored submission manifests are read back through their schema: a manifest that is damaged is refused
// naming its key and the first field that is wrong, and a good one reads back exactly as it was written.
import { describe, expect, it } from 'vitest';
import { CorruptManifestError, manifestText, parseManifest } from '#adapters/shared/submission-plan.ts';
import type { SubmissionManifest } from '#core/model/submission.ts';

const SHA = 'a'.repeat(64);
const KEY = `curated/submissions/${SHA}.json`;

function manifest(): SubmissionManifest {
  return {
    sha: SHA,
    fileName: 'extract.csv',
    forces: ['kent'],
    rows: 2,
    submitted_at: '2025-04-01T09:00:00.000Z',
    raw: `raw/force_code=kent/${SHA}/extract.csv`,
    curated: [`curated/returns/force_code=kent/${SHA}.parquet`],
    notes: [
      {
        kind: 'duplicate_crime_id',
        force_code: 'kent',
        period_start: '2025-01',
        period_end: '2025-01',
        file: 'extract.csv',
        crimes: 1,
        rows_dropped: 1,
        conflicting_rows: 0,
        duplicates: [{ crime_id: 'C1', kept_line: 2, line: 3, identical: true }],
        input_sha256: SHA,
      },
    ],
    transitions: [
      { force_code: 'kent', month: '2025-01', from_offence_code: '8N', to_offence_code: '8L', count: 1 },
    ],
    cohorts: [
      {
        force_code: 'kent',
        month: '2025-01',
        offence_code: '8L',
        crimes: 2,
        cancelled_within: 0,
        follow_up_days: 90,
        complete: false,
      },
    ],
  };
}

/** The manifest as stored, with fields replaced (undefined: left out). */
function stored(patch: Record<string, unknown>): string {
  return JSON.stringify({ ...manifest(), ...patch });
}

/** The manifest as stored, with fields of its note replaced. */
function storedNote(patch: Record<string, unknown>): string {
  return stored({ notes: [{ ...manifest().notes[0], ...patch }] });
}

function refusal(text: string): string {
  try {
    parseManifest(text, SHA);
  } catch (e) {
    expect(e).toBeInstanceOf(CorruptManifestError);
    return (e as Error).message;
  }
  throw new Error('the manifest was accepted');
}

describe('parseManifest', () => {
  it('reads a manifest back exactly as it was written, key order included', () => {
    const text = manifestText(manifest());
    expect(manifestText(parseManifest(text, SHA))).toBe(text);
  });

  it('rebuilds the curated keys from the forces rather than trusting the file', () => {
    const m = parseManifest(stored({ curated: ['../../etc/passwd'] }), SHA);
    expect(m.curated).toEqual([`curated/returns/force_code=kent/${SHA}.parquet`]);
  });

  it('reads a manifest written before cohorts existed as having none', () => {
    expect(parseManifest(stored({ cohorts: undefined }), SHA).cohorts).toEqual([]);
  });

  it('names the key and the first bad field of a damaged note', () => {
    const text = storedNote({ crimes: 'one' });
    const message = refusal(text);
    expect(message).toContain(KEY);
    expect(message).toContain('field "notes.0.crimes"');
  });

  it('refuses an unknown note kind, a missing field and a bad instant, each by name', () => {
    const kind = storedNote({ kind: 'mystery' });
    expect(refusal(kind)).toContain('field "notes.0.kind"');
    expect(refusal(stored({ transitions: undefined }))).toContain('field "transitions"');
    expect(refusal(stored({ submitted_at: 'yesterday' }))).toMatch(
      /field "submitted_at": expected an ISO 8601 instant/,
    );
  });

  it('refuses text that is not JSON, and a manifest stored under another sha', () => {
    expect(refusal('{"sha":')).toBe(`submission manifest ${KEY} is not JSON`);
    const other = stored({ sha: 'b'.repeat(64) });
    expect(refusal(other)).toMatch(/field "sha": expected a{64} \(its key\)/);
  });

  it('refuses a force that is not a slug before it can become part of a key', () => {
    expect(() => parseManifest(stored({ forces: ['../kent'] }), SHA)).toThrow(/not a force slug/);
  });
});
