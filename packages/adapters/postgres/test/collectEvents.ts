import type { EventStore, RecordedEvent } from '@gavel/core';

/** The events a live subscription delivered so far, and the way to end it. */
export interface CollectedEvents {
  /** Every event delivered, in delivery order. */
  readonly events: RecordedEvent[];
  /** Waits until at least `count` events arrived or `timeoutMs` passed, then ends the subscription. */
  readonly stopAfter: (count: number, timeoutMs: number) => Promise<void>;
}

/** Subscribes to `category` after `fromPosition` and keeps every event delivered. */
export const collectEvents = (
  store: EventStore,
  options: { readonly fromPosition: bigint; readonly category: string },
): CollectedEvents => {
  const events: RecordedEvent[] = [];
  const controller = new AbortController();
  const subscribing = (async () => {
    for await (const message of store.subscribe({ ...options, signal: controller.signal }))
      if (message.type === 'event') events.push(message.event);
  })();
  const stopAfter = async (count: number, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (events.length < count && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await subscribing;
  };
  return { events, stopAfter };
};
