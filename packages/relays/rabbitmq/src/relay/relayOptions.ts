import type { BidderMask, EventStore, ProcessorError, RetryOptions } from '@gavel/core';
import type { RabbitMqConnection } from '../broker/rabbitMqConnection';

/** Options of {@link createRabbitMqRelay} that both audiences share. */
export interface RabbitMqRelayCommonOptions {
  /** The store whose auction events are relayed. Checkpoints and leases live in its own database. */
  readonly store: EventStore;
  /** How to reach RabbitMQ: a URL, amqplib's connection options, or a function that connects (see {@link RabbitMqConnection}). */
  readonly connection: RabbitMqConnection;
  /**
   * The topic exchange, declared (durable) when missing: default `gavel.events` for the internal
   * audience, `gavel.public` for the public one. 1 to 255 bytes, not starting with `amq.`.
   */
  readonly exchange?: string;
  /** Partitions (1 to 1024, default 1): the most processes that can share the relaying. Fixed once used. */
  readonly partitions?: number;
  /**
   * The relay's processor name (checkpoints and leases): default `gavel-rabbitmq-relay-<exchange>` (the
   * public audience: `gavel-rabbitmq-relay-<exchange>-public`), so that two relays never share progress.
   */
  readonly name?: string;
  /** Events per batch (default 100): a batch is published, confirmed, then checkpointed. */
  readonly batchSize?: number;
  /** A partition's lease, in ms (default 10 000): a dead process's partitions are taken over after it. */
  readonly leaseMs?: number;
  /** Where a relay that never ran starts: `'start'` (default, the whole history) or `'end'`. */
  readonly from?: 'start' | 'end';
  /** The wait before a failed batch is published again: default 100 ms doubling to 5 s. */
  readonly retry?: RetryOptions;
  /** How long the broker may confirm nothing before the batch is published again on a new connection (default 10 000 ms). */
  readonly confirmTimeoutMs?: number;
  /** The longest wait for a connection (TCP and AMQP handshake), in ms (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** Failures handled by retrying (`cause` a {@link RabbitMqError} for the broker's). Default: a line on stderr. */
  readonly onError?: (error: ProcessorError) => void;
}

/** The internal relay: every recorded event, secrets included (see {@link createRabbitMqRelay}). */
export interface InternalRabbitMqRelayOptions extends RabbitMqRelayCommonOptions {
  /** `'internal'` (the default): every recorded event as it is, `MaxBidSet`'s secret maximum included. */
  readonly audience?: 'internal';
}

/** The public relay: the live feed's public changes only (see {@link createRabbitMqRelay}). */
export interface PublicRabbitMqRelayOptions extends RabbitMqRelayCommonOptions {
  /** `'public'`: the public projection only (masked ids, no maximum above the price, no reserve). */
  readonly audience: 'public';
  /**
   * Masks bidder ids: the same function as the live feed's, so that both show the same masked ids.
   * Build it with `maskBidderId(secret)` of `@gavel/core/node`, with the feed's secret.
   */
  readonly mask: BidderMask;
}

/** Options of {@link createRabbitMqRelay}. */
export type RabbitMqRelayOptions = InternalRabbitMqRelayOptions | PublicRabbitMqRelayOptions;
