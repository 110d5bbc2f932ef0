import type { RecordedEvent, SubscribeOptions, SubscriptionMessage } from '@gavel/core';
import type { Notifier } from './createNotifier';
import type { Statements } from './statements';
import { toRecordedEvent } from './toRecordedEvent';

/** What a subscription needs from its store. */
export interface SubscriptionContext {
  readonly statements: Statements;
  readonly notifier: Notifier;
  /** How often a live subscription looks for other processes' appends. */
  readonly pollIntervalMs: number;
  /** Rows read per query. */
  readonly pageSize: number;
  /**
   * Runs one read: throws `STORE_CLOSED` when the store is closed, the store's `UNAVAILABLE` once its
   * file was deleted, and driver errors mapped to `EventStoreError`s.
   */
  readonly read: <T>(what: string, run: () => T) => T;
  readonly isClosed: () => boolean;
}

/**
 * A subscription by position. SQLite has one writer at a time and a position is assigned inside the
 * write lock, so once position `p` is visible every position below it is committed: reading
 * `(delivered, head]` never skips an event. History is read up to the head seen at the start, then
 * `caught-up` (that head), then the loop waits for this store's own appends (woken at once) or the poll
 * interval (other processes' appends) and reads again.
 *
 * SQLite is a file of this machine, not a server: there is no outage to wait out. A read that fails
 * (the file deleted, an I/O error) ends the iteration with that error, as an `EventStoreError`.
 */
export const subscribe = (
  context: SubscriptionContext,
  options: SubscribeOptions = {},
): AsyncIterable<SubscriptionMessage> => {
  const { statements, notifier, pollIntervalMs, pageSize, read, isClosed } = context;
  const fromPosition = options.fromPosition ?? 0n;
  const prefix = options.category === undefined ? null : `${options.category}-`;
  const signal = options.signal;
  const stopped = (): boolean => signal?.aborted === true || isClosed();

  const readPage = (after: bigint, upTo: bigint): RecordedEvent[] =>
    read('subscription read', () =>
      (prefix === null
        ? statements.readAll.all(after, upTo, pageSize)
        : statements.readCategory.all(after, upTo, prefix, pageSize)
      ).map(toRecordedEvent),
    );

  const readHead = (): bigint => read('subscription read', () => (statements.head.get() as [bigint])[0]);

  return {
    async *[Symbol.asyncIterator]() {
      read('subscription', () => undefined);
      let position = fromPosition;

      /** Delivers the events in `(position, upTo]`; afterwards `position` is `upTo`. */
      async function* deliver(upTo: bigint): AsyncGenerator<SubscriptionMessage, void> {
        while (position < upTo) {
          if (stopped()) return;
          const page = readPage(position, upTo);
          for (const event of page) {
            if (stopped()) return;
            position = event.globalPosition;
            yield { type: 'event', event };
          }
          if (page.length < pageSize) position = upTo;
        }
      }

      const historyEnd = readHead();
      yield* deliver(historyEnd);
      if (stopped()) return;
      yield { type: 'caught-up', position: historyEnd > fromPosition ? historyEnd : fromPosition };
      while (!stopped()) {
        const head = readHead();
        if (head > position) yield* deliver(head);
        else await notifier.wait(pollIntervalMs, signal);
      }
    },
  };
};
