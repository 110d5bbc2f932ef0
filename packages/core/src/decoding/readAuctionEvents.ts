import type { EventStore } from '../eventStore/eventStore';
import { auctionStreamName } from '../eventStore/streamName';
import { decodeAuctionEvent } from './decodeAuctionEvent';
import type { RecordedAuctionEvent } from './toAuctionEvent';

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
 * Reads an auction's stream (`auction-<auctionId>`) as typed events, each decoded by
 * `decodeAuctionEvent` (brought to today's schema by the upcasters, its fields checked). The stream is
 * trusted to be the service's: an event this code cannot read (a newer writer's type or schema
 * version) comes as it was recorded, so that the versions run on without a gap (`evolve` ignores it;
 * `verify` of `@gavel/core/audit` reports it).
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
  const recorded = read.events;
  const events: RecordedAuctionEvent[] = new Array(recorded.length);
  for (let i = 0; i < recorded.length; i++) {
    const event = recorded[i] as (typeof recorded)[number];
    events[i] = (decodeAuctionEvent(event) ?? event) as RecordedAuctionEvent;
  }
  return { version: read.currentVersion, events };
};
