import { toAuctionEvent } from '../decoding/toAuctionEvent';
import type { EventStore, EventToAppend } from '../eventStore/eventStore';
import { isVersionConflictError } from '../eventStore/versionConflictError';
import { isBidEvent } from './cachedAuction';

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
 * Finds which of these bids (each given as the first event its decision would record, with its
 * `eventId`) the store already holds, for bids a service's bid window no longer holds: one probe each
 * ({@link isRecorded}), then, only if some are recorded (a retry past the window: rare), one read of
 * the stream to find them. Returns the recorded bids by bidId (the last, should a stream hold two with
 * one id).
 */
export const findForgottenBids = async (
  store: EventStore,
  streamName: string,
  bids: readonly (EventToAppend & { readonly eventId: string })[],
): Promise<Map<string, KnownBid>> => {
  const found = new Map<string, KnownBid>();
  const probed = await Promise.all(bids.map((event) => isRecorded(store, streamName, event)));
  const wanted = new Set<string>();
  probed.forEach((recorded, i) => {
    if (recorded) wanted.add(((bids[i] as EventToAppend).data as { readonly bidId: string }).bidId);
  });
  if (wanted.size === 0) return found;
  const { events } = await store.readStream(streamName);
  for (const event of events) {
    if (!isBidEvent(event)) continue;
    const { bidId, bidderId } = toAuctionEvent(event).data as {
      readonly bidId: string;
      readonly bidderId: string;
    };
    if (wanted.has(bidId)) found.set(bidId, { version: event.streamVersion, bidderId });
  }
  return found;
};
