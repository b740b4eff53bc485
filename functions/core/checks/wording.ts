/**
 * Wording every check family shares, so that summaries and notices name things the same way.
 * Written out by hand (no Intl): a finding's text must not change with the machine's locale or ICU.
 */

/** Forces named in a sentence: all of them up to five, else the first five "and N more". */
export function forceList(forces: readonly string[]): string {
  return forces.length > 5
    ? `${forces.slice(0, 5).join(', ')} and ${forces.length - 5} more`
    : forces.join(', ');
}
