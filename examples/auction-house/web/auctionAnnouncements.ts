import { announce } from './dom';
import { leaderStatus } from './leaderStatus';
import { moneyOrDash } from './money';
import { outcomeLine, outcomeSentence } from './outcomeLine';
import type { PageState } from './pageState';

/**
 * Tells screen readers what changed on an auction's page between two states: a new price or leader
 * (with the reader's standing), the close (with its outcome), an end extended by a late bid.
 */
export const announceAuctionChanges = (auctionId: string, next: PageState, previous: PageState): void => {
  const before = previous.auctions[auctionId]?.view;
  const after = next.auctions[auctionId]?.view;
  if (before === undefined || after === undefined || before === after) return;
  const standing = leaderStatus(after, next.standings[auctionId]);
  if (before.price !== after.price || before.leaderId !== after.leaderId)
    announce(`Price now ${moneyOrDash(after.price, after.currency)}. ${standing.text}`);
  if (before.status !== after.status && after.status === 'closed')
    announce(outcomeSentence(outcomeLine(after, next.standings[auctionId]?.bidderId)));
  if (before.endsAt < after.endsAt) announce('The end was extended by a late bid.');
};
