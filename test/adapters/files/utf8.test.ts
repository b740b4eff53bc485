// Locating the first invalid UTF-8 byte, including across the boundary between two read chunks.
import { describe, expect, it } from 'vitest';
import { countLineFeeds, firstInvalidUtf8 } from '#adapters/files/utf8.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('firstInvalidUtf8', () => {
  it('accepts valid text, multi-byte characters included', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('Crime £ é — 𝄞 ok'))).toBe(-1);
  });

  it.each([
    ['a Latin-1 é', bytes(0x61, 0xe9, 0x62), 1],
    ['a lone continuation byte', bytes(0x61, 0x80), 1],
    ['an overlong "/"', bytes(0x61, 0xc0, 0xaf), 1],
    ['an overlong three-byte form', bytes(0xe0, 0x80, 0xaf), 0],
    ['an encoded surrogate', bytes(0x61, 0x62, 0xed, 0xa0, 0x80), 2],
    ['a code point above U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['a lead byte followed by ASCII', bytes(0xe2, 0x82, 0x41), 0],
    ['0xFF', bytes(0x41, 0xff), 1],
  ])('finds %s', (_what, input, at) => {
    expect(firstInvalidUtf8(input)).toBe(at);
  });

  it('leaves a sequence cut off by the end of the chunk to the next chunk', () => {
    expect(firstInvalidUtf8(bytes(0x61, 0xe2, 0x82))).toBe(-1);
  });

  it('treats bytes before `from` as context: a character split across chunks is not an error', () => {
    // "€" = E2 82 AC split after E2; the context is the previous chunk's tail.
    const context = bytes(0x61, 0xe2, 0x82, 0xac, 0x62, 0xe9, 0x41);
    expect(firstInvalidUtf8(context, 2)).toBe(5);
    // Stray continuation bytes in the context belong to a character that already decoded.
    expect(firstInvalidUtf8(bytes(0x82, 0xac, 0x41, 0x80), 2)).toBe(3);
    // A character opened in the context and broken after it is reported at its lead byte.
    expect(firstInvalidUtf8(bytes(0x61, 0xe2, 0x41), 2)).toBe(1);
  });
});

describe('countLineFeeds', () => {
  it('counts LF bytes before an offset', () => {
    const b = new TextEncoder().encode('a\nb\r\nc\n');
    expect(countLineFeeds(b)).toBe(3);
    expect(countLineFeeds(b, 4)).toBe(1);
    expect(countLineFeeds(b, 0)).toBe(0);
  });
});
