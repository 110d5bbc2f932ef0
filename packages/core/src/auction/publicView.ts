import { incrementAt } from '../money/increments';
import type { AuctionState, ClosedResult } from './auctionState';

/** What anyone watching an auction may see. It never contains a max above the visible price. */
export interface PublicView {
  readonly auctionId: string;
  readonly status: 'scheduled' | 'open' | 'closed' | 'cancelled';
  readonly currency: string;
  /** The visible price; null before the first bid. */
  readonly price: number | null;
  readonly leaderId: string | null;
  /** The least a new bid must be; null once the auction is closed or cancelled. */
  readonly minimumNextBid: number | null;
  readonly bidCount: number;
  /** Whether the leader's max meets the reserve; null when there is no reserve. */
  readonly reserveMet: boolean | null;
  readonly startsAt: number;
  /** The effective end, after soft-close extensions. */
  readonly endsAt: number;
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
  return rules.reservePrice !== undefined && !reserveMet(state);
};

const reserveMet = (state: AuctionState): boolean =>
  state.rules?.reservePrice === undefined ||
  (state.leader !== null && state.leader.max >= state.rules.reservePrice);

/**
 * The public view of an auction: price, leader, minimum next bid, never a secret max.
 * With `now`, an open auction that has not started yet shows as `'scheduled'`.
 * @returns null when the auction does not exist.
 */
export const publicView = (state: AuctionState, now?: number): PublicView | null => {
  const rules = state.rules;
  if (state.status === 'none' || rules === null || state.auctionId === null) return null;
  const status =
    state.status === 'open'
      ? now !== undefined && now < rules.startsAt
        ? 'scheduled'
        : 'open'
      : state.status;
  const view: PublicView = {
    auctionId: state.auctionId,
    status,
    currency: rules.currency,
    price: state.price,
    leaderId: state.leader?.bidderId ?? null,
    minimumNextBid: minimumNextBid(state),
    bidCount: state.bidCount,
    reserveMet: rules.reservePrice === undefined ? null : reserveMet(state),
    startsAt: rules.startsAt,
    endsAt: state.endsAt,
    buyNowPrice: buyNowAvailable(state) ? (rules.buyNowPrice as number) : null,
  };
  return state.result === null ? view : { ...view, outcome: state.result };
};
