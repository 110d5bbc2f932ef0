/**
 * One event of an auction, explained: what happened, the price and the leader before and after it, and
 * why, in words with the numbers in the auction's currency (major units).
 */
export interface TimelineEntry {
  /** The stream version of the event (`AuctionOpened` is 1). */
  readonly version: number;
  readonly type: string;
  /** The event's `data.at` (epoch ms): the time the decision was made at. Null when it has none. */
  readonly at: number | null;
  /** Who acted: the bidder, the seller, the buyer; null for the engine's own events (extension, close). */
  readonly actor: string | null;
  /** `publicView(state).price` before the event (null before the first bid, and before `AuctionOpened`). */
  readonly priceBefore: number | null;
  /** `publicView(state).price` after the event. */
  readonly priceAfter: number | null;
  /** `publicView(state).leaderId` before the event, a bidder id as recorded. */
  readonly leaderBefore: string | null;
  /** `publicView(state).leaderId` after the event. */
  readonly leaderAfter: string | null;
  /** True when the event changed the price. */
  readonly movedPrice: boolean;
  /** True when the event changed the leader. */
  readonly movedLeader: boolean;
  /** For a bid: true when the price holder after it is not its bidder (a proxy answered it). */
  readonly automatic: boolean;
  /** For a straight bid: its amount (never above the price it leaves). */
  readonly amount?: number | undefined;
  /** For a max bid, only when the explanation was asked to reveal maxima: the max as set. */
  readonly maxAmount?: number | undefined;
  /** The effective end after the event (epoch ms), once the auction is open. */
  readonly endsAt: number | null;
  /** The reason in plain words, with the numbers. */
  readonly reason: string;
}

/** Options of `explain`. */
export interface ExplainOptions {
  /**
   * Show each max as it was set (for the operator only: a max above the price is a bidder's secret).
   * Default false: no entry and no reason names a max above the price it shows.
   */
  readonly revealMax?: boolean;
}
