import type { EventMetadata } from '../auction/events';
import type { RecordedEvent } from './eventStore';

/**
 * The JSON form of a {@link RecordedEvent}: the same fields, with `globalPosition` as a decimal string
 * (`JSON.stringify` cannot write a `bigint`).
 */
export interface RecordedEventJson {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
  readonly eventId: string;
  readonly streamName: string;
  readonly streamVersion: number;
  readonly globalPosition: string;
  readonly recordedAt: number;
}

/**
 * A recorded event as plain JSON-safe data. Mind that a raw `MaxBidSet` event carries the bidder's
 * secret maximum: never send one to anybody but an operator.
 */
export const recordedEventToJson = (event: RecordedEvent): RecordedEventJson => ({
  type: event.type,
  data: event.data,
  ...(event.metadata === undefined ? {} : { metadata: event.metadata }),
  eventId: event.eventId,
  streamName: event.streamName,
  streamVersion: event.streamVersion,
  globalPosition: event.globalPosition.toString(),
  recordedAt: event.recordedAt,
});

/** The inverse of {@link recordedEventToJson}. */
export const recordedEventFromJson = (json: RecordedEventJson): RecordedEvent => ({
  type: json.type,
  data: json.data,
  ...(json.metadata === undefined ? {} : { metadata: json.metadata }),
  eventId: json.eventId,
  streamName: json.streamName,
  streamVersion: json.streamVersion,
  globalPosition: BigInt(json.globalPosition),
  recordedAt: json.recordedAt,
});
