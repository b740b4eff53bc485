/**
 * What the first bytes of a file say when it is not UTF-8 text: a compressed file, a workbook, an image
 * or a PDF picked by mistake, UTF-16, or binary data. Each answer tells the force what to submit
 * instead; without it such a file would be reported as "not valid UTF-8 … a Latin-1 character?", which
 * sends them looking for an accent that is not there. Latin-1 and Windows-1252 text has none of these
 * marks and is left to the UTF-8 decoder, whose message fits it.
 */

export interface StartProblem {
  /** The bytes that gave the file away, in hex. */
  value: string;
  message: string;
}

/** How much of the start is examined for NUL and control bytes. */
export const SNIFF_BYTES = 1024;

const RESUBMIT = 'save it as UTF-8 ("CSV UTF-8") and resubmit';

interface Signature {
  magic: readonly number[];
  message: string;
}

const SIGNATURES: readonly Signature[] = [
  {
    magic: [0xff, 0xfe],
    message: `the file is UTF-16 (little-endian byte order mark), not UTF-8: ${RESUBMIT}`,
  },
  { magic: [0xfe, 0xff], message: `the file is UTF-16 (big-endian byte order mark), not UTF-8: ${RESUBMIT}` },
  {
    magic: [0x1f, 0x8b],
    message:
      'the file is gzip-compressed, not CSV: decompress it (e.g. gunzip, or 7-Zip) and submit the CSV inside',
  },
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    message:
      'the file is a zip archive (an .xlsx or .ods spreadsheet?), not CSV: export the sheet as "CSV UTF-8" and submit that (a zip of CSV files: unpack it first)',
  },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    message:
      'the file is an old-style Excel workbook (.xls), not CSV: export the sheet as "CSV UTF-8" and submit that',
  },
  {
    magic: [0x25, 0x50, 0x44, 0x46, 0x2d],
    message: 'the file is a PDF document, not CSV: submit the return as a CSV (UTF-8) export of the data',
  },
  {
    magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    message:
      'the file is a PNG image, not CSV: check the right file was picked, and submit the return as CSV (UTF-8)',
  },
  {
    magic: [0xff, 0xd8, 0xff],
    message:
      'the file is a JPEG image, not CSV: check the right file was picked, and submit the return as CSV (UTF-8)',
  },
];

/** A byte below space other than tab, line feed, form feed and carriage return, or DEL. */
function isControlByte(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f;
}

export function sniffStart(start: Uint8Array): StartProblem | null {
  for (const s of SIGNATURES) {
    if (s.magic.every((b, i) => start[i] === b))
      return { value: hexBytes(start.subarray(0, s.magic.length)), message: s.message };
  }
  const head = start.subarray(0, SNIFF_BYTES);
  let nulEven = 0;
  let nulOdd = 0;
  let controls = 0;
  head.forEach((b, i) => {
    if (b === 0) {
      if (i % 2 === 0) nulEven += 1;
      else nulOdd += 1;
    } else if (isControlByte(b)) controls += 1;
  });
  const nuls = nulEven + nulOdd;
  if (nuls === 0 && (controls <= 2 || controls * 32 <= head.length)) return null;
  const value = hexBytes(head.subarray(0, 8));
  // ASCII text in UTF-16 has a NUL beside every character and no other control bytes.
  const halves = head.length / 2;
  if (controls === 0 && (nulOdd >= halves * 0.8 || nulEven >= halves * 0.8) && nuls <= halves) {
    const order = nulOdd > nulEven ? 'little-endian' : 'big-endian';
    return {
      value,
      message: `the file contains NUL characters: it looks like UTF-16 (${order}) without a byte order mark, not UTF-8; ${RESUBMIT}`,
    };
  }
  return {
    value,
    message:
      'the file is binary data, not text (NUL or control bytes in its first KiB): check the right file was picked, and submit the return as CSV (UTF-8) or JSON Lines',
  };
}

export function hexBytes(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
