/**
 * Bounded concurrency for the stores' many small reads (Parquet files, S3 objects): enough in flight
 * to hide latency, few enough not to exhaust file handles or sockets.
 */

/** Maps with at most `limit` promises in flight, keeping input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
