import type { IncrementTable } from '../money/increments';
import type { BelowReservePolicy, RetractionPolicy, RetractionReason, SoftClosePolicy } from './events';

/** The shape of every Gavel command: `{ type, data }`. */
export interface GavelCommand<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * List an item. Defaults: `startsAt` now, `increments` ebayUsd, `belowReserve` 'proxy', `maxAmount`
 * 10^12, no soft close, `retraction` `DEFAULT_RETRACTION_POLICY` (null allows no retraction).
 */
export type OpenAuction = GavelCommand<
  'OpenAuction',
  {
    readonly auctionId: string;
    readonly sellerId: string;
    readonly currency: string;
    readonly startingPrice: number;
    readonly endsAt: number;
    readonly startsAt?: number;
    readonly reservePrice?: number;
    readonly buyNowPrice?: number;
    readonly increments?: IncrementTable;
    readonly softClose?: SoftClosePolicy;
    readonly belowReserve?: BelowReservePolicy;
    readonly maxAmount?: number;
    readonly retraction?: RetractionPolicy | null;
  }
>;

/** A straight bid for exactly `amount`. `bidId` makes it idempotent. */
export type PlaceBid = GavelCommand<
  'PlaceBid',
  { readonly auctionId: string; readonly bidderId: string; readonly amount: number; readonly bidId?: string }
>;

/** A secret maximum: the engine bids for the bidder up to `maxAmount`. `bidId` makes it idempotent. */
export type SetMaxBid = GavelCommand<
  'SetMaxBid',
  {
    readonly auctionId: string;
    readonly bidderId: string;
    readonly maxAmount: number;
    readonly bidId?: string;
  }
>;

/** Buy at the buy-it-now price, closing the auction. */
export type BuyNow = GavelCommand<'BuyNow', { readonly auctionId: string; readonly buyerId: string }>;

/** Close an auction whose end has passed. */
export type CloseAuction = GavelCommand<'CloseAuction', { readonly auctionId: string }>;

/** Withdraw an auction before its first accepted bid (seller only). */
export type CancelAuction = GavelCommand<
  'CancelAuction',
  { readonly auctionId: string; readonly by: string; readonly reason?: string }
>;

/**
 * Withdraw bids, for one of the reasons the rules allow (see `RetractionPolicy`): all the bidder's bids
 * with more than `fullBeforeEndMs` left, else their latest bid if it is recent enough. Deciding it
 * needs the auction's offers (`auctionOffers`), which the command service reads for it.
 */
export type RetractBid = GavelCommand<
  'RetractBid',
  { readonly auctionId: string; readonly bidderId: string; readonly reason: RetractionReason }
>;

/** Every command the auction decider takes. */
export type AuctionCommand =
  | OpenAuction
  | PlaceBid
  | SetMaxBid
  | BuyNow
  | CloseAuction
  | CancelAuction
  | RetractBid;

/** The `type` of every auction command. */
export type AuctionCommandType = AuctionCommand['type'];
