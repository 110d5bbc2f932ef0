import type { EventMetadata, RecordedEvent } from '@gavel/core';

/** A row of the events table as the store selects it (`bigint`s as text, `recorded_at` as epoch ms). */
export interface SelectedEventRow {
  readonly global_position: string;
  readonly stream_name: string;
  readonly stream_version: string;
  readonly event_id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata | null;
  readonly recorded_at: number;
}

/** The select list that produces a {@link SelectedEventRow} from the events table aliased `e`. */
export const EVENT_COLUMNS = `e.global_position::text AS global_position, e.stream_name,
  e.stream_version::text AS stream_version, e.event_id, e.type, e.data, e.metadata,
  floor(extract(epoch FROM e.recorded_at) * 1000)::float8 AS recorded_at`;

/** Maps a row to core's {@link RecordedEvent} (global position as `bigint`). */
export const toRecordedEvent = (row: SelectedEventRow): RecordedEvent => ({
  type: row.type,
  data: row.data,
  ...(row.metadata === null ? {} : { metadata: row.metadata }),
  eventId: row.event_id,
  streamName: row.stream_name,
  streamVersion: Number(row.stream_version),
  globalPosition: BigInt(row.global_position),
  recordedAt: row.recorded_at,
});
