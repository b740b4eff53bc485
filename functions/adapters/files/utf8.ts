/**
 * Finding where a byte stream stops being UTF-8. TextDecoder (fatal) says only *that* a chunk is
 * invalid; an auditor needs the line, so the failing chunk is re-scanned with the UTF-8 rules
 * (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) to find the first bad byte.
 */

function isCont(b: number | undefined): boolean {
  return b !== undefined && (b & 0xc0) === 0x80;
}

/**
 * Index in `bytes` of the first byte that cannot be UTF-8, scanning from `from`; -1 when none (a
 * sequence cut off by the end of `bytes` is not counted: the next chunk may complete it). Bytes before
 * `from` are context only — the tail of the previous chunk — and stray continuation bytes there belong
 * to sequences that already decoded; a character that begins there but is broken after `from` is
 * reported at its first byte (so the result may be below `from`).
 */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else {
      if (i >= from) return i;
      i += 1; // a continuation byte in the context: its lead byte was in an earlier chunk
      continue;
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return -1; // cut off by the end of the chunk
      const ok = k === 1 ? c >= lo && c <= hi : isCont(c);
      // A sequence opened in the context and broken here is reported at its first byte.
      if (!ok) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Number of LF bytes in bytes[0, end). */
export function countLineFeeds(bytes: Uint8Array, end = bytes.length): number {
  let n = 0;
  let i = bytes.indexOf(10);
  while (i !== -1 && i < end) {
    n += 1;
    i = bytes.indexOf(10, i + 1);
  }
  return n;
}
