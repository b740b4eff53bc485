// Names and text from outside are printed with their control and formatting characters escaped.
import { describe, expect, it } from 'vitest';
import { visible } from '#cli/visible-text.ts';

describe('visible', () => {
  it.each([
    ['\u001b[31mred\u001b[0m.csv', '\\x1b[31mred\\x1b[0m.csv'],
    ['two\nlines\r.csv', 'two\\nlines\\r.csv'],
    ['tab\there\u0000\u007f', 'tab\\there\\x00\\x7f'],
    ['c1\u009b31m', 'c1\\u009b31m'],
    ['invoice\u202eVSC.exe', 'invoice\\u202eVSC.exe'],
    ['zero\u200bwidth\u{e0041}', 'zero\\u200bwidth\\u{e0041}'],
  ])('escapes %j', (text, shown) => {
    expect(visible(text)).toBe(shown);
  });

  it('keeps printable text, accents and symbols included', () => {
    const text = 'Avon & Somerset – Café £12 "quoted" \\ back/slash 日本.csv';
    expect(visible(text)).toBe(text);
  });
});
