import { incrementAt } from '../money/increments';
import type { AuctionState, ClosedResult } from './auctionState';

/**
 * Where an auction is, as the public sees it at a time `now`: `'scheduled'` before `startsAt`, `'open'`
 * while bids are taken, `'ended'` once `now` reaches the effective end but before the close is recorded
 * (every bid is then `AUCTION_ENDED`), then `'closed'` or `'cancelled'`.
 */
export type PublicAuctionStatus = 'scheduled' | 'open' | 'ended' | 'closed' | 'cancelled';

/** What anyone watching an auction may see. It never contains a max above the visible price. */
export interface PublicView {
  readonly auctionId: string;
  readonly status: PublicAuctionStatus;
  readonly currency: string;
  /** The visible price; null before the first bid. */
  readonly price: number | null;
  readonly leaderId: string | null;
  /** The least a new bid must be; null once the auction has ended, closed or been cancelled. */
  readonly minimumNextBid: number | null;
  /**
   * The bids the public could see: accepted bids that changed the price or the leader. A leader's
   * silent raise of their own max changes neither and is not counted, so that it stays unseen.
   */
  readonly bidCount: number;
  /** Whether the leader's max meets the reserve; null when there is no reserve. */
  readonly reserveMet: boolean | null;
  readonly startsAt: number;
  /** The effective end, after soft-close extensions. */
  readonly endsAt: number;
  /** The buy-it-now price while it can be used (never once the auction has ended); null otherwise. */
  readonly buyNowPrice: number | null;
  /** The outcome, once closed. */
  readonly outcome?: ClosedResult;
}

/** The least a new bid must be: the starting price before any bid, then the price plus one increment. */
export const minimumNextBid = (state: AuctionState): number | null => {
  if (state.status !== 'open' || state.rules === null) return null;
  if (state.price === null) return state.rules.startingPrice;
  return state.price + incrementAt(state.rules.increments, state.price);
};

/** True when buy-it-now can still be used: before the first bid or, with a reserve, until it is met. */
export const buyNowAvailable = (state: AuctionState): boolean => {
  const rules = state.rules;
  if (rules === null || rules.buyNowPrice === undefined || state.status !== 'open') return false;
  if (state.bidCount === 0) return true;
  // Without a reserve, reserveMet is true: buy-it-now ended with the first bid.
  return !reserveMet(state);
};

const reserveMet = (state: AuctionState): boolean =>
  state.rules?.reservePrice === undefined ||
  (state.leader !== null && state.leader.max >= state.rules.reservePrice);

/**
 * The public view of an auction: price, leader, minimum next bid, never a secret max.
 * With `now`, an open auction shows as `'scheduled'` before its start and as `'ended'` from its
 * effective end until the close is recorded (no minimum next bid, no buy-it-now then). Without `now`,
 * an auction that is neither closed nor cancelled shows as `'open'`.
 * @returns null when the auction does not exist.
 */
export const publicView = (state: AuctionState, now?: number): PublicView | null => {
  const rules = state.rules;
  if (state.status === 'none' || rules === null || state.auctionId === null) return null;
  let status: PublicAuctionStatus = state.status;
  if (status === 'open' && now !== undefined) {
    if (now < rules.startsAt) status = 'scheduled';
    else if (now >= state.endsAt) status = 'ended';
  }
  const ended = status === 'ended';
  const view: PublicView = {
    auctionId: state.auctionId,
    status,
    currency: rules.currency,
    price: state.price,
    leaderId: state.leader?.bidderId ?? null,
    minimumNextBid: ended ? null : minimumNextBid(state),
    bidCount: state.visibleBidCount,
    reserveMet: rules.reservePrice === undefined ? null : reserveMet(state),
    startsAt: rules.startsAt,
    endsAt: state.endsAt,
    buyNowPrice: !ended && buyNowAvailable(state) ? (rules.buyNowPrice as number) : null,
  };
  return state.result === null ? view : { ...view, outcome: state.result };
};
