import {
  createPartitionPublicProjections,
  createProcessor,
  defaultProcessorRetry,
  type Processor,
  resolveRetryOptions,
} from '@gavel/core';
import type { ConfirmChannel } from 'amqplib';
import { createBrokerLink, openConfirmChannel } from '../broker/brokerLink';
import { causeText, RabbitMqError } from '../broker/rabbitMqError';
import { keepConnected } from './keepConnected';
import { normalizeRelayOptions } from './normalizeRelayOptions';
import { relayBatch } from './relayBatch';
import { type RelayContext, recordFailure } from './relayContext';
import type { RabbitMqRelayOptions } from './relayOptions';
import type { RabbitMqRelayStats } from './relayStats';

/** A running relay: a processor whose `stats()` also tells the broker's side. */
export interface RabbitMqRelay extends Processor {
  /** Closes the connection too, once the batch in hand is confirmed and checkpointed. */
  stop(): Promise<void>;
  /** The processor's stats, the messages confirmed and the broker's side (connection, last failure). */
  stats(): RabbitMqRelayStats;
}

/**
 * Relays the store's auction events to a RabbitMQ topic exchange: a processor (partitioned,
 * checkpointed, resumable, one owner per partition across processes) whose handler publishes each batch
 * with publisher confirms and resolves only once the broker confirmed every message, so the checkpoint
 * moves only past events the broker holds. Messages are persistent, their `message-id` is
 * `<streamName>@<streamVersion>`, their routing key `<event type>.<auction token>`, their headers
 * `Gavel-Stream`, `Gavel-Version` and `Gavel-Position`, their body the event's JSON form
 * (`recordedEventToJson`). One auction's events are published in stream order, each after the broker
 * confirmed the one before; auctions are pipelined side by side.
 *
 * Delivery is at least once: after a crash, a lost connection or a refused message, the events after
 * the checkpoint are published again. Consumers drop a message whose version is not above the last one
 * they took for that auction (`createVersionCheck`, `createRabbitMqConsumer`).
 *
 * **`audience: 'internal'` (the default) sends every recorded event: `MaxBidSet` carries the bidder's
 * secret maximum.** Give the exchange only to trusted consumers. `audience: 'public'` sends the live
 * feed's public changes instead (masked bidder ids, no maximum above the price), to `gavel.public`.
 *
 * The relay connects by itself and connects again after the connection is lost (a broker restart): it
 * takes a URL or a connect function, not an open connection. Failures are retried with backoff and
 * shown in `stats().broker.lastError` (a {@link RabbitMqError} code) meanwhile.
 *
 * @throws InvalidOptionsError naming the first bad option
 *
 * @example
 * const relay = createRabbitMqRelay({ store, connection: 'amqp://guest:guest@localhost:5672', partitions: 4 });
 * await relay.start(); // resolves once this process's partitions have published what was in the store
 * process.on('SIGTERM', () => relay.stop());
 */
export const createRabbitMqRelay = (options: RabbitMqRelayOptions): RabbitMqRelay => {
  const normalized = normalizeRelayOptions(options);
  const { exchange, name, audience, mask } = normalized;
  const retry = resolveRetryOptions(options.retry, {
    ...defaultProcessorRetry,
    maxDelayMs: Math.max(5_000, options.retry?.initialDelayMs ?? 0),
  });
  let reconnect = (): void => {};
  const link = createBrokerLink<ConfirmChannel>({
    connection: options.connection,
    openChannel: openConfirmChannel,
    setup: async (channel) => {
      await channel.assertExchange(exchange, 'topic', { durable: true });
    },
    connectTimeoutMs: normalized.connectTimeoutMs,
    connectionName: name,
    onLost: (error) => {
      recordFailure(
        context,
        new RabbitMqError('CONNECTION_LOST', `the connection to RabbitMQ was lost: ${causeText(error)}`, {
          cause: error,
        }),
      );
      reconnect();
    },
  });
  const context: RelayContext = {
    options: normalized,
    link,
    retry,
    stopping: new AbortController(),
    published: 0,
    lastError: undefined,
  };
  reconnect = keepConnected(context);
  const projections =
    mask === undefined ? undefined : createPartitionPublicProjections({ store: options.store, mask });
  const processor = createProcessor({
    store: options.store,
    name,
    category: 'auction',
    handle: relayBatch(context, projections),
    retry,
    ...(options.partitions === undefined ? {} : { partitions: options.partitions }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
    ...(projections === undefined
      ? {}
      : {
          onAssigned: (partition: number, state: ReadonlyMap<string, string>) =>
            projections.assign(partition, state),
          onRevoked: (partition: number) => projections.revoke(partition),
        }),
  });

  return {
    start: () => {
      reconnect();
      return processor.start();
    },
    stop: async () => {
      context.stopping.abort();
      await processor.stop();
      await link.close();
    },
    stats: () => {
      const { lastError } = context;
      return {
        ...processor.stats(),
        exchange,
        audience,
        published: context.published,
        broker: { ...link.state(), ...(lastError === undefined ? {} : { lastError }) },
      };
    },
  };
};
