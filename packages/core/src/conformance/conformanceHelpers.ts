import type { EventStore, EventToAppend, RecordedEvent, SubscriptionMessage } from '../eventStore/eventStore';

/** What each group of conformance tests gets: the store of the running test. */
export interface ConformanceContext {
  /** The store created for the running test. */
  readonly store: () => EventStore;
}

const randomSuffix = (): string => globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 16);

/** A category no other test uses (letters and digits only, so `<category>-…` is unambiguous). */
export const uniqueCategory = (prefix = 'conf'): string => `${prefix}${randomSuffix()}`;

/** A stream name no other test uses, in `category` (a fresh one by default). */
export const uniqueStream = (category: string = uniqueCategory()): string => `${category}-${randomSuffix()}`;

/** A test event carrying `n`, with an optional id and metadata. */
export const testEvent = (n: number, extra: Partial<EventToAppend> = {}): EventToAppend => ({
  type: 'ConformanceTested',
  data: { n },
  ...extra,
});

/** The `n` of test events, in order. */
export const numbers = (events: readonly RecordedEvent[]): unknown[] =>
  events.map(({ data }) => (typeof data === 'object' && data !== null && 'n' in data ? data.n : undefined));

/**
 * Appends a marker event to a stream of its own and returns its global position, so that a
 * subscription can start "from now" on a store that already holds events.
 */
export const markNow = async (store: EventStore): Promise<bigint> => {
  const result = await store.appendToStream(uniqueStream(uniqueCategory('marker')), [testEvent(-1)], {
    expectedVersion: 'no_stream',
  });
  return result.lastPosition;
};

/** Pulls messages from a subscription one at a time, failing when one does not come within `timeoutMs`. */
export interface SubscriptionReader {
  /** The next message, or `'done'` when the subscription ended. */
  readonly next: () => Promise<SubscriptionMessage | 'done'>;
  /** Pulls the next `count` messages (events or caught-up). */
  readonly take: (count: number) => Promise<SubscriptionMessage[]>;
  /** Ends the subscription. */
  readonly stop: () => Promise<void>;
}

/** Opens a reader over a subscription. */
export const readSubscription = (
  subscription: AsyncIterable<SubscriptionMessage>,
  timeoutMs = 5_000,
): SubscriptionReader => {
  const iterator = subscription[Symbol.asyncIterator]();
  const next = async (): Promise<SubscriptionMessage | 'done'> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no subscription message within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      const result = await Promise.race([iterator.next(), timeout]);
      return result.done ? 'done' : result.value;
    } finally {
      clearTimeout(timer);
    }
  };
  const take = async (count: number): Promise<SubscriptionMessage[]> => {
    const messages: SubscriptionMessage[] = [];
    while (messages.length < count) {
      const message = await next();
      if (message === 'done')
        throw new Error(`subscription ended after ${messages.length} of ${count} messages`);
      messages.push(message);
    }
    return messages;
  };
  const stop = async (): Promise<void> => {
    await iterator.return?.();
  };
  return { next, take, stop };
};

/** The events of subscription messages, in order. */
export const eventsOf = (messages: readonly SubscriptionMessage[]): RecordedEvent[] =>
  messages.flatMap((message) => (message.type === 'event' ? [message.event] : []));
