import type { AuctionEvent } from '../auction/events';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import { isBidEvent } from './cachedAuction';

/**
 * The events of the bid whose first event is `events[index]`, if it is that bid's: that event and the
 * ones right after it whose id is `bid:<bidId>:<n>` (e.g. a soft-close extension). Null otherwise.
 */
const bidEventsFrom = (
  events: readonly RecordedEvent[],
  index: number,
  bidId: string,
): AuctionEvent[] | null => {
  const first = events[index];
  if (first === undefined || !isBidEvent(first) || (first.data as { bidId?: unknown }).bidId !== bidId)
    return null;
  const own: AuctionEvent[] = [{ type: first.type, data: first.data } as AuctionEvent];
  const prefix = `bid:${bidId}:`;
  for (let i = index + 1; i < events.length; i++) {
    const next = events[i] as RecordedEvent;
    if (!next.eventId.startsWith(prefix)) break;
    own.push({ type: next.type, data: next.data } as AuctionEvent);
  }
  return own;
};

/**
 * Reads back from the stream the events recorded for a bid, to answer a retry of it with its first
 * outcome. `version` is where the service's index puts the bid's first event; should the stream say
 * otherwise, the whole stream is searched (its last bid with that id, as the index keeps).
 */
export const readRecordedBidEvents = async (
  store: EventStore,
  streamName: string,
  bidId: string,
  version: number,
): Promise<readonly AuctionEvent[]> => {
  const near = bidEventsFrom(
    (await store.readStream(streamName, { fromVersion: version - 1 })).events,
    0,
    bidId,
  );
  if (near !== null) return near;
  const all = (await store.readStream(streamName)).events;
  for (let index = all.length - 1; index >= 0; index--) {
    const own = bidEventsFrom(all, index, bidId);
    if (own !== null) return own;
  }
  throw new Error(`bid '${bidId}' is indexed but not found in stream '${streamName}'`);
};
