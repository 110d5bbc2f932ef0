import type { RetryOptions } from '@gavel/core';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NatsConsumerError } from './consumerError';

/** How a message came: its subject, its place in the stream and how many times it was delivered. */
export interface NatsDelivery {
  readonly subject: string;
  /** The message's sequence in the JetStream stream. */
  readonly streamSequence: number;
  /** 1 for the first delivery; more after a crash, a lost acknowledgement or an expired ack wait. */
  readonly deliveryCount: number;
  /** True when JetStream delivers it again. */
  readonly redelivered: boolean;
}

/** Options of `consumeAuctionEvents` and `consumePublicChanges`. */
export interface NatsConsumerOptions<T> {
  /** An open NATS connection. The consumer never closes it. */
  readonly connection: NatsConnection;
  /**
   * The durable consumer's name (`[A-Za-z0-9_-]`, 1 to 64 characters): JetStream keeps its progress
   * under it, so a restarted service goes on where it stopped, and processes sharing it share the work.
   */
  readonly durable: string;
  /** The stream. Default `GAVEL` (`GAVEL_PUBLIC` for public changes). */
  readonly stream?: string;
  /**
   * Only the messages on this subject (NATS wildcards), e.g. `relaySubjectFilter({ type: 'AuctionClosed' })`.
   * Default every message of the stream. Set when the consumer is created; to change it, delete the consumer.
   */
  readonly filterSubject?: string;
  /**
   * Handles one message, in the stream's order. It is acknowledged once this resolves; if it throws, it
   * is handled again after a backoff (the message kept from redelivery meanwhile), never skipped. After
   * a crash, what was not acknowledged comes again: make it idempotent.
   */
  readonly handle: (value: T, delivery: NatsDelivery) => void | Promise<void>;
  /** How long JetStream waits for an acknowledgement before delivering again, in ms. Default 30 000. */
  readonly ackWaitMs?: number;
  /** Messages delivered and not yet acknowledged, at most (JetStream's `max_ack_pending`). Default 1 000. */
  readonly maxAckPending?: number;
  /** Messages the client pulls ahead (`consume`'s `max_messages`). Default 100. */
  readonly prefetch?: number;
  /**
   * The wait before handling a failed message again, and before setting the consumer up again. Default
   * 100 ms doubling to 5 s, equal jitter (`maxDelayMs` at most half the ack wait, which a wait must stay
   * under). No `maxAttempts`: a message is handled again until its handler succeeds.
   */
  readonly retry?: RetryOptions;
  /** Failures, reported as data while the consumer goes on. Default: a line on stderr. */
  readonly onError?: (error: NatsConsumerError) => void;
}
