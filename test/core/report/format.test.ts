import { describe, expect, it } from 'vitest';
import { anchorId, escapeHtml } from '#core/report/escape.ts';
import {
  formatChange,
  formatMeasure,
  formatNumber,
  formatProbability,
  formatSigned,
} from '#core/report/format.ts';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters and blanks null', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(3)).toBe('3');
  });

  it('makes anchor ids of safe characters only', () => {
    expect(anchorId('force', 'greater-manchester')).toBe('force-greater-manchester');
    expect(anchorId('force', '"><script>')).toBe('force-script');
    expect(anchorId('f', '')).toBe('f-x');
  });
});

describe('number formatting', () => {
  it('groups thousands without depending on the locale', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(-1234.5, 1)).toBe('-1,234.5');
    expect(formatNumber(12.3456, 2)).toBe('12.35');
    expect(formatNumber(7, 2)).toBe('7');
  });

  it('formats measures by unit', () => {
    expect(formatMeasure(1500, 'crimes')).toBe('1,500');
    expect(formatMeasure(1500.26, 'crimes')).toBe('1,500.3');
    expect(formatMeasure(0.034567, 'rate')).toBe('0.0346');
    expect(formatMeasure(null, 'crimes')).toBe('—');
  });

  it('formats p/q-values, effect sizes and relative change', () => {
    expect(formatProbability(0.00312)).toBe('0.0031');
    expect(formatProbability(1e-9)).toBe('< 0.0001');
    expect(formatProbability(null)).toBe('—');
    expect(formatSigned(-0.28768)).toBe('−0.288');
    expect(formatSigned(0.5)).toBe('+0.500');
    expect(formatChange(1500, 2000)).toBe('−25%');
    expect(formatChange(2050, 2000)).toBe('+2.5%');
    expect(formatChange(5, 0)).toBe('');
  });
});
