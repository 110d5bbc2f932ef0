import type { LostNotification } from './auctionNotification';
import { notificationId } from './notificationId';

/** What {@link lostNotification} needs: the close it follows and the bidder it goes to. */
export interface LostNotificationInput {
  readonly auctionId: string;
  /** The stream version of the `AuctionClosed` event. */
  readonly version: number;
  /** When the auction closed (the event's `data.at`, epoch ms). */
  readonly at: number;
  /** The bidder who lost: one who held an offer at the close and is not the winner. */
  readonly userId: string;
  /** The sale price (`data.price`), or when unsold the last visible price (the state's `price`). */
  readonly price: number;
  readonly currency: string;
  /** The close's outcome (`data.outcome`): sold to someone else, or unsold. */
  readonly outcome: 'sold' | 'unsold';
}

/**
 * The `lost` notification of one bidder, built as {@link auctionNotifications} builds the others (its
 * id is `<auctionId>@<version>:lost:<userId>`, with the recipient's own id, since many bidders lose at
 * one close). `auctionNotifications` cannot make it: the auction's state keeps the leader and the
 * runner-up's max, not every bidder. The caller, which keeps its own record of who bid, sends it at an
 * `AuctionClosed` to every bidder who held an offer then, except the winner: at a sale (a buy-it-now
 * included, where the leader who did not buy loses too) every bidder but the winner, at an unsold
 * close every bidder.
 *
 * @example
 * // At an AuctionClosed `event`, `after` the state after it, `biddersOf` the caller's record of who bid:
 * const { auctionId, at, winnerId } = event.data;
 * const price = event.data.price ?? after.price; // null only when nobody bid: then nobody lost
 * for (const userId of biddersOf(auctionId))
 *   if (userId !== winnerId && price !== null && after.rules !== null)
 *     send(lostNotification({ auctionId, version: event.streamVersion, at, userId, price,
 *       currency: after.rules.currency, outcome: event.data.outcome }));
 */
export const lostNotification = (input: LostNotificationInput): LostNotification => {
  const { auctionId, version, at, userId, price, currency, outcome } = input;
  return {
    id: notificationId(auctionId, version, 'lost', { ownUserId: userId }),
    kind: 'lost',
    userId,
    auctionId,
    version,
    at,
    currency,
    price,
    outcome,
  };
};
