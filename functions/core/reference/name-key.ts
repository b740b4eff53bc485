/**
 * The comparison key for names typed by people and spreadsheets: force names, force slugs, offence
 * group names. Published tables disagree on case, spacing, "&" versus "and", hyphens and commas
 * ("Avon & Somerset", "Avon and Somerset", "avon-and-somerset"), so all of those are folded away and
 * only letters and digits remain.
 */
export function nameKey(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '');
}
