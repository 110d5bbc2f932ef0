import type { Upcaster } from './upcaster';

/**
 * `BidPlaced` version 1 → 2. Version 1 straight bids had no `bidId`: a bid was known by its event. The
 * upcast names it by the event's id (which the service also gives a bid's first event), or, for an
 * event without one, by its place in the stream (`<auctionId>@<streamVersion>`). A version 1 event
 * that already carries a `bidId` keeps it.
 */
export const upcastBidPlacedV1: Upcaster = (data, event) => {
  if (typeof data.bidId === 'string') return data;
  const bidId =
    typeof event.eventId === 'string' && event.eventId.length > 0
      ? event.eventId
      : `${String(data.auctionId)}@${String(event.streamVersion ?? 0)}`;
  return { ...data, bidId };
};
