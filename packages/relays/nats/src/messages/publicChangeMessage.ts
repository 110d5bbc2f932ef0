import {
  auctionIdOfStream,
  type PublicChange,
  type PublicHistoryEntry,
  type PublicView,
  type RecordedEvent,
} from '@gavel/core';
import { type RelayMessage, relayMessage, relaySubject } from './relayMessage';

/**
 * The body of a public relay's message: what one event changed in public, as the live feed shows it
 * (its `change` frame): the masked view after the event and, when the event adds one, the public history
 * entry. Never a bidder id as recorded, a maximum above the price or the reserve.
 */
export interface PublicChangeMessage {
  readonly auctionId: string;
  /** The stream version of the event. */
  readonly version: number;
  /** When the event happened (its `data.at`, epoch ms). */
  readonly at: number;
  /** The public view after the event, bidder ids masked. */
  readonly view: PublicView;
  /** The public history entry the event adds, when it adds one. */
  readonly entry?: PublicHistoryEntry;
}

/** The subject word of a public change: its history entry's kind (`bid`, `extended`, `closed`), else `view`. */
export const publicKind = (change: PublicChange): string => change.entry?.kind ?? 'view';

/**
 * The message of one public change: subject `<subjectPrefix>.<kind>.<auction token>`, the same
 * `Nats-Msg-Id` and `Gavel-*` headers as the event's, and the {@link PublicChangeMessage} as body.
 */
export const publicChangeMessage = (
  change: PublicChange,
  event: RecordedEvent,
  subjectPrefix: string,
): RelayMessage => {
  const body: PublicChangeMessage = { auctionId: auctionIdOfStream(event.streamName), ...change };
  return relayMessage(
    event,
    relaySubject(subjectPrefix, publicKind(change), event.streamName),
    JSON.stringify(body),
  );
};
