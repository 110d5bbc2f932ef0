import type { RetryPolicy } from '@gavel/core';
import type { ConfirmChannel } from 'amqplib';
import type { BrokerLink } from '../broker/brokerLink';
import { isRabbitMqError, type RabbitMqFailure } from '../broker/rabbitMqError';
import type { NormalizedRelayOptions } from './normalizeRelayOptions';

/** State that the parts of one relay share. */
export interface RelayContext {
  readonly options: NormalizedRelayOptions;
  readonly link: BrokerLink<ConfirmChannel>;
  readonly retry: RetryPolicy;
  /** Aborted by `stop()`. */
  readonly stopping: AbortController;
  /** Messages confirmed since `start()`. */
  published: number;
  /** The last failure to talk to the broker, while it lasts. */
  lastError: RabbitMqFailure | undefined;
}

/** Keeps a broker failure for `stats()` (other errors, e.g. the store's, are the processor's to show). */
export const recordFailure = (context: RelayContext, error: unknown): void => {
  if (isRabbitMqError(error))
    context.lastError = { code: error.code, message: error.message, at: Date.now() };
};
