/**
 * Remembers every crime_id of a record-level extract, per force, so that a crime listed on more than
 * one row is counted once. What is kept per crime is the least that answers the three questions asked
 * of a repeat: which line was kept, in which month it was counted, and whether the repeat says the
 * same thing (a 32-bit fingerprint of the fields that decide how a crime is counted).
 *
 * Memory and time: a Map of a million strings costs some 60–80 MB of small objects that the garbage
 * collector walks again and again while the extract is read. So the ids are copied, as bytes (an
 * ASCII character one, any other three), into one growing array, and found through an open-addressing
 * hash table of integers: a byte a character plus about 40 bytes a crime (twice that while an array is
 * being doubled) — some 55 MB for 1,000,000 crimes of 15 characters, in a handful of typed arrays the
 * collector never looks into. Ids are compared character by character, so two ids are one crime only
 * when they are the same text for the same force.
 */
import type { RecordLevelRow } from './schemas.ts';

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

const INITIAL_CRIMES = 1024;
/** An estimate is trusted up to this many crimes (some 200 MB of arrays); past it they grow as they fill. */
const MAX_PRESIZED_CRIMES = 1 << 22;

export class CrimeIdIndex {
  private readonly forceIds = new Map<string, number>();
  private lastForce: string | null = null;
  private lastForceId = 0;
  /** The hash of the id encode() wrote last (returned so, beside where it ends). */
  private encodedHash = 0;
  private readonly monthIds = new Map<string, number>();
  private readonly months: string[] = [];
  private size = 0;
  /**
   * Open addressing, linear probing, at most half full. Slot s is two integers: the crime's index + 1
   * (0 for a free slot) at 2s, and its hash at 2s + 1 — side by side, so that passing over another
   * crime's slot reads no other array (a million crimes spread the table over more memory than the
   * processor's caches hold, and each array read on the way would be a wait on memory).
   */
  private slots: Int32Array;
  /** The ids, encoded back to back: crime i is bytes[starts[i], starts[i + 1]). */
  private bytes: Uint8Array;
  private starts: Int32Array;
  /** Force and month as small integers: an extract names a few forces, and months 1900–2099. */
  private forces: Uint8Array;
  private lines: Int32Array;
  private monthOf: Uint16Array;
  private fingerprints: Int32Array;
  /** 1 once the crime was repeated. */
  private repeated: Uint8Array;

  /**
   * `expectedCrimes`, when the caller can estimate it, makes the table and arrays that large from the
   * start: growing them from a thousand crimes to a million rehashes and copies them ten times.
   */
  constructor(expectedCrimes = 0) {
    // The table holds slots.length / 4 crimes before it doubles; the arrays are made for as many.
    let capacity = INITIAL_CRIMES;
    while (capacity < Math.min(expectedCrimes, MAX_PRESIZED_CRIMES)) capacity *= 2;
    this.slots = new Int32Array(capacity * 4);
    this.bytes = new Uint8Array(capacity * 16);
    this.starts = new Int32Array(capacity + 1);
    this.forces = new Uint8Array(capacity);
    this.lines = new Int32Array(capacity);
    this.monthOf = new Uint16Array(capacity);
    this.fingerprints = new Int32Array(capacity);
    this.repeated = new Uint8Array(capacity);
  }

  /** Distinct crimes remembered so far (all forces). */
  get crimes(): number {
    return this.size;
  }

  /**
   * Null the first time a force's crime_id is seen (the row is remembered and should be counted);
   * otherwise what was kept, and the row should be left out.
   */
  repeatOf(force: string, crimeId: string, line: number, month: string, fingerprint: number): KeptRow | null {
    const f = this.forceId(force);
    const at = this.size;
    this.reserve(at + 1, 3 * crimeId.length);
    // The id is written after the last crime's first, hashed on the way, and compared as bytes (the
    // string is read once): a new crime keeps it there, a repeat leaves it to be overwritten by the next.
    const from = this.starts[at]!;
    const to = this.encode(from, crimeId, f);
    const hash = this.encodedHash;
    const slots = this.slots;
    const mask = slots.length - 2;
    let slot = (hash << 1) & mask;
    for (let kept = slots[slot]! - 1; kept >= 0; kept = slots[slot]! - 1) {
      if (slots[slot + 1] === hash && this.forces[kept] === f && this.sameBytes(kept, from, to)) {
        const firstRepeat = this.repeated[kept] === 0;
        this.repeated[kept] = 1;
        return {
          line: this.lines[kept]!,
          month: this.months[this.monthOf[kept]!]!,
          identical: this.fingerprints[kept] === fingerprint,
          firstRepeat,
        };
      }
      slot = (slot + 2) & mask;
    }
    this.starts[at + 1] = to;
    this.forces[at] = f;
    this.lines[at] = line;
    this.monthOf[at] = this.monthId(month);
    this.fingerprints[at] = fingerprint;
    slots[slot] = at + 1;
    slots[slot + 1] = hash;
    this.size += 1;
    if (this.size * 4 > slots.length) this.rehash();
    return null;
  }

  /**
   * Writes the id's bytes from `from` (a code unit below 0x80 as itself, any other as 0x80 and its two
   * bytes: no two ids share an encoding) and their hash with force `f` to encodedHash (see idHash);
   * returns where they end.
   */
  private encode(from: number, crimeId: string, f: number): number {
    const bytes = this.bytes;
    // Nearly every id is ASCII: copied and hashed straight, and only an id that is not is written again.
    const n = crimeId.length;
    let any = 0;
    let h = fnvStart(f);
    // Two bytes a hash step, as prefixFnv does.
    let i = 0;
    for (; i + 1 < n - 1; i += 2) {
      const c = crimeId.charCodeAt(i);
      const d = crimeId.charCodeAt(i + 1);
      any |= c | d;
      bytes[from + i] = c;
      bytes[from + i + 1] = d;
      h = Math.imul(h ^ (c | (d << 8)), FNV_PRIME);
    }
    if (i < n - 1) {
      const c = crimeId.charCodeAt(i);
      any |= c;
      bytes[from + i] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    const last = n > 0 ? crimeId.charCodeAt(n - 1) : 0;
    if (n > 0) bytes[from + n - 1] = last;
    if ((any | last) < 0x80) {
      this.encodedHash = idHash(h, last);
      return from + n;
    }
    let p = from;
    for (let i = 0; i < n; i++) {
      const c = crimeId.charCodeAt(i);
      if (c < 0x80) bytes[p++] = c;
      else {
        bytes[p++] = 0x80;
        bytes[p++] = c >>> 8;
        bytes[p++] = c & 0xff;
      }
    }
    this.encodedHash = idHash(prefixFnv(f, bytes, from, p - 1), bytes[p - 1]!);
    return p;
  }

  /** True when crime `kept`'s id is the bytes [from, to). */
  private sameBytes(kept: number, from: number, to: number): boolean {
    const bytes = this.bytes;
    const start = this.starts[kept]!;
    if (this.starts[kept + 1]! - start !== to - from) return false;
    for (let i = 0; i < to - from; i++) if (bytes[start + i] !== bytes[from + i]) return false;
    return true;
  }

  private forceId(force: string): number {
    // An extract is nearly always one force's: row after row, the same one.
    if (force === this.lastForce) return this.lastForceId;
    let id = this.forceIds.get(force);
    if (id === undefined) {
      id = this.forceIds.size;
      if (id > 0xff) throw new RangeError('more than 256 forces in one extract');
      this.forceIds.set(force, id);
    }
    this.lastForce = force;
    this.lastForceId = id;
    return id;
  }

  private monthId(month: string): number {
    let id = this.monthIds.get(month);
    if (id === undefined) {
      id = this.months.length;
      if (id > 0xffff) throw new RangeError('more than 65,536 months in one extract');
      this.months.push(month);
      this.monthIds.set(month, id);
    }
    return id;
  }

  /** Room for `crimes` crimes and `bytes` more bytes of ids. */
  private reserve(crimes: number, bytes: number): void {
    const used = this.starts[this.size]!;
    if (used + bytes > this.bytes.length) {
      this.bytes = widen(this.bytes, Math.max(used + bytes, this.bytes.length * 2));
    }
    if (crimes <= this.lines.length) return;
    const capacity = Math.max(crimes, this.lines.length * 2);
    this.starts = widen(this.starts, capacity + 1);
    this.forces = widen(this.forces, capacity);
    this.lines = widen(this.lines, capacity);
    this.monthOf = widen(this.monthOf, capacity);
    this.fingerprints = widen(this.fingerprints, capacity);
    this.repeated = widen(this.repeated, capacity);
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 2;
    for (let from = 0; from < old.length; from += 2) {
      if (old[from] === 0) continue;
      const hash = old[from + 1]!;
      let slot = (hash << 1) & mask;
      while (slots[slot] !== 0) slot = (slot + 2) & mask;
      slots[slot] = old[from]!;
      slots[slot + 1] = hash;
    }
    this.slots = slots;
  }
}

function widen<A extends Int32Array | Uint16Array | Uint8Array>(a: A, capacity: number): A {
  const b = new (a.constructor as new (n: number) => A)(capacity);
  b.set(a);
  return b;
}

/** An id's hash: FNV-1a over the force and the id's bytes, then an avalanche so the low bits probe well. */
const FNV_PRIME = 0x01000193;

function fnvStart(force: number): number {
  return Math.imul(0x811c9dc5 ^ force, FNV_PRIME);
}

/**
 * The hash of an id from the FNV-1a of all its bytes but the last, and that last byte, which decides
 * only the hash's low four bits: ids that differ only in their last character — consecutive numbers,
 * the way forces number crimes — lie in one group of 16 neighbouring slots, so that ten new crimes in
 * a row cost one wait on memory instead of ten (the table is larger than the processor's caches). The
 * last byte's high bits go into the rest of the hash, so at most 16 ids share a group whatever the ids,
 * and its low bits are mixed with the prefix's, so ids that all end alike still spread over the slots.
 */
function idHash(prefixHash: number, last: number): number {
  const h = avalanche(Math.imul(prefixHash ^ (0x100 | (last >>> 4)), FNV_PRIME));
  return h ^ (last & 15);
}

/** FNV-1a with force `f` over bytes[from, to), two bytes a step (each step waits on the one before). */
function prefixFnv(f: number, bytes: Uint8Array, from: number, to: number): number {
  let h = fnvStart(f);
  let i = from;
  for (; i + 1 < to; i += 2) h = Math.imul(h ^ (bytes[i]! | (bytes[i + 1]! << 8)), FNV_PRIME);
  if (i < to) h = Math.imul(h ^ bytes[i]!, FNV_PRIME);
  return h;
}

function avalanche(fnv: number): number {
  let h = fnv;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Mixed in after each field: no character is this large, so a field's end is never a character. */
const FIELD_END = 0x10000;
/** Stands for a null field, told apart from an empty one. */
const NULL_FIELD = 0x20000;

/**
 * The fingerprint of the fields of a record-level row that decide how its crime is counted, as a
 * signed 32-bit integer: FNV-1a over each field's characters, every field closed by its length. Two
 * different rows share a fingerprint with probability about 2^-32: a repeat that differs could, that
 * rarely, be reported as an exact copy; the count is the same either way (first row wins). Hashing
 * the characters afresh (some 40 a row) costs less than finding each field's hash in a Map.
 */
export function rowFingerprint(r: RecordLevelRow): number {
  let h = 0x811c9dc5 | 0;
  h = mix(h, r.recorded_date.date);
  h = mix(h, r.offence_code);
  h = mix(h, r.original_offence_code);
  h = mix(h, r.status);
  h = mix(h, r.status_date === null ? null : r.status_date.date);
  h = mix(h, r.cancellation_code);
  h ^= h >>> 15;
  return h;
}

/** Two characters a step: each step waits on the one before, so half the steps is half the wait. */
function mix(hash: number, field: string | null): number {
  if (field === null) return Math.imul(hash ^ NULL_FIELD, FNV_PRIME);
  const n = field.length;
  let h = hash;
  let i = 0;
  for (; i + 1 < n; i += 2)
    h = Math.imul(h ^ (field.charCodeAt(i) | (field.charCodeAt(i + 1) << 16)), FNV_PRIME);
  if (i < n) h = Math.imul(h ^ field.charCodeAt(i), FNV_PRIME);
  return Math.imul(h ^ (FIELD_END | n), FNV_PRIME);
}
