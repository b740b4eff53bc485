/**
 * Small pieces of wording shared by the reclassification checks' summaries: counts with thousands
 * separators (written out by hand so that no locale or ICU build changes a finding's text) and
 * percentages.
 */

/** 1234.4 → "1,234"; rounds to a whole number. */
export function count(n: number): string {
  const rounded = Math.round(Math.abs(n));
  const digits = String(rounded);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return (n < 0 && rounded > 0 ? '-' : '') + out;
}

/** 0.2013 → "20.1%". */
export function percent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}
