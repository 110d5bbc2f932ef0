import type { AuctionState } from '../auction/auctionState';
import type { AuctionClosed } from '../auction/events';
import type {
  SoldNotification,
  UnsoldNotification,
  UnsoldReason,
  WonNotification,
} from './auctionNotification';
import { notificationId } from './notificationId';

/** What a close tells: `won` to the winner and `sold` to the seller, or `unsold` to the seller. */
export type CloseNotifications =
  | readonly [WonNotification, SoldNotification]
  | readonly [UnsoldNotification]
  | readonly [];

/**
 * The notifications of an `AuctionClosed`: sold (after the bidding or by buy-it-now), `won` to the
 * winner and `sold` to the seller, both with the sale price; unsold, `unsold` to the seller with its
 * reason. The other bidders' `lost` is the caller's to send (`lostNotification`). `after` is the
 * state after the close.
 */
export const closeNotifications = (
  version: number,
  data: AuctionClosed['data'],
  after: AuctionState,
): CloseNotifications => {
  const rules = after.rules;
  if (rules === null) return [];
  const { auctionId, at } = data;
  const { sellerId, currency } = rules;
  if (data.outcome === 'sold') {
    // The decider records a sold close with its winner and price; the visible price stands in for a
    // price an older stream may lack.
    const price = data.price ?? after.price;
    if (data.winnerId === undefined || price === null) return [];
    const buyNow = data.reason === 'buy-now';
    return [
      {
        id: notificationId(auctionId, version, 'won', 'winner'),
        kind: 'won',
        userId: data.winnerId,
        auctionId,
        version,
        at,
        currency,
        price,
        buyNow,
      },
      {
        id: notificationId(auctionId, version, 'sold', 'seller'),
        kind: 'sold',
        userId: sellerId,
        auctionId,
        version,
        at,
        currency,
        price,
        buyNow,
      },
    ];
  }
  return [
    {
      id: notificationId(auctionId, version, 'unsold', 'seller'),
      kind: 'unsold',
      userId: sellerId,
      auctionId,
      version,
      at,
      currency,
      reason: unsoldReason(data, after),
      price: after.price,
    },
  ];
};

/** The recorded reason, or (for a close recorded without one) what the state says. */
const unsoldReason = (data: AuctionClosed['data'], after: AuctionState): UnsoldReason => {
  if (data.reason === 'no-bids' || data.reason === 'reserve-not-met') return data.reason;
  return after.leader === null ? 'no-bids' : 'reserve-not-met';
};
