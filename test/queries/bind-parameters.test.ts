import { describe, expect, it } from 'vitest';
import {
  asExecutionParameters,
  bindParameters,
  ParameterCountError,
  placeholderOffsets,
} from '#queries/bind-parameters.ts';

describe('query parameters', () => {
  it('finds ? placeholders outside literals, quoted identifiers and comments', () => {
    const sql = `SELECT '?' AS a, "col?" AS b, ? AS c -- why?\n/* ? */ FROM t WHERE x = ? AND y = 'it''s ?'`;
    expect(placeholderOffsets(sql).map((i) => sql.slice(i - 2, i + 3))).toEqual([', ? A', '= ? A']);
  });

  it('binds values as string literals that cannot end early', () => {
    expect(
      bindParameters('SELECT * FROM findings WHERE force_code = ? AND run_id = ?', ['kent', "x' OR '1'='1"]),
    ).toBe("SELECT * FROM findings WHERE force_code = 'kent' AND run_id = 'x'' OR ''1''=''1'");
    expect(asExecutionParameters(['kent', "o'brien"])).toEqual(["'kent'", "'o''brien'"]);
  });

  it('refuses a value count that does not match the placeholders', () => {
    expect(() => bindParameters('SELECT ?', [])).toThrow(ParameterCountError);
    expect(() => bindParameters('SELECT 1', ['a'])).toThrow(/0 "\?" placeholder\(s\) but 1 value/);
  });
});
