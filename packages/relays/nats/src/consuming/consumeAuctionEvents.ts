import type { RecordedAuctionEvent } from '@gavel/core';
import { DEFAULT_STREAM } from '../relayOptions';
import type { NatsConsumerOptions } from './consumerOptions';
import { decodeRelayedEvent } from './decodeRelayedEvent';
import { createDurableConsumer, type NatsConsumer } from './durableConsumer';

/**
 * Consumes a relay's stream (default `GAVEL`) through a durable pull consumer of JetStream: each message
 * decoded into a typed {@link RecordedAuctionEvent} (data in today's schema) and handed to `handle`, one
 * at a time in stream order, and acknowledged once `handle` resolves. A failing handler is retried with
 * backoff, never skipped. Delivery is at least once (a crash before the acknowledgement delivers the
 * message again): key the handler's effect by `streamName` + `streamVersion`, or by auction.
 *
 * @example
 * const payments = consumeAuctionEvents({
 *   connection,
 *   durable: 'payments',
 *   filterSubject: relaySubjectFilter({ type: 'AuctionClosed' }),
 *   handle: async (event) => {
 *     if (event.type === 'AuctionClosed' && event.data.outcome === 'sold') await requestPayment(event.data);
 *   },
 * });
 * await payments.start();
 * process.on('SIGTERM', () => payments.stop());
 * @throws InvalidOptionsError for a bad option
 */
export const consumeAuctionEvents = (options: NatsConsumerOptions<RecordedAuctionEvent>): NatsConsumer =>
  createDurableConsumer(options, {
    caller: 'consumeAuctionEvents',
    defaultStream: DEFAULT_STREAM,
    decode: decodeRelayedEvent,
  });
