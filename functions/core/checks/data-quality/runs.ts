/** Runs of consecutive periods: the unit most data-quality findings are about (one cause, one finding). */

/** Every maximal run of consecutive entries of `periods` that satisfy `holds`, as [first, last] indexes. */
export function runsWhere(
  periods: readonly string[],
  holds: (period: string) => boolean,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let t = 0;
  while (t < periods.length) {
    if (!holds(periods[t]!)) {
      t++;
      continue;
    }
    let end = t;
    while (end + 1 < periods.length && holds(periods[end + 1]!)) end++;
    out.push([t, end]);
    t = end + 1;
  }
  return out;
}
