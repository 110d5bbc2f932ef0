import type { EventMetadata, RecordedEvent } from '@gavel/core';

/** Maps a row of `EVENT_COLUMNS` (integers as bigint) to a frozen {@link RecordedEvent}. */
export const toRecordedEvent = (row: readonly unknown[]): RecordedEvent => {
  const [globalPosition, streamName, streamVersion, eventId, type, data, metadata, recordedAt] = row as [
    bigint,
    string,
    bigint,
    string,
    string,
    string,
    string | null,
    bigint,
  ];
  return Object.freeze({
    type,
    data: JSON.parse(data) as unknown,
    ...(metadata === null ? {} : { metadata: JSON.parse(metadata) as EventMetadata }),
    eventId,
    streamName,
    streamVersion: Number(streamVersion),
    globalPosition,
    recordedAt: Number(recordedAt),
  });
};
