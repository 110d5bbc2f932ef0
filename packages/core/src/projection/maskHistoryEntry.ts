import type { BidderMask } from './bidderMask';
import type { PublicHistoryEntry } from './publicHistoryEntry';

/**
 * A public history entry with every bidder id in it masked: its `bidder` and, on an automatic bid,
 * `beaten.bidder`. For history kept with ids as recorded (projected with an identity mask) and masked
 * only when shown; every other field is kept as it is.
 */
export const maskHistoryEntry = (
  auctionId: string,
  entry: PublicHistoryEntry,
  mask: BidderMask,
): PublicHistoryEntry => {
  const bidder = entry.bidder === null ? null : mask(auctionId, entry.bidder);
  const beaten = entry.beaten;
  if (beaten === undefined) return { ...entry, bidder };
  return { ...entry, bidder, beaten: { bidder: mask(auctionId, beaten.bidder), amount: beaten.amount } };
};
