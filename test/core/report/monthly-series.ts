/** Monthly chart points for the report tests, from April 2021 onwards. */
export function monthlySeries(start: number, values: number[], expected?: number[]) {
  return values.map((value, i) => {
    const index = 2021 * 12 + 3 + start + i;
    const period = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    return { period, value, expected: expected?.[i] ?? null };
  });
}
