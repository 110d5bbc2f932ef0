import { type RecordedEvent, relayedEventJson } from '@gavel/core';
import { type RelayMessage, relayMessage, relaySubject } from './relayMessage';

/**
 * The message of one recorded auction event: subject `<subjectPrefix>.<event type>.<auction token>`,
 * `Nats-Msg-Id` `<streamName>@<streamVersion>`, the `Gavel-*` headers and the event's JSON form as body.
 * The body is `relayedEventJson`'s: the data in today's schema (the processor upcasts it) and
 * `metadata.schemaVersion` saying so. Pure: the same event always makes the same message, so a re-send after a crash is a duplicate that
 * JetStream drops.
 */
export const eventMessage = (event: RecordedEvent, subjectPrefix: string): RelayMessage =>
  relayMessage(
    event,
    relaySubject(subjectPrefix, event.type, event.streamName),
    JSON.stringify(relayedEventJson(event)),
  );
