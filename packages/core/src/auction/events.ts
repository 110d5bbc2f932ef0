import type { IncrementTable } from '../money/increments';
import type { Offer } from './auctionState';

/** Free-form metadata carried beside an event: correlation and causation ids, schema version, etc. */
export type EventMetadata = Readonly<Record<string, unknown>>;

/** The shape of every Gavel event: `{ type, data, metadata? }`. */
export interface GavelEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

/**
 * Where a soft-close extension counts from: `'bid'` (Catawiki: `extendMs` more after the bid that
 * qualifies) or `'end'` (Yahoo! Auctions Japan: `extendMs` more on the current end, again and again).
 */
export type SoftCloseFrom = 'bid' | 'end';

/**
 * Anti-sniping policy: bids near the end push the end out. A qualifying bid is an accepted bid that
 * changes the price or the leader; a leader's silent raise, a rejected bid and a retraction never
 * extend.
 */
export interface SoftClosePolicy {
  /** A qualifying bid made when `endsAt - now <= windowMs` extends the auction. */
  readonly windowMs: number;
  /**
   * How far the end moves: to `max(endsAt, now + extendMs)` with `from: 'bid'`, to `endsAt + extendMs`
   * with `from: 'end'`.
   */
  readonly extendMs: number;
  /** A hard cap: the end never moves past it. */
  readonly maxEndsAt?: number;
  /**
   * Where the extension counts from. Absent means `'bid'`: an `AuctionOpened` records `from` only when
   * the listing gave it, so the streams written before it existed replay as they did.
   */
  readonly from?: SoftCloseFrom;
}

/**
 * When a bidder may withdraw their bids (eBay's rule): with more than `fullBeforeEndMs` left, all of
 * them; after that, only their latest bid, and only while it is less than `latestWithinMs` old.
 * Absent from `AuctionOpened`, it is `DEFAULT_RETRACTION_POLICY`; see `docs/rules.md`.
 */
export interface RetractionPolicy {
  /** With `endsAt - now > fullBeforeEndMs`, a retraction withdraws every bid of the bidder. */
  readonly fullBeforeEndMs: number;
  /** Closer to the end, a retraction withdraws the latest bid only if `now - its time < latestWithinMs`. */
  readonly latestWithinMs: number;
}

/** Why a bidder withdraws a bid: a typing mistake, a description that changed, a seller out of reach. */
export type RetractionReason = 'typo' | 'description-changed' | 'seller-unreachable';

/** What a retraction withdrew: every bid of the bidder (`'all'`), or their latest bid only (`'latest'`). */
export type RetractionScope = 'all' | 'latest';

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
  /**
   * Bid retraction: the policy, or null when this auction allows none. Absent means
   * `DEFAULT_RETRACTION_POLICY` (recorded only when the listing gave it, so that the streams
   * written before retraction existed replay as they did).
   */
  readonly retraction?: RetractionPolicy | null;
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

/**
 * A bidder withdrew bids (see {@link RetractionPolicy}). It carries the result that the remaining
 * offers give under the rules, each offer keeping its original time: the leader's offer as the state
 * holds it, the runner-up max and the visible price, so that `evolve` stays O(1). The leader's offer
 * and the runner-up max are secrets: the public projection shows only the price and the (masked)
 * leader. A retraction never moves the end and never changes the public bid count.
 */
export type BidRetracted = GavelEvent<
  'BidRetracted',
  EventBase & {
    /** The bidder who retracted. */
    readonly bidderId: string;
    readonly reason: RetractionReason;
    readonly scope: RetractionScope;
    /** The bidder's latest bid (`bidId` of its event), the one withdrawn, or the last of those withdrawn. */
    readonly bidId: string;
    /** How many of the bidder's accepted bids were withdrawn: 1 for `'latest'`, all that stood for `'all'`. */
    readonly withdrawn: number;
    /** The leader after the retraction (`leader.bidderId`), or null when no offer is left. */
    readonly leaderId: string | null;
    /** The leader's offer after the retraction, as the state holds it; null when no offer is left. */
    readonly leader: Offer | null;
    /** The highest max among the other bidders after it; null with fewer than two offers left. */
    readonly runnerUpMax: number | null;
    /** The visible price after it (it may be lower than before); null when no offer is left. */
    readonly price: number | null;
  }
>;

/** Every event of an auction stream. */
export type AuctionEvent =
  | AuctionOpened
  | BidPlaced
  | MaxBidSet
  | AuctionExtended
  | AuctionClosed
  | AuctionCancelled
  | BidRetracted;

/** The `type` of every auction event. */
export type AuctionEventType = AuctionEvent['type'];
