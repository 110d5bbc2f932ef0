import {
  type AuctionState,
  evolve,
  initialState,
  isAuctionEvent,
  isAuctionStream,
  publicView,
  type RecordedEvent,
  toAuctionEvent,
} from '@gavel/core';
import { listingOf } from '../listing/listingStream';
import type { AuctionColumns, ListingColumns } from './catalogRow';

/** An auction's folded state as the catalog keeps it. */
export interface FoldedAuction {
  readonly state: AuctionState;
  readonly version: number;
  readonly createdAt: number;
}

/** What one batch of events changes in the catalog. */
export interface CatalogChanges {
  readonly auctions: readonly AuctionColumns[];
  readonly listings: readonly ListingColumns[];
  /** `[userId, auctionId]`: the user made an offer on the auction. */
  readonly bidders: readonly (readonly [string, string])[];
}

const auctionIdOf = (streamName: string): string => streamName.slice(streamName.indexOf('-') + 1);

/** The auction ids whose state a batch needs (so that the caller loads them in one query). */
export const auctionsTouched = (events: readonly RecordedEvent[]): string[] => [
  ...new Set(
    events.filter((event) => isAuctionStream(event.streamName)).map((event) => auctionIdOf(event.streamName)),
  ),
];

/** The columns of an auction's row, from its folded state. */
export const auctionColumns = (auctionId: string, folded: FoldedAuction): AuctionColumns => {
  const { state } = folded;
  const rules = state.rules;
  const view = publicView(state, state.endsAt - 1);
  return {
    auctionId,
    sellerId: rules?.sellerId ?? null,
    status: state.status,
    currency: rules?.currency ?? null,
    price: state.price,
    sortPrice: state.price ?? rules?.startingPrice ?? 0,
    bidCount: state.visibleBidCount,
    leaderId: state.leader?.bidderId ?? null,
    endsAt: state.endsAt,
    reserveMet: view?.reserveMet ?? null,
    createdAt: folded.createdAt,
    version: folded.version,
    state,
  };
};

/**
 * The catalog's projection, pure: folds a batch of events (auction and listing streams; others are
 * ignored) into the rows they change, given the folded state of the auctions touched (`known`; a
 * missing one starts empty). An auction event at or below the version already folded is skipped, so a
 * batch handled twice changes nothing.
 */
export const projectCatalog = (
  known: ReadonlyMap<string, FoldedAuction>,
  events: readonly RecordedEvent[],
): CatalogChanges => {
  const folded = new Map<string, FoldedAuction>();
  const listings: ListingColumns[] = [];
  const bidders: (readonly [string, string])[] = [];
  for (const event of events) {
    if (!isAuctionStream(event.streamName)) {
      const listing = listingOf(event);
      if (listing !== null) listings.push(listing);
      continue;
    }
    if (!isAuctionEvent(event)) continue;
    const auctionId = auctionIdOf(event.streamName);
    const before = folded.get(auctionId) ??
      known.get(auctionId) ?? { state: initialState(), version: 0, createdAt: 0 };
    if (event.streamVersion <= before.version) continue;
    const decoded = toAuctionEvent(event);
    folded.set(auctionId, {
      state: evolve(before.state, decoded),
      version: event.streamVersion,
      createdAt: decoded.type === 'AuctionOpened' ? decoded.data.at : before.createdAt,
    });
    if (decoded.type === 'BidPlaced' || decoded.type === 'MaxBidSet')
      bidders.push([decoded.data.bidderId, auctionId]);
  }
  const auctions = [...folded].map(([auctionId, state]) => auctionColumns(auctionId, state));
  return { auctions, listings, bidders };
};
