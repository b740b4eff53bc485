/**
 * Remembers every crime_id of a record-level extract, per force, so that a crime listed on more than
 * one row is counted once. What is kept per crime is the least that answers the three questions asked
 * of a repeat: which line was kept, in which month it was counted, and whether the repeat says the
 * same thing (a 32-bit fingerprint of the fields that decide how a crime is counted).
 *
 * Memory: the crime_id strings themselves (about 20–30 bytes each for references like `COL-23-000001`)
 * plus a Map entry (about 20–30 bytes with V8's hash table slack) plus 16 bytes of typed arrays — some
 * 60–80 MB for 1,000,000 crimes. That is the price of the guarantee; the cells stay as few as before.
 * A V8 Map holds at most 2^24 entries, so a force's ids are spread over further maps past 2^23.
 */

/** What a repeat found about the row that was kept. */
export interface KeptRow {
  line: number;
  /** The month the kept row was counted in (or, for a transferred row, would have been). */
  month: string;
  /** True when the repeat agrees with the kept row on every compared field. */
  identical: boolean;
  /** True the first time this crime is repeated (so distinct crimes can be counted). */
  firstRepeat: boolean;
}

const SEGMENT_LIMIT = 1 << 23;
const INITIAL_CAPACITY = 1024;

export class CrimeIdIndex {
  private readonly byForce = new Map<string, Map<string, number>[]>();
  private readonly monthIds = new Map<string, number>();
  private readonly months: string[] = [];
  private size = 0;
  private lines = new Int32Array(INITIAL_CAPACITY);
  private monthOf = new Int32Array(INITIAL_CAPACITY);
  private fingerprints = new Int32Array(INITIAL_CAPACITY);
  private repeats = new Int32Array(INITIAL_CAPACITY);

  /** Distinct crimes remembered so far (all forces). */
  get crimes(): number {
    return this.size;
  }

  /**
   * Null the first time a force's crime_id is seen (the row is remembered and should be counted);
   * otherwise what was kept, and the row should be left out.
   */
  repeatOf(force: string, crimeId: string, line: number, month: string, fingerprint: number): KeptRow | null {
    let segments = this.byForce.get(force);
    if (!segments) {
      segments = [new Map()];
      this.byForce.set(force, segments);
    }
    for (const segment of segments) {
      const at = segment.get(crimeId);
      if (at === undefined) continue;
      const firstRepeat = this.repeats[at] === 0;
      this.repeats[at] = (this.repeats[at] ?? 0) + 1;
      return {
        line: this.lines[at]!,
        month: this.months[this.monthOf[at]!]!,
        identical: this.fingerprints[at] === fingerprint,
        firstRepeat,
      };
    }
    let last = segments[segments.length - 1]!;
    if (last.size >= SEGMENT_LIMIT) {
      last = new Map();
      segments.push(last);
    }
    const at = this.size;
    this.grow(at + 1);
    last.set(crimeId, at);
    this.lines[at] = line;
    this.monthOf[at] = this.monthId(month);
    this.fingerprints[at] = fingerprint;
    this.size += 1;
    return null;
  }

  private monthId(month: string): number {
    let id = this.monthIds.get(month);
    if (id === undefined) {
      id = this.months.length;
      this.months.push(month);
      this.monthIds.set(month, id);
    }
    return id;
  }

  private grow(needed: number): void {
    if (needed <= this.lines.length) return;
    const capacity = Math.max(needed, this.lines.length * 2);
    const widen = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.lines = widen(this.lines);
    this.monthOf = widen(this.monthOf);
    this.fingerprints = widen(this.fingerprints);
    this.repeats = widen(this.repeats);
  }
}

/**
 * FNV-1a over the given texts, with a separator that cannot occur in them, as a signed 32-bit
 * integer. Two different rows share a fingerprint with probability about 2^-32: a repeat that differs
 * could, that rarely, be reported as an exact copy; the count is the same either way (first row wins).
 */
export function fingerprint(parts: ReadonlyArray<string | null>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = part ?? '\u0001';
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
