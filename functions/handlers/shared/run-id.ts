/** Run ids for cloud runs: sortable by time, safe as a key segment (layout.ts assertRunId). */
import { randomBytes } from 'node:crypto';

/** `20261122T141500Z` from an instant. */
export function compactStamp(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('invalid date for a run id');
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** `<stamp>-<label>-<6 random hex>`: a fresh id for a run nothing else can name. */
export function newCloudRunId(at: Date, label: string): string {
  return `${compactStamp(at)}-${label}-${randomBytes(3).toString('hex')}`;
}
