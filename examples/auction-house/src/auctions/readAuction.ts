import {
  type AuctionEvent,
  auctionStreamName,
  type BidderMask,
  type EventStore,
  fold,
  isAuctionEvent,
  maskPublicView,
  type PublicHistoryEntry,
  type PublicView,
  publicSnapshot,
  publicView,
  type RecordedEvent,
} from '@gavel/core';
import { readListing } from '../listing/listingStream';

/** A user's own standing offer on one auction: what they bid or their secret max. Shown to them alone. */
export type OwnOffer = { readonly amount: number } | { readonly maxAmount: number };

/** One auction, read from its own stream. */
export interface ReadAuction {
  readonly auctionId: string;
  readonly title: string;
  readonly sellerName: string;
  /** The stream version read. */
  readonly version: number;
  /** The public view now (masked). */
  readonly view: PublicView;
  /** The public history (masked), as in the feed. */
  readonly history: readonly PublicHistoryEntry[];
  /** Who leads now, unmasked: only to compare with the signed-in user, never sent. */
  readonly leaderId: string | null;
  /** The winner, unmasked, once sold. */
  readonly winnerId: string | null;
  /** Every bidder's last accepted offer, unmasked: only a user's own is ever sent, to them. */
  readonly offers: ReadonlyMap<string, OwnOffer>;
}

const offersOf = (events: readonly AuctionEvent[]): Map<string, OwnOffer> => {
  const offers = new Map<string, OwnOffer>();
  for (const event of events) {
    if (event.type === 'BidPlaced') offers.set(event.data.bidderId, { amount: event.data.amount });
    else if (event.type === 'MaxBidSet') offers.set(event.data.bidderId, { maxAmount: event.data.maxAmount });
  }
  return offers;
};

/**
 * Reads an auction's stream and listing, and derives its public view at `now`, its public history and
 * its offers. Answers null when the auction does not exist.
 */
export const readAuction = async (
  store: EventStore,
  auctionId: string,
  mask: BidderMask,
  now: number,
): Promise<ReadAuction | null> => {
  const [read, listing] = await Promise.all([
    store.readStream(auctionStreamName(auctionId)),
    readListing(store, auctionId),
  ]);
  const recorded: RecordedEvent[] = read.events.filter((event) => isAuctionEvent(event));
  const events = recorded.map((event) => ({ type: event.type, data: event.data }) as AuctionEvent);
  const state = fold(events);
  const view = publicView(state, now);
  const snapshot = publicSnapshot(recorded, mask);
  if (view === null || snapshot === null) return null;
  return {
    auctionId,
    title: listing?.title ?? auctionId,
    sellerName: listing?.sellerName ?? '',
    version: snapshot.version,
    view: maskPublicView(view, mask),
    history: snapshot.history,
    leaderId: state.leader?.bidderId ?? null,
    winnerId: state.result?.winnerId ?? null,
    offers: offersOf(events),
  };
};
