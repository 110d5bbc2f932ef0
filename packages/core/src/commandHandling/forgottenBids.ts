import { decodeAuctionEvent } from '../decoding/decodeAuctionEvent';
import type { EventStore, EventToAppend } from '../eventStore/eventStore';
import { isVersionConflictError } from '../eventStore/versionConflictError';

/** A bid to look for: its `bidId`, and the first event its decision would record, with its `eventId`. */
export interface BidProbe {
  readonly bidId: string;
  readonly event: EventToAppend & { readonly eventId: string };
}

/** A bid the store holds: the stream version of its first event, and its bidder. */
export interface KnownBid {
  readonly version: number;
  readonly bidderId: string;
}

/**
 * The expected version of a probe: one no stream reaches (2^31 − 1 events), so that a probe never
 * writes, and small enough for every store's version column.
 */
const PROBE_VERSION = 2 ** 31 - 1;

/**
 * Whether the store already holds an event with this id, asked through the port's idempotency rule:
 * an append whose ids are all in the stream answers `duplicate: true` whatever its expected version,
 * and any other append at an expected version the stream is not at is refused with a version conflict.
 * So appending the event alone at {@link PROBE_VERSION} writes nothing, and says which.
 */
const isRecorded = async (store: EventStore, streamName: string, event: EventToAppend): Promise<boolean> => {
  try {
    return (await store.appendToStream(streamName, [event], { expectedVersion: PROBE_VERSION })).duplicate;
  } catch (error) {
    if (isVersionConflictError(error)) return false;
    throw error;
  }
};

/**
 * Finds which of these bids (each given with the first event its decision would record, with its
 * `eventId`) the store already holds, for bids a service's bid window no longer holds: one probe each
 * ({@link isRecorded}), then, only if some are recorded (a retry past the window: rare), one read of
 * the stream to find them. Returns the recorded bids by bidId (the last, should a stream hold two with
 * one id).
 */
export const findForgottenBids = async (
  store: EventStore,
  streamName: string,
  bids: readonly BidProbe[],
): Promise<Map<string, KnownBid>> => {
  const found = new Map<string, KnownBid>();
  const probed = await Promise.all(bids.map((bid) => isRecorded(store, streamName, bid.event)));
  const wanted = new Set<string>();
  probed.forEach((recorded, i) => {
    if (recorded) wanted.add((bids[i] as BidProbe).bidId);
  });
  if (wanted.size === 0) return found;
  const { events } = await store.readStream(streamName);
  for (const event of events) {
    const decoded = decodeAuctionEvent(event);
    if (decoded?.type !== 'BidPlaced' && decoded?.type !== 'MaxBidSet') continue;
    const { bidId, bidderId } = decoded.data;
    if (wanted.has(bidId)) found.set(bidId, { version: event.streamVersion, bidderId });
  }
  return found;
};
