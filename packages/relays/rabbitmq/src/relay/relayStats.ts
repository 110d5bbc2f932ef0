import type { ProcessorStats } from '@gavel/core';
import type { RabbitMqFailure } from '../broker/rabbitMqError';

/** What the relay's connection to RabbitMQ looks like now. */
export interface RabbitMqBrokerStats {
  /** True while a connection and its channel are open. */
  readonly connected: boolean;
  /** True while the broker blocks publishers (a memory or disk alarm): confirms wait meanwhile. */
  readonly blocked: boolean;
  /** Connections opened since the relay was created (1 plus the reconnections). */
  readonly connects: number;
  /**
   * The last failure to talk to the broker (its `code` one of {@link RabbitMqErrorCode}), while it
   * lasts: cleared once a batch is confirmed or a lost connection is opened again.
   */
  readonly lastError?: RabbitMqFailure;
}

/** What {@link RabbitMqRelay.stats} answers: the processor's stats, and the broker's side. */
export interface RabbitMqRelayStats extends ProcessorStats {
  /** The exchange the relay publishes to. */
  readonly exchange: string;
  /** Every recorded event (`'internal'`) or the public changes (`'public'`). */
  readonly audience: 'internal' | 'public';
  /** Messages the broker confirmed since `start()` (those published again after a failure included). */
  readonly published: number;
  /** The connection to the broker. */
  readonly broker: RabbitMqBrokerStats;
}
