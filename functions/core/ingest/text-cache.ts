/**
 * Values computed from short texts (a date, a code, a status), remembered per distinct text and found
 * from a range of a larger string — a CSV line — without cutting the range out first. An extract of a
 * million rows repeats a few hundred such texts; cutting each cell out and finding it in a Map costs a
 * new string and its hash on every row, which is most of what reading a row costs.
 *
 * A text is looked up by a hash of its characters and confirmed character by character, so the value
 * found is always the one computed from that exact text. Texts longer than MAX_KEY_CHARS and texts
 * seen after `limit` distinct ones are computed afresh every time (memory stays bounded). A remembered
 * text is copied, so that it does not keep the chunk of the file it was cut from alive.
 */

/** Longer texts are not remembered: no cell this serves is that long, and their copies would add up. */
const MAX_KEY_CHARS = 64;
const INITIAL_SLOTS = 64;

export class TextCache<V> {
  private readonly keys: string[] = [];
  private readonly values: V[] = [];
  private hashes = new Int32Array(INITIAL_SLOTS / 2);
  /** Open addressing, linear probing: entry index + 1, or 0 for a free slot; under half full. */
  private slots = new Int32Array(INITIAL_SLOTS);
  /** The entry found last: a column often holds the same text row after row (a force, a status). */
  private last = -1;

  constructor(
    /** What a text means; given the text as written, untrimmed. */
    private readonly compute: (text: string) => V,
    /** Distinct texts remembered. */
    private readonly limit = 8192,
  ) {}

  /** compute(text.slice(start, end)), remembered. */
  get(text: string, start: number, end: number): V {
    const length = end - start;
    if (length > MAX_KEY_CHARS) return this.compute(text.slice(start, end));
    const last = this.last;
    if (last >= 0 && sameText(this.keys[last]!, text, start, length)) return this.values[last]!;
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = h & mask;
    for (let at = slots[slot]! - 1; at >= 0; at = slots[slot]! - 1) {
      if (this.hashes[at] === h && sameText(this.keys[at]!, text, start, length)) {
        this.last = at;
        return this.values[at]!;
      }
      slot = (slot + 1) & mask;
    }
    if (this.keys.length >= this.limit) return this.compute(text.slice(start, end));
    const key = copyOf(text, start, end);
    const value = this.compute(key);
    this.last = this.keys.length;
    this.hashes[this.keys.length] = h;
    slots[slot] = this.keys.push(key);
    this.values.push(value);
    if (this.keys.length * 2 >= slots.length) this.grow();
    return value;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let at = 0; at < this.keys.length; at++) {
      let slot = this.hashes[at]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = at + 1;
    }
    this.slots = slots;
    const hashes = new Int32Array(slots.length / 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }
}

function sameText(key: string, text: string, start: number, length: number): boolean {
  if (key.length !== length) return false;
  for (let i = 0; i < length; i++) if (key.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** text[start, end) as a string of its own (a slice of 13 characters or more would share the text's memory). */
function copyOf(text: string, start: number, end: number): string {
  const codes: number[] = [];
  for (let i = start; i < end; i++) codes.push(text.charCodeAt(i));
  return String.fromCharCode(...codes);
}
