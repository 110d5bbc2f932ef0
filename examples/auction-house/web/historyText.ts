import type { BeatenOffer, PublicHistoryEntry } from '@gavel/core';
import { bidderLabel } from './bidderLabel';
import { formatMoney, moneyOrDash } from './money';

/**
 * The words of one history line after its time: `$20.50, you`, `soft close extended the end (price
 * $20.50)`, `closed, sold to nr5eyl6b for $31.00`, `closed, unsold`, `a bid was retracted: now $10.00,
 * nr5eyl6b`, `a bid was retracted: no bids left`. `ownId` is the reader's masked id in this auction
 * (undefined when signed out): where a bidder is the reader, the line says `you`. A retraction never
 * names who retracted: its line names the leader after it, as the entry does.
 */
export const historyText = (
  entry: PublicHistoryEntry,
  currency: string,
  ownId: string | undefined,
): string => {
  const price = moneyOrDash(entry.price, currency);
  const bidder = bidderLabel(entry.bidder, ownId);
  if (entry.kind === 'closed')
    return entry.bidder === null ? 'closed, unsold' : `closed, sold to ${bidder} for ${price}`;
  if (entry.kind === 'extended') return `soft close extended the end (price ${price})`;
  if (entry.kind === 'retracted')
    return entry.price === null || entry.bidder === null
      ? 'a bid was retracted: no bids left'
      : `a bid was retracted: now ${price}, ${bidder}`;
  return `${price}, ${bidder}`;
};

/**
 * The words of the line of an offer that an automatic bid beat, as eBay's history shows it under the
 * answer: `$20.00, you` (the straight bid's amount, or the max that lost, and its bidder).
 */
export const beatenText = (beaten: BeatenOffer, currency: string, ownId: string | undefined): string =>
  `${formatMoney(beaten.amount, currency)}, ${bidderLabel(beaten.bidder, ownId)}`;
