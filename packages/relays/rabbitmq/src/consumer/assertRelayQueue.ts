import type { Channel } from 'amqplib';

/** Options of {@link assertRelayQueue}. */
export interface RelayQueueOptions {
  /** The relay's exchange (default `gavel.events`): declared too (topic, durable), so that either side may start first. */
  readonly exchange?: string;
  /** The queue's name: a durable quorum queue, declared when missing. */
  readonly queue: string;
  /** The routing keys bound (default `['#']`, every message): e.g. `['AuctionClosed.*']`, `['*.lot-42']`. */
  readonly bindingKeys?: readonly string[];
  /**
   * More queue arguments (`x-…`). Do not give the queue a length limit that drops messages
   * (`x-max-length` with the default `drop-head` overflow): the relay could not know, and an event would
   * be lost. `x-overflow: 'reject-publish'` is safe: the relay is refused and publishes again.
   */
  readonly arguments?: Readonly<Record<string, unknown>>;
}

/**
 * Declares a consumer's queue for a relay: the topic exchange (durable), a durable **quorum** queue
 * (replicated, and it keeps every message the broker confirmed to the relay across a broker restart),
 * and its bindings. Idempotent. Declare the queue before the relay publishes what it must receive: the
 * broker drops a message that no queue's binding matches, even when it confirms it.
 */
export const assertRelayQueue = async (channel: Channel, options: RelayQueueOptions): Promise<void> => {
  const exchange = options.exchange ?? 'gavel.events';
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(options.queue, {
    durable: true,
    arguments: { ...options.arguments, 'x-queue-type': 'quorum' },
  });
  for (const key of options.bindingKeys ?? ['#']) await channel.bindQueue(options.queue, exchange, key);
};
