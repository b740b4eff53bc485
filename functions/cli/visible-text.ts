/**
 * Text from outside (file names, paths, values a force wrote) made safe to print on a terminal. A file
 * named with ESC [31m, a carriage return or a bidirectional override could recolour the output, hide a
 * line or reverse what is read; each such character is shown as an escape instead: \n, \r, \t, \xNN
 * for the other C0 controls and DEL, \uNNNN for C1 controls, line separators and the formatting
 * characters (bidirectional, zero-width). Everything printable, accents included, is kept as it is.
 */

/** Controls (C0, DEL, C1), format characters (bidirectional, zero-width, BOM) and line separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escaped(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.codePointAt(0)!;
  const hex = code.toString(16);
  if (code < 0x80) return `\\x${hex.padStart(2, '0')}`;
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

export function visible(text: string): string {
  return text.replace(INVISIBLE, escaped);
}
