import type { AuctionState } from './auctionState';
import { noDetails, type Rejected, rejected } from './decision';
import { instantText, quoteId } from './messageText';

/**
 * Step 1 of accepting a bid (and of buy-it-now): the auction exists, is neither closed nor cancelled,
 * and `startsAt <= now < endsAt`, with `endsAt` the effective end. A bid at or after the end is
 * rejected even before a close is recorded.
 * @returns the rejection, or null when bidding is open.
 */
export const biddingGuard = (state: AuctionState, auctionId: string, now: number): Rejected | null => {
  const rules = state.rules;
  if (state.status === 'none' || rules === null || state.auctionId !== auctionId)
    return auctionNotFound(auctionId);
  if (state.status !== 'open') return auctionClosed(auctionId, state.status);
  if (now < rules.startsAt)
    return rejected(
      'AUCTION_NOT_STARTED',
      `Auction ${quoteId(auctionId)} starts at ${instantText(rules.startsAt)}`,
      { startsAt: rules.startsAt },
    );
  if (now >= state.endsAt)
    return rejected('AUCTION_ENDED', `Auction ${quoteId(auctionId)} ended at ${instantText(state.endsAt)}`, {
      endsAt: state.endsAt,
    });
  return null;
};

/** `AUCTION_CLOSED` for an auction that is closed or cancelled. */
export const auctionClosed = (
  auctionId: string,
  status: 'closed' | 'cancelled',
): Rejected<'AUCTION_CLOSED'> =>
  rejected('AUCTION_CLOSED', `Auction ${quoteId(auctionId)} is ${status}`, { status });

/** `AUCTION_NOT_FOUND` for an auction that does not exist (or that the state does not hold). */
export const auctionNotFound = (auctionId: string): Rejected<'AUCTION_NOT_FOUND'> =>
  rejected('AUCTION_NOT_FOUND', `Auction ${quoteId(auctionId)} does not exist`, noDetails());
