import type { RecordedEvent } from '@gavel/core';
import type { StoredEvent } from './client/storeClient';
import { fromStoredMetadata } from './eventEnvelope';

/**
 * A Gavel {@link RecordedEvent} from an EventStoreDB event: version = revision + 1, `globalPosition` =
 * the commit position, `eventId` = the original Gavel id kept in metadata (or the UUID itself).
 */
export const toRecordedEvent = (event: StoredEvent): RecordedEvent => {
  const { metadata, envelope } = fromStoredMetadata(event.metadata);
  return {
    type: event.type,
    data: event.data,
    ...(metadata === undefined ? {} : { metadata }),
    eventId: envelope?.eventId ?? event.id,
    streamName: event.streamName,
    streamVersion: Number(event.revision) + 1,
    globalPosition: event.position ?? 0n,
    recordedAt: event.createdAt,
  };
};
