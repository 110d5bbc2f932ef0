import type { AuctionClosed, AuctionRules } from './events';

/** A bidder's standing offer. Only the leader's is kept in state; others are summed up by the runner-up max. */
export interface Offer {
  readonly bidderId: string;
  readonly bidId: string;
  /** The secret maximum: for a straight bid, its amount. */
  readonly max: number;
  /** The straight amount the offer holds the price at while it leads; 0 for a proxy. */
  readonly floor: number;
  /** When the offer was made (its sequence number among accepted bids): earlier wins ties. */
  readonly seq: number;
}

/** Where an auction is in its life. */
export type AuctionStatus = 'none' | 'open' | 'closed' | 'cancelled';

/** The result recorded when the auction closed. */
export type ClosedResult = Omit<AuctionClosed['data'], 'auctionId' | 'at'>;

/**
 * The decider's state of one auction. It is O(1) in size: the leader's offer, the runner-up max and
 * counters; the history stays in the event stream.
 */
export interface AuctionState {
  readonly status: AuctionStatus;
  readonly auctionId: string | null;
  /** The rules from `AuctionOpened`; null before it. */
  readonly rules: AuctionRules | null;
  /** The effective end, after soft-close extensions. */
  readonly endsAt: number;
  readonly leader: Offer | null;
  /** The highest max among bidders other than the leader; null with fewer than two bidders. */
  readonly runnerUpMax: number | null;
  /** The visible price; null before the first bid. */
  readonly price: number | null;
  /** Accepted bids so far, silent raises included (it orders offers: earlier wins ties). */
  readonly bidCount: number;
  /**
   * Accepted bids that the public could see: those that changed the price or the leader. A leader's
   * silent raise (which moves neither) is not counted. This is the public view's `bidCount`.
   */
  readonly visibleBidCount: number;
  readonly result: ClosedResult | null;
}

const INITIAL: AuctionState = Object.freeze({
  status: 'none',
  auctionId: null,
  rules: null,
  endsAt: 0,
  leader: null,
  runnerUpMax: null,
  price: null,
  bidCount: 0,
  visibleBidCount: 0,
  result: null,
});

/** The state of an auction stream with no events. */
export const initialState = (): AuctionState => INITIAL;
