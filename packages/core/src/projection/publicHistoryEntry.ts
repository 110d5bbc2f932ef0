/** What a public history entry records: a bid that moved the price or the leader, an extension, the close. */
export type PublicHistoryKind = 'bid' | 'extended' | 'closed';

/**
 * One line of an auction's public history: one per stream version whose event changes the price or the
 * leader (`'bid'`), extends the auction (`'extended'`) or closes it (`'closed'`). Bidders are masked; no
 * secret maximum above the price and no reserve amount is ever in it.
 */
export interface PublicHistoryEntry {
  /** The stream version of the event (`AuctionOpened` is 1). */
  readonly version: number;
  /** When the event happened (its `data.at`, epoch ms). */
  readonly at: number;
  readonly kind: PublicHistoryKind;
  /**
   * The price after the event: for `'bid'` and `'extended'` the visible price; for `'closed'` the sale
   * price when sold (for a buy-it-now, the buy-it-now price), null when unsold.
   */
  readonly price: number | null;
  /**
   * Masked: for `'bid'` and `'extended'` the price holder (the leader) after the event; for `'closed'` the
   * winner; null where there is none.
   */
  readonly bidder: string | null;
  /**
   * True when the price holder is not the one who acted in this event: the engine answered a bid for
   * their proxy (an "automatic bid"). Always false for `'extended'` and `'closed'`.
   */
  readonly automatic: boolean;
  /** For `'extended'`: the new effective end (epoch ms). */
  readonly endsAt?: number;
  /** For `'closed'`: sold or unsold. */
  readonly outcome?: 'sold' | 'unsold';
}
