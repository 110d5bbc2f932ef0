import type { RetryPolicy } from '@gavel/core';
import type { Channel } from 'amqplib';
import type { BrokerLink } from '../broker/brokerLink';
import { isRabbitMqError, type RabbitMqError, type RabbitMqFailure } from '../broker/rabbitMqError';
import type { RelayedMessage } from './readRelayedMessage';
import type { VersionCheck } from './versionCheck';

/** State that the parts of one consumer share. */
export interface ConsumerContext<TBody> {
  readonly queue: string;
  readonly handle: (message: RelayedMessage<TBody>) => void | Promise<void>;
  readonly versions: VersionCheck;
  readonly link: BrokerLink<Channel>;
  readonly retry: RetryPolicy;
  readonly stopping: AbortController;
  readonly onError: (error: RabbitMqError) => void;
  readonly counters: { taken: number; dropped: number; malformed: number };
  /** Failures in a row (connects, lost sessions, handlers): the backoff's attempt. Reset by a taken message. */
  failures: number;
  consuming: boolean;
  lastError: RabbitMqFailure | undefined;
}

/** Reports a failure to `onError` (never throws) and keeps it for `stats()`. */
export const reportConsumerError = <T>(context: ConsumerContext<T>, error: unknown): void => {
  if (!isRabbitMqError(error)) return;
  context.lastError = { code: error.code, message: error.message, at: Date.now() };
  try {
    context.onError(error);
  } catch {
    // A throwing logger must not stop the consumer.
  }
};
