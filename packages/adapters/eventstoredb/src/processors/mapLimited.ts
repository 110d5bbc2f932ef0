/** How many requests one processor call keeps in flight at once (over the client's one connection). */
export const CONCURRENT_REQUESTS = 32;

/**
 * Runs `work` on every item with at most `limit` running at once, and answers the results in the
 * items' order. Stops starting new work after the first failure, which it rejects with.
 */
export const mapLimited = async <T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/** The numbers 0 to `count - 1`. */
export const range = (count: number): number[] => Array.from({ length: count }, (_, n) => n);
