import { type EventStore, isVersionConflictError, type RecordedEvent } from '@gavel/core';

/** The stream category holding each auction's listing (title, seller's name): `listing-<auctionId>`. */
export const LISTING_CATEGORY = 'listing';

/** The listing stream of one auction. */
export const listingStreamName = (auctionId: string): string => `${LISTING_CATEGORY}-${auctionId}`;

/** What the page shows about an auction beyond the engine's rules: recorded once, before `AuctionOpened`. */
export interface Listing {
  readonly auctionId: string;
  readonly title: string;
  readonly sellerName: string;
}

/** The one event of a listing stream. */
export interface AuctionListed {
  readonly type: 'AuctionListed';
  readonly data: Listing & { readonly at: number };
}

/**
 * Records a listing. It is written before the auction opens, so an auction never shows without its
 * title; a listing whose auction failed to open is never shown. Answers false when it already exists.
 */
export const recordListing = async (store: EventStore, listing: Listing, at: number): Promise<boolean> => {
  const event: AuctionListed = { type: 'AuctionListed', data: { ...listing, at } };
  try {
    await store.appendToStream(listingStreamName(listing.auctionId), [event], {
      expectedVersion: 'no_stream',
    });
    return true;
  } catch (error) {
    if (isVersionConflictError(error)) return false;
    throw error;
  }
};

/** The listing a recorded event carries, or null when it is not an `AuctionListed` of a listing stream. */
export const listingOf = (event: RecordedEvent): Listing | null => {
  if (event.type !== 'AuctionListed' || !event.streamName.startsWith(`${LISTING_CATEGORY}-`)) return null;
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null || !('auctionId' in data) || !('title' in data)) return null;
  const { auctionId, title } = data;
  if (typeof auctionId !== 'string' || typeof title !== 'string') return null;
  const sellerName = 'sellerName' in data ? data.sellerName : undefined;
  return { auctionId, title, sellerName: String(sellerName ?? '') };
};

/** Reads one auction's listing from its stream; null when there is none. */
export const readListing = async (store: EventStore, auctionId: string): Promise<Listing | null> => {
  const read = await store.readStream(listingStreamName(auctionId), { maxCount: 1 });
  const first = read.events[0];
  return first === undefined ? null : listingOf(first);
};
