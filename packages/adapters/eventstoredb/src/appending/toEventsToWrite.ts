import type { EventToAppend } from '@gavel/core';
import type { EventToWrite } from '../client/storeClient';
import { toStoredMetadata } from '../eventEnvelope';
import { isCanonicalUuid, toEventUuid } from '../eventIds';

/**
 * The events of one append as EventStoreDB stores them: each id a UUID (deterministic for a Gavel id,
 * which metadata keeps when it is not a UUID itself), and the append's own `appendId` in metadata, by
 * which the store tells its write from an earlier one EventStoreDB replays.
 */
export const toEventsToWrite = (
  streamName: string,
  events: readonly EventToAppend[],
  appendId: string,
): EventToWrite[] =>
  events.map((event) => {
    const keepId = event.eventId !== undefined && !isCanonicalUuid(event.eventId);
    return {
      id: toEventUuid(streamName, event.eventId),
      type: event.type,
      data: event.data ?? null,
      metadata: toStoredMetadata(event.metadata, {
        appendId,
        ...(keepId ? { eventId: event.eventId } : {}),
      }),
    };
  });
