import type { AuctionEvent } from '../auction/events';
import { decodeAuctionEvent } from '../decoding/decodeAuctionEvent';
import { typeAndData } from '../decoding/toAuctionEvent';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import { decisionEventId } from './eventIds';

/**
 * The events of the bid whose first event is `events[index]`, if it is that bid's: that event and the
 * ones right after it that the same decision recorded (e.g. a soft-close extension), known by their ids,
 * decoded, as the decision returned them (`type` and `data`).
 * Null otherwise.
 */
const bidEventsFrom = (
  events: readonly RecordedEvent[],
  index: number,
  bidId: string,
): AuctionEvent[] | null => {
  const recorded = events[index];
  const first = recorded === undefined ? null : decodeAuctionEvent(recorded);
  if (first?.type !== 'BidPlaced' && first?.type !== 'MaxBidSet') return null;
  if (first.data.bidId !== bidId) return null;
  const own: AuctionEvent[] = [typeAndData(first)];
  for (let i = index + 1; i < events.length; i++) {
    const next = events[i] as RecordedEvent;
    if (next.eventId !== decisionEventId({ bidId }, i - index)) break;
    const decoded = decodeAuctionEvent(next);
    if (decoded === null) break;
    own.push(typeAndData(decoded));
  }
  return own;
};

/**
 * How many events the near read takes from where the index puts a bid: a bid's decision records at
 * most 2 events today, so a window of 16 holds it with room to spare.
 */
const NEAR_WINDOW = 16;

/**
 * Reads back from the stream the events recorded for a bid, to answer a retry of it with its first
 * outcome. `version` is where the service's index puts the bid's first event: a window of
 * {@link NEAR_WINDOW} events from there is read. Should the stream say otherwise, or the bid's events
 * fill the whole window (there may be more), the whole stream is searched (its last bid with that id,
 * as the index keeps).
 */
export const readRecordedBidEvents = async (
  store: EventStore,
  streamName: string,
  bidId: string,
  version: number,
): Promise<readonly AuctionEvent[]> => {
  const nearEvents = (await store.readStream(streamName, { fromVersion: version - 1, maxCount: NEAR_WINDOW }))
    .events;
  const near = bidEventsFrom(nearEvents, 0, bidId);
  if (near !== null && near.length < NEAR_WINDOW) return near;
  const all = (await store.readStream(streamName)).events;
  for (let index = all.length - 1; index >= 0; index--) {
    const own = bidEventsFrom(all, index, bidId);
    if (own !== null) return own;
  }
  throw new Error(`bid '${bidId}' is indexed but not found in stream '${streamName}'`);
};
