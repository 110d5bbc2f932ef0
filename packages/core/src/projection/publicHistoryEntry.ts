/**
 * What a public history entry records: a bid that moved the price or the leader, an extension, the
 * close, a retraction.
 */
export type PublicHistoryKind = 'bid' | 'extended' | 'closed' | 'retracted';

/**
 * The offer that an automatic bid answered, as eBay's bid history shows it beside the answer: its
 * bidder (masked) and its amount (a straight bid's amount, or the max that lost). A max that lost is
 * never above the price the entry shows, so it is no secret.
 */
export interface BeatenOffer {
  /** The masked id of the bidder whose offer was beaten: the one who acted in the event. */
  readonly bidder: string;
  /** The straight bid's amount, or the max that lost, in minor units; never above the entry's price. */
  readonly amount: number;
}

/**
 * One line of an auction's public history: one per stream version whose event changes the price or the
 * leader (`'bid'`), extends the auction (`'extended'`), closes it (`'closed'`) or withdraws bids
 * (`'retracted'`, which may lower the price). Bidders are masked; no secret maximum above the price and
 * no reserve amount is ever in it.
 */
export interface PublicHistoryEntry {
  /** The stream version of the event (`AuctionOpened` is 1). */
  readonly version: number;
  /** When the event happened (its `data.at`, epoch ms). */
  readonly at: number;
  readonly kind: PublicHistoryKind;
  /**
   * The price after the event: for `'bid'`, `'extended'` and `'retracted'` the visible price (null
   * after a retraction that leaves no offer); for `'closed'` the sale price when sold (for a
   * buy-it-now, the buy-it-now price), null when unsold.
   */
  readonly price: number | null;
  /**
   * Masked: for `'bid'`, `'extended'` and `'retracted'` the price holder (the leader) after the event;
   * for `'closed'` the winner; null where there is none. A `'retracted'` entry does not name the bidder
   * who retracted.
   */
  readonly bidder: string | null;
  /**
   * True when the price holder is not the one who acted in this event: the engine answered a bid for
   * their proxy (an "automatic bid"). Always false for `'extended'`, `'closed'` and `'retracted'`.
   */
  readonly automatic: boolean;
  /** For an automatic `'bid'` (and only then): the offer that the proxy answered. */
  readonly beaten?: BeatenOffer;
  /** For `'extended'`: the new effective end (epoch ms). */
  readonly endsAt?: number;
  /** For `'closed'`: sold or unsold. */
  readonly outcome?: 'sold' | 'unsold';
}
