/**
 * Escaping for text placed in HTML (and inline SVG) content or quoted attribute values. Every string
 * that comes from a finding, an input file or the caller goes through here: findings quote force
 * data, and a report must never run or render markup that arrived inside the data.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** A fragment identifier made only of safe characters (for id="" and href="#…"). */
export function anchorId(prefix: string, value: string): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${prefix}-${cleaned || 'x'}`;
}
