/**
 * How an offence code is written canonically. Codes are strings, never numbers: "4.1" (manslaughter)
 * and "4.10" (corporate manslaughter) are different offences, as are "8" and "08" would be, so no
 * numeric parsing ever touches them.
 */
export function normaliseOffenceCode(code: string): string {
  // Spreadsheets pad cells and lower-case letters ("8n "); internal spaces are collapsed, not removed,
  // because "UK Finance" is itself a code.
  return code.trim().replace(/\s+/g, ' ').toUpperCase();
}
