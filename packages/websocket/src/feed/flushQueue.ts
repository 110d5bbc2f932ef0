/** Flushes connections' queued frames together: one timer for the whole feed, not one per connection. */
export interface FlushQueue {
  /** Runs `flush` at the next flush (once, however often it is scheduled before then). */
  readonly schedule: (flush: () => void) => void;
  /** Cancels the pending flush. */
  readonly close: () => void;
}

/**
 * A flush queue: with `intervalMs` 0 it flushes once the current turn of the event loop is done
 * (`setImmediate`), so the changes of one turn (a bid and its extension) leave in one write; with more,
 * it waits up to that long, trading delivery lag for fewer writes (system calls) per message.
 */
export const createFlushQueue = (intervalMs: number): FlushQueue => {
  let pending: (() => void)[] = [];
  let handle: NodeJS.Immediate | NodeJS.Timeout | null = null;
  const run = (): void => {
    handle = null;
    const flushes = pending;
    pending = [];
    for (const flush of flushes) flush();
  };
  return {
    schedule: (flush) => {
      pending.push(flush);
      if (handle === null) handle = intervalMs === 0 ? setImmediate(run) : setTimeout(run, intervalMs);
    },
    close: () => {
      if (handle !== null) {
        if (intervalMs === 0) clearImmediate(handle as NodeJS.Immediate);
        else clearTimeout(handle as NodeJS.Timeout);
      }
      handle = null;
      pending = [];
    },
  };
};
