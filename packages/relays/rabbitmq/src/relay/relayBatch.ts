import type { PartitionPublicProjections, ProcessorContext, RecordedAuctionEvent } from '@gavel/core';
import { isRabbitMqError } from '../broker/rabbitMqError';
import { publicChangeMessage } from '../message/publicChangeMessage';
import { recordedEventMessage } from '../message/recordedEventMessage';
import type { RelayMessage } from '../message/relayMessage';
import { publishInOrder } from './publishInOrder';
import { type RelayContext, recordFailure } from './relayContext';

/** Publishes messages and resolves once the broker confirmed them all. */
const publish = async (context: RelayContext, messages: readonly RelayMessage[]): Promise<void> => {
  if (messages.length === 0) return;
  const session = await context.link.session();
  try {
    await publishInOrder(session, context.options.exchange, messages, context.options.confirmTimeoutMs);
  } catch (error) {
    // A broker that stopped confirming: its late confirms must not matter, so the next try opens anew.
    if (isRabbitMqError(error) && error.code === 'CONFIRM_TIMEOUT') await context.link.discard(session);
    throw error;
  }
};

/**
 * The relay's processor handler: publishes a batch of one partition (every event, or the public
 * changes they make) and resolves once the broker confirmed every message, so that the processor moves
 * the checkpoint only then. Throws a `RabbitMqError` otherwise: the processor handles the same batch
 * again after its backoff (a consumer drops what it already took by the version check).
 */
export const relayBatch =
  (context: RelayContext, projections: PartitionPublicProjections | undefined) =>
  async (
    events: readonly RecordedAuctionEvent[],
    { partition, state }: ProcessorContext<never>,
  ): Promise<void> => {
    try {
      if (projections === undefined) {
        await publish(context, events.map(recordedEventMessage));
        context.published += events.length;
      } else {
        const batch = await projections.project(partition, events);
        await publish(
          context,
          batch.changes.map(({ change, event }) => publicChangeMessage(event, change)),
        );
        batch.keep(state);
        context.published += batch.changes.length;
      }
      context.lastError = undefined;
    } catch (error) {
      recordFailure(context, error);
      throw error;
    }
  };
