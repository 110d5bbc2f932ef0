import type { AuctionState, PublicView, RetractionScope } from '@gavel/core';
import type { OwnOffer } from '../auctions/ownOffer';

export type { OwnOffer };

/** A user's offer as the SQL catalogs store it: `amount` for a straight bid, else `max_amount` (bigint as text in PostgreSQL). */
export interface OfferColumns {
  readonly amount: number | string | null;
  readonly max_amount: number | string | null;
}

/** The columns of an offer: `[amount, max_amount]`, a straight bid's amount or a max, the other null. */
export const offerColumns = (offer: OwnOffer): [number | null, number | null] => [
  'amount' in offer ? offer.amount : null,
  'maxAmount' in offer ? offer.maxAmount : null,
];

/** The offer that a `catalog_bidders` row holds (the inverse of {@link offerColumns}). */
export const ownOfferOfColumns = (columns: OfferColumns): OwnOffer =>
  columns.amount === null ? { maxAmount: Number(columns.max_amount) } : { amount: Number(columns.amount) };

/** The sorts of the list of auctions. */
export type CatalogSort = 'ending' | 'newest' | 'price-asc' | 'price-desc';

/** The status filter of the list: `ended` is past its end and not yet closed. */
export type CatalogStatus = 'open' | 'ended' | 'closed' | 'cancelled';

/** What an auction's own events set in its catalog row. */
export interface AuctionColumns {
  readonly auctionId: string;
  readonly sellerId: string | null;
  /** `open`, `closed` or `cancelled` (`none` before `AuctionOpened`). */
  readonly status: AuctionState['status'];
  readonly currency: string | null;
  /** The visible price; null before the first bid. */
  readonly price: number | null;
  /** What the price sorts use: the price, or the starting price before the first bid. */
  readonly sortPrice: number;
  /** Public bids (changes of price or leader). */
  readonly bidCount: number;
  /** The leader, unmasked (masked when shown). */
  readonly leaderId: string | null;
  readonly endsAt: number;
  readonly reserveMet: boolean | null;
  /** When the auction opened (epoch ms). */
  readonly createdAt: number;
  /** The stream version folded into `state`. */
  readonly version: number;
  /** The decider's state (O(1) in size), to fold the next events. */
  readonly state: AuctionState;
  /** The public view without a clock (`storedViewOf`), bidder ids as recorded: what the lists show. */
  readonly view: PublicView | null;
}

/**
 * A change of a user's standing bids on an auction, as the "my auctions" read model keeps them, in
 * stream order: an accepted bid (`'bid'`, the offer it leaves them, at its stream version), or a
 * retraction (`'retracted'`) that withdrew all their bids recorded before it (`'all'`) or the latest
 * of them (`'latest'`). A user's offer on the auction is their latest bid still standing; a user with
 * none holds no offer (no "my bids" entry, no `lost` notification).
 */
export type BidderChange =
  | {
      readonly kind: 'bid';
      readonly userId: string;
      readonly auctionId: string;
      readonly version: number;
      readonly offer: OwnOffer;
    }
  | {
      readonly kind: 'retracted';
      readonly userId: string;
      readonly auctionId: string;
      readonly version: number;
      readonly scope: RetractionScope;
    };

/** An open auction with its state (for the simulated bidders, which decide from it). */
export interface OpenAuctionRow extends CatalogListRow {
  readonly state: AuctionState;
}

/** One entry of a user's auctions: the auction's row and their own last offer on it. */
export interface OwnAuctionRow extends CatalogListRow {
  readonly offer: OwnOffer;
}

/** What the listing stream sets: the title and the seller's name. */
export interface ListingColumns {
  readonly auctionId: string;
  readonly title: string;
  readonly sellerName: string;
}

/** A row of the list: enough to show the auction's card. */
export interface CatalogListRow {
  readonly auctionId: string;
  readonly title: string;
  /** The stored public view (`storedViewOf`): `viewAt(view, now)` is the view at `now`; ids unmasked. */
  readonly view: PublicView;
  /** The auction stream's version folded. */
  readonly version: number;
  /** The value of the sort's key, for the next page's cursor. */
  readonly sortValue: number;
}

/** Where a page starts: after this row of this sort. */
export interface CatalogCursor {
  readonly sort: CatalogSort;
  readonly value: number;
  readonly auctionId: string;
}

/** A query of the list. */
export interface CatalogQuery {
  readonly status?: CatalogStatus;
  readonly sort: CatalogSort;
  /** Words of the title, all of which must be in it. */
  readonly words?: readonly string[];
  readonly limit: number;
  readonly after?: CatalogCursor;
}

/** The key each sort orders by, and its direction (ties broken by auction id, in the same direction). */
export const SORT_KEYS: Readonly<
  Record<CatalogSort, { readonly column: 'endsAt' | 'createdAt' | 'sortPrice'; readonly descending: boolean }>
> = {
  ending: { column: 'endsAt', descending: false },
  newest: { column: 'createdAt', descending: true },
  'price-asc': { column: 'sortPrice', descending: false },
  'price-desc': { column: 'sortPrice', descending: true },
};
