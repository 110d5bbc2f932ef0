import type { PublicView } from '@gavel/core';
import { moneyOrDash } from './money';

/**
 * A card's price line: the price (`$125.50`); before the first bid `Starts at $10.00`; `No bids` once
 * an auction without bids can no longer take one (ended, closed or cancelled).
 */
export const cardPriceText = (view: Pick<PublicView, 'price' | 'minimumNextBid' | 'currency'>): string => {
  if (view.price !== null) return moneyOrDash(view.price, view.currency);
  if (view.minimumNextBid === null) return 'No bids';
  return `Starts at ${moneyOrDash(view.minimumNextBid, view.currency)}`;
};
