/** Flushes connections' queued frames together: one timer for the whole feed, not one per connection. */
export interface FlushQueue {
  /** Runs `flush` at the next flush (once, however often it is scheduled before then). */
  readonly schedule: (flush: () => void) => void;
  /** Cancels the pending flush. */
  readonly close: () => void;
}

/**
 * A flush queue. A flush runs once the current turn of the event loop is done (`setImmediate`), so the
 * changes of one turn (a bid and its extension) leave in one write per connection; with `intervalMs`,
 * flushes are at least that far apart: the first frame after a quiet spell still leaves at once, and
 * under a stream of changes several leave in one write (fewer system calls per message, at most
 * `intervalMs` more lag).
 */
export const createFlushQueue = (intervalMs: number): FlushQueue => {
  let pending: (() => void)[] = [];
  let immediate: NodeJS.Immediate | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastRun = Number.NEGATIVE_INFINITY;
  const run = (): void => {
    immediate = null;
    timer = null;
    lastRun = performance.now();
    const flushes = pending;
    pending = [];
    for (const flush of flushes) flush();
  };
  return {
    schedule: (flush) => {
      pending.push(flush);
      if (immediate !== null || timer !== null) return;
      const wait = lastRun + intervalMs - performance.now();
      if (wait <= 0) immediate = setImmediate(run);
      else timer = setTimeout(run, wait);
    },
    close: () => {
      if (immediate !== null) clearImmediate(immediate);
      if (timer !== null) clearTimeout(timer);
      immediate = null;
      timer = null;
      pending = [];
    },
  };
};
