import { createProcessor, type Processor } from '@gavel/core';
import { createRelayHandler } from './publishing/relayHandler';
import { type NatsRelayOptions, normalizeRelayOptions } from './relayOptions';
import type { NatsRelayStats } from './relayStats';

/** A relay: a processor whose handler publishes to JetStream, with the relay's counters in its stats. */
export interface NatsRelay extends Processor {
  /** The processor's stats, the messages stored and dropped as duplicates, and the last failure to publish. */
  stats(): NatsRelayStats;
}

/**
 * Relays the store's auction events to a NATS JetStream stream, on a processor: partitioned (each
 * auction's events handled by one owner at a time across processes), checkpointed in the store and
 * resumable. Every event becomes one message on `<subjectPrefix>.<event type>.<auction token>` (the
 * auction id in `auctionToken`'s subject-safe form), with `Nats-Msg-Id` `<streamName>@<streamVersion>`,
 * headers `Gavel-Stream`, `Gavel-Version`, `Gavel-Position`, and the event's JSON form
 * (`recordedEventToJson`) as body. The stream (default `GAVEL`) is created when missing, with a
 * duplicate window of 2 minutes.
 *
 * - **Stored once.** A batch's checkpoint moves only once JetStream acknowledged each of its messages;
 *   after a crash the events after the checkpoint are sent again and JetStream drops them by their id
 *   (and, for events older than half the window, the relay looks the auction up in the stream first).
 * - **In order.** One auction's messages are published one after the other, each once the previous is
 *   acknowledged; different auctions' messages are in flight together.
 * - **Secrets.** By default every event goes out as recorded: **`MaxBidSet` carries the bidder's secret
 *   maximum**, so the stream is for trusted services only. With `audience: 'public'` and a `mask`, only the
 *   public changes go out (the live feed's view and history entries, bidder ids masked, no maximum).
 *
 * Failures (a broker restart, a leader election) are retried with backoff, never skipped, and shown as
 * `stats().lastRelayError` meanwhile (codes of {@link NatsRelayErrorCode}).
 *
 * @example
 * import { connect } from '@nats-io/transport-node';
 * const connection = await connect({ servers: 'nats://127.0.0.1:4222' });
 * const relay = createNatsRelay({ store, connection, partitions: 4 });
 * await relay.start(); // resolves once what was in the store is in the stream
 * process.on('SIGTERM', async () => { await relay.stop(); await connection.drain(); });
 * @throws InvalidOptionsError for a bad option (its own or the processor's)
 */
export const createNatsRelay = (options: NatsRelayOptions): NatsRelay => {
  const config = normalizeRelayOptions(options);
  const relay = createRelayHandler(config);
  const processor = createProcessor({
    store: options.store,
    name: config.name,
    category: 'auction',
    handle: relay.handle,
    onAssigned: relay.assigned,
    onRevoked: relay.revoked,
    retry: { initialDelayMs: 100, maxDelayMs: 5_000, ...options.retry },
    ...(options.partitions === undefined ? {} : { partitions: options.partitions }),
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.checkpoints === undefined ? {} : { checkpoints: options.checkpoints }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  return {
    start: () => processor.start(),
    stop: () => processor.stop(),
    stats: () => ({ ...processor.stats(), ...relay.stats() }),
  };
};
