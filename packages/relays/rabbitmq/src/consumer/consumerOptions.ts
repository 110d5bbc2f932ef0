import type { RetryOptions } from '@gavel/core';
import type { RabbitMqConnection } from '../broker/rabbitMqConnection';
import type { RabbitMqError, RabbitMqFailure } from '../broker/rabbitMqError';
import type { RelayedMessage } from './readRelayedMessage';
import type { VersionCheck } from './versionCheck';

/** Options of {@link createRabbitMqConsumer}. */
export interface RabbitMqConsumerOptions<TBody = unknown> {
  /** How to reach RabbitMQ (see {@link RabbitMqConnection}); the consumer connects again by itself. */
  readonly connection: RabbitMqConnection;
  /** The queue: a durable quorum queue, declared and bound when missing (see {@link assertRelayQueue}). */
  readonly queue: string;
  /** The relay's exchange: default `gavel.events`. */
  readonly exchange?: string;
  /** The routing keys bound: default `['#']`. */
  readonly bindingKeys?: readonly string[];
  /** More queue arguments (see {@link RelayQueueOptions.arguments}). */
  readonly queueArguments?: Readonly<Record<string, unknown>>;
  /** Messages delivered ahead of the one being handled (default 100). They are still handled one at a time, in order. */
  readonly prefetch?: number;
  /**
   * Handles a message that passed the version check, one at a time in the queue's order. The message is
   * acknowledged once it resolves. If it throws, the consumer closes its channel (so the message and
   * those after it come again, in order) and opens another after a backoff.
   */
  readonly handle: (message: RelayedMessage<TBody>) => void | Promise<void>;
  /** The version check: default {@link createVersionCheck} (in memory). */
  readonly versions?: VersionCheck;
  /** The wait before connecting again after a failure: default 100 ms doubling to 5 s. */
  readonly retry?: RetryOptions;
  /** The longest wait for a connection, in ms (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** Failures handled by retrying or dropping. Default: a line on stderr. */
  readonly onError?: (error: RabbitMqError) => void;
}

/** What {@link RabbitMqConsumer.stats} answers. */
export interface RabbitMqConsumerStats {
  /** True while consuming on an open channel. */
  readonly connected: boolean;
  /** Connections opened (1 plus the reconnections). */
  readonly connects: number;
  /** Messages handled (passed the check, handler resolved). */
  readonly taken: number;
  /** Messages dropped by the version check (redeliveries and events published again). */
  readonly dropped: number;
  /** Messages dropped as not a relay's (`MALFORMED_MESSAGE`). */
  readonly malformed: number;
  /** The last failure, while it lasts (cleared when a message is taken). */
  readonly lastError?: RabbitMqFailure;
}

/** A running consumer of a relay's messages. */
export interface RabbitMqConsumer {
  /** Connects, declares the queue and resolves once consuming (it keeps trying while the broker is down). */
  start(): Promise<void>;
  /** Finishes the message in hand, then closes the connection (unacknowledged messages return to the queue). */
  stop(): Promise<void>;
  /** Connection, messages taken and dropped, last failure. */
  stats(): RabbitMqConsumerStats;
}

/** The default `onError`: one line on stderr, so that a failure is never silent. */
export const logConsumerError = (error: RabbitMqError): void => {
  console.error(`[gavel rabbitmq consumer] ${error.code}: ${error.message}`);
};
