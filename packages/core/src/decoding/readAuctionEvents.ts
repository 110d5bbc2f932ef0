import type { EventStore } from '../eventStore/eventStore';
import { auctionStreamName } from '../eventStore/streamName';
import { type RecordedAuctionEvent, upcastRecordedEvent } from './toAuctionEvent';

/** Options of {@link readAuctionEvents}. */
export interface ReadAuctionEventsOptions {
  /** Read only the events after this stream version. Default 0: from the first. */
  readonly fromVersion?: number;
  /** Read at most this many events. Default: all. */
  readonly maxCount?: number;
}

/** What {@link readAuctionEvents} returns. */
export interface AuctionEvents {
  /** The stream's version (its count of events); 0 when the auction does not exist. */
  readonly version: number;
  /** The events read, in stream order, each with its `streamVersion`. */
  readonly events: readonly RecordedAuctionEvent[];
}

/**
 * Reads an auction's stream (`auction-<auctionId>`) as typed events, each brought to today's schema
 * by the upcasters (see `toAuctionEvent`).
 *
 * @example
 * const { version, events } = await readAuctionEvents(store, 'lot-42');
 * const state = fold(events);
 */
export const readAuctionEvents = async (
  store: EventStore,
  auctionId: string,
  options: ReadAuctionEventsOptions = {},
): Promise<AuctionEvents> => {
  const read = await store.readStream(auctionStreamName(auctionId), options);
  return {
    version: read.currentVersion,
    events: read.events.map(upcastRecordedEvent) as readonly RecordedAuctionEvent[],
  };
};
