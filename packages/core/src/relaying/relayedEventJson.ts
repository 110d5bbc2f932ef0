import { isAuctionEventType } from '../decoding/auctionEventTypes';
import { SCHEMA_VERSION_KEY, schemaVersionOf } from '../decoding/schemaVersion';
import { CURRENT_SCHEMA_VERSIONS } from '../decoding/upcasters';
import type { RecordedEvent } from '../eventStore/eventStore';
import { type RecordedEventJson, recordedEventToJson } from '../eventStore/recordedEventJson';

/**
 * The body of an event sent to another service: its documented JSON form (`recordedEventToJson`), for
 * an event a processor handed on with its data brought to today's schema. When the event was written
 * in an older schema version (`metadata.schemaVersion` below today's, or absent for a type whose
 * version is above 1), the body's `metadata.schemaVersion` says today's, so that it names the shape its
 * data has and a consumer's decoder upcasts nothing twice. Other events' bodies are
 * `recordedEventToJson`'s exactly.
 *
 * @example
 * // A BidPlaced written without metadata (version 1), its data upcast by the processor:
 * relayedEventJson(event).metadata; // { schemaVersion: 2 }
 */
export const relayedEventJson = (event: RecordedEvent): RecordedEventJson => {
  const json = recordedEventToJson(event);
  if (!isAuctionEventType(event.type)) return json;
  const current = CURRENT_SCHEMA_VERSIONS[event.type];
  const written = schemaVersionOf(event.metadata);
  if (typeof written !== 'number' || !Number.isSafeInteger(written) || written < 1 || written >= current)
    return json;
  return { ...json, metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: current } };
};
