import { auctionIdOfStream, type RecordedEvent, relayedEventJson } from '@gavel/core';
import { POSITION_HEADER, relayMessageId, STREAM_HEADER, VERSION_HEADER } from './relayHeaders';
import type { RelayMessage } from './relayMessage';
import { relayRoutingKey } from './relayRoutingKey';

/**
 * The message of one recorded event, as the internal relay publishes it: routing key
 * `<event type>.<auction token>`, body the event's documented JSON form (`relayedEventJson`: `recordedEventToJson`'s `type`,
 * `data`, `metadata`?, `eventId`, `streamName`, `streamVersion`, `globalPosition` as a decimal string,
 * `recordedAt`, with `metadata.schemaVersion` naming today's schema version of its data), persistent, `message-id` `<streamName>@<streamVersion>`, AMQP `type` the event type,
 * `timestamp` its `recordedAt` in seconds, and the headers `Gavel-Stream`, `Gavel-Version` and
 * `Gavel-Position`. Mind that a `MaxBidSet` event carries the bidder's secret maximum.
 */
export const recordedEventMessage = (event: RecordedEvent): RelayMessage => ({
  streamName: event.streamName,
  routingKey: relayRoutingKey(event.type, auctionIdOfStream(event.streamName)),
  content: Buffer.from(JSON.stringify(relayedEventJson(event))),
  properties: {
    persistent: true,
    messageId: relayMessageId(event.streamName, event.streamVersion),
    contentType: 'application/json',
    type: event.type,
    timestamp: Math.floor(event.recordedAt / 1000),
    appId: 'gavel',
    headers: {
      [STREAM_HEADER]: event.streamName,
      [VERSION_HEADER]: event.streamVersion,
      [POSITION_HEADER]: event.globalPosition.toString(),
    },
  },
});
