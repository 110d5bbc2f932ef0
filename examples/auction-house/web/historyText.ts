import type { PublicHistoryEntry } from '@gavel/core';
import { bidderLabel } from './bidderLabel';
import { moneyOrDash } from './money';

/**
 * The words of one history line after its time: `$20.50, you`, `soft close extended the end (price
 * $20.50)`, `closed, sold to nr5eyl6b for $31.00`, `closed, unsold`. `ownId` is the reader's masked id in
 * this auction (undefined when signed out): where a bidder is the reader, the line says `you`.
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
  return `${price}, ${bidder}`;
};
