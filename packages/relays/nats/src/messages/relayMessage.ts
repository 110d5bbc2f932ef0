import { auctionIdOfStream, auctionToken, type RecordedEvent } from '@gavel/core';
import { headerText } from './headerText';

/** The headers a relay sets on every message, besides `Nats-Msg-Id`. */
export const GAVEL_HEADERS = Object.freeze({
  /** The event's stream name (`auction-<auctionId>`), in its header form (see {@link headerText}). */
  stream: 'Gavel-Stream',
  /** The event's stream version, in decimal: 1 for `AuctionOpened`. */
  version: 'Gavel-Version',
  /** The event's global position in the store, in decimal. */
  position: 'Gavel-Position',
} as const);

/** One message a relay publishes: where, with which id and headers, and its JSON body. */
export interface RelayMessage {
  /** `<subjectPrefix>.<event type>.<auction token>` (public changes: `<subjectPrefix>.<kind>.<auction token>`). */
  readonly subject: string;
  /** The `Nats-Msg-Id`: `<streamName>@<streamVersion>` (header form), what JetStream deduplicates on. */
  readonly msgId: string;
  /** `Gavel-Stream`, `Gavel-Version`, `Gavel-Position`, in that order. */
  readonly headers: readonly (readonly [string, string])[];
  /** The JSON body. */
  readonly body: string;
  /** The event's stream name, as recorded: one auction's messages go out in stream order. */
  readonly streamName: string;
  /** The event's stream version. */
  readonly version: number;
  /** When the store recorded the event (epoch ms, the store's clock). */
  readonly recordedAt: number;
}

const SAFE_TOKEN = /^[A-Za-z0-9_-]+$/;

/** A subject token for a word (an event type, a kind): as it is when subject-safe, escaped otherwise. */
export const subjectToken = (word: string): string =>
  SAFE_TOKEN.test(word) ? word : word === '' ? '_' : auctionToken(word);

/** `<subjectPrefix>.<word>.<auction token>`: the subject of one auction's message. */
export const relaySubject = (subjectPrefix: string, word: string, streamName: string): string =>
  `${subjectPrefix}.${subjectToken(word)}.${auctionToken(auctionIdOfStream(streamName))}`;

/** The message of one event, on `subject`, with `body`: its `Nats-Msg-Id` and `Gavel-*` headers come from the event. */
export const relayMessage = (
  event: Pick<RecordedEvent, 'streamName' | 'streamVersion' | 'globalPosition' | 'recordedAt'>,
  subject: string,
  body: string,
): RelayMessage => ({
  subject,
  msgId: headerText(`${event.streamName}@${event.streamVersion}`),
  headers: [
    [GAVEL_HEADERS.stream, headerText(event.streamName)],
    [GAVEL_HEADERS.version, String(event.streamVersion)],
    [GAVEL_HEADERS.position, event.globalPosition.toString()],
  ],
  body,
  streamName: event.streamName,
  version: event.streamVersion,
  recordedAt: event.recordedAt,
});
