/**
 * Number formatting for the report and its charts. Written out by hand rather than with
 * toLocaleString so that the report is identical whatever locale or ICU build renders it.
 */

/** 1234567 → "1,234,567"; keeps up to `decimals` decimals, dropping trailing zeros. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', frac = ''] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = frac.replace(/0+$/, '');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${grouped}${trimmed ? `.${trimmed}` : ''}`;
}

/** A count or a rate as the finding's unit says: counts to one decimal at most, rates to 3 significant figures. */
export function formatMeasure(value: number | null, unit: 'crimes' | 'rate'): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (unit === 'rate') return Number(value.toPrecision(3)).toString();
  return formatNumber(value, Number.isInteger(value) ? 0 : 1);
}

/** p- and q-values: two significant figures, with a floor below which only "< 0.0001" is meaningful. */
export function formatProbability(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (value < 0.0001) return '< 0.0001';
  return Number(value.toPrecision(2)).toString();
}

/** Signed, three decimals: effect sizes such as log rate ratios or share changes. */
export function formatSigned(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const text = Math.abs(value).toFixed(3);
  if (Number(text) === 0) return text;
  return `${value < 0 ? '−' : '+'}${text}`;
}

/** Relative change of observed against expected, e.g. "−25%"; empty when it is not meaningful. */
export function formatChange(observed: number | null, expected: number | null): string {
  if (observed === null || expected === null || !Number.isFinite(observed) || !Number.isFinite(expected))
    return '';
  if (expected <= 0) return '';
  const pct = ((observed - expected) / expected) * 100;
  const rounded = Math.abs(pct) >= 10 ? Math.round(pct) : Math.round(pct * 10) / 10;
  if (rounded === 0) return '0%';
  return `${rounded < 0 ? '−' : '+'}${Math.abs(rounded)}%`;
}
