import type { CloseReason } from '../auction/events';

/** Every kind of notification an auction sends; see {@link AuctionNotification}. */
export type NotificationKind = 'outbid' | 'leading' | 'won' | 'sold' | 'unsold' | 'lost' | 'cancelled';

/**
 * The fields every notification carries. The recipient's `userId` is the only user id a notification
 * holds: it never names another user, not even masked.
 */
export interface NotificationBase<Kind extends NotificationKind = NotificationKind> {
  /**
   * Stable and unique: the same event always gives the same id, and no two notifications of one event
   * share one. `<auctionId>@<version>:<kind>:<role>`, the role being `leader` (who led before the event),
   * `new-leader` (who leads after it), `winner` or `seller`; for `'lost'`, which goes to many bidders at
   * once, the recipient's own user id takes the role's place.
   */
  readonly id: string;
  readonly kind: Kind;
  /** The recipient. */
  readonly userId: string;
  readonly auctionId: string;
  /** The stream version of the event that caused the notification (`AuctionOpened` is 1). */
  readonly version: number;
  /** When that event happened (its `data.at`, epoch ms). */
  readonly at: number;
  /** The auction's currency; every amount is in its minor units. */
  readonly currency: string;
}

/**
 * To the bidder who led before a bid and no longer leads after it: someone bid more. It carries what
 * anyone may see: the new visible price and the minimum next bid, never the new leader nor their max.
 * (A retraction sends it too, to a leader it demotes who did not retract; under today's rules a
 * retraction demotes only the bidder who retracted, who is told nothing of their own act.)
 */
export interface OutbidNotification extends NotificationBase<'outbid'> {
  /** The visible price after the event. */
  readonly price: number;
  /** The least a new bid must be now. */
  readonly minimumNextBid: number;
}

/**
 * To the bidder who leads after a retraction and did not lead before it: the bid above theirs was
 * withdrawn, and their offer leads again. It carries what anyone may see: the visible price after the
 * retraction (it may be lower than before) and the minimum next bid, never who retracted, nor the
 * recipient's own max.
 */
export interface LeadingNotification extends NotificationBase<'leading'> {
  /** The visible price after the retraction. */
  readonly price: number;
  /** The least a new bid must be now. */
  readonly minimumNextBid: number;
}

/** To the winner, when the auction closes sold to them (after the bidding or by buy-it-now). */
export interface WonNotification extends NotificationBase<'won'> {
  /** The sale price (for a buy-it-now, the buy-it-now price). */
  readonly price: number;
  /** True when the winner bought the item at its buy-it-now price. */
  readonly buyNow: boolean;
}

/** To the seller, when the auction closes sold (after the bidding or by buy-it-now). */
export interface SoldNotification extends NotificationBase<'sold'> {
  /** The sale price (for a buy-it-now, the buy-it-now price). */
  readonly price: number;
  /** True when the buyer bought the item at its buy-it-now price. */
  readonly buyNow: boolean;
}

/** Why an auction closed unsold. */
export type UnsoldReason = Exclude<CloseReason, 'buy-now'>;

/** To the seller, when the auction closes unsold. */
export interface UnsoldNotification extends NotificationBase<'unsold'> {
  /** `'no-bids'`, or `'reserve-not-met'` when the best offer stayed below the reserve. */
  readonly reason: UnsoldReason;
  /** The last visible price (the best offer's price as the public saw it); null with no bid. */
  readonly price: number | null;
}

/**
 * To a bidder who held an offer when the auction closed and did not win. {@link auctionNotifications}
 * never makes it (the state knows only the leader); the caller does, with {@link lostNotification}.
 */
export interface LostNotification extends NotificationBase<'lost'> {
  /** The price the auction closed at: the sale price, or the last visible price when unsold. */
  readonly price: number;
  /** Whether the auction sold (to someone else) or closed unsold. */
  readonly outcome: 'sold' | 'unsold';
}

/**
 * To the bidder who led when the auction was cancelled. Today's rules let the seller cancel only before
 * the first accepted bid, so no stream the decider writes has one; it is there for a stream that does.
 */
export type CancelledNotification = NotificationBase<'cancelled'>;

/**
 * A notification that an auction event causes, to one user: a union discriminated by `kind`, with
 * readonly fields, money in integer minor units of `currency`. It never names another user and never
 * carries an amount above the price the public saw (no secret max, no reserve).
 */
export type AuctionNotification =
  | OutbidNotification
  | LeadingNotification
  | WonNotification
  | SoldNotification
  | UnsoldNotification
  | LostNotification
  | CancelledNotification;
