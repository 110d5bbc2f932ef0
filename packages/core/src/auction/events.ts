import type { IncrementTable } from '../money/increments';

/** Free-form metadata carried beside an event: correlation and causation ids, schema version, etc. */
export type EventMetadata = Readonly<Record<string, unknown>>;

/** The shape of every Gavel event: `{ type, data, metadata? }`. */
export interface GavelEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

/** Anti-sniping policy: bids near the end push the end out. */
export interface SoftClosePolicy {
  /** A qualifying bid made when `endsAt - now <= windowMs` extends the auction. */
  readonly windowMs: number;
  /** The end moves to `max(endsAt, now + extendMs)`. */
  readonly extendMs: number;
  /** A hard cap: the end never moves past it. */
  readonly maxEndsAt?: number;
}

/** What the visible price shows while the leader's max is below the reserve. */
export type BelowReservePolicy = 'proxy' | 'fullMax';

/** Every field an event's `data` carries: the auction it belongs to and when it happened (epoch ms). */
export interface EventBase {
  readonly auctionId: string;
  readonly at: number;
}

/**
 * The auction's full rules, copied into `AuctionOpened` so that the stream replays under the rules it
 * was opened with.
 */
export interface AuctionRules {
  readonly sellerId: string;
  readonly currency: string;
  readonly startingPrice: number;
  readonly reservePrice?: number;
  readonly buyNowPrice?: number;
  readonly increments: IncrementTable;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly softClose?: SoftClosePolicy;
  readonly belowReserve: BelowReservePolicy;
  readonly maxAmount: number;
}

/** The auction was listed, with its rules. */
export type AuctionOpened = GavelEvent<'AuctionOpened', EventBase & AuctionRules>;

/** A straight bid for exactly `amount` was accepted. */
export type BidPlaced = GavelEvent<
  'BidPlaced',
  EventBase & { readonly bidId: string; readonly bidderId: string; readonly amount: number }
>;

/** A secret maximum (proxy bid) was accepted. */
export type MaxBidSet = GavelEvent<
  'MaxBidSet',
  EventBase & { readonly bidId: string; readonly bidderId: string; readonly maxAmount: number }
>;

/** Soft close moved the auction's end. */
export type AuctionExtended = GavelEvent<
  'AuctionExtended',
  EventBase & { readonly previousEndsAt: number; readonly endsAt: number }
>;

/** Why an auction closed the way it did. */
export type CloseReason = 'no-bids' | 'reserve-not-met' | 'buy-now';

/** The auction closed, sold or unsold. */
export type AuctionClosed = GavelEvent<
  'AuctionClosed',
  EventBase & {
    readonly outcome: 'sold' | 'unsold';
    readonly winnerId?: string;
    readonly price?: number;
    readonly reason?: CloseReason;
  }
>;

/** The seller withdrew the auction before any bid. */
export type AuctionCancelled = GavelEvent<
  'AuctionCancelled',
  EventBase & { readonly by: string; readonly reason?: string }
>;

/** Every event of an auction stream. */
export type AuctionEvent =
  | AuctionOpened
  | BidPlaced
  | MaxBidSet
  | AuctionExtended
  | AuctionClosed
  | AuctionCancelled;

/** The `type` of every auction event. */
export type AuctionEventType = AuctionEvent['type'];
