import {
  type AuctionOffers,
  auctionOffers,
  type EventStore,
  isAuctionEvent,
  readAuctionEvents,
} from '@gavel/core';

/** The auctions' offers, read from their streams and kept: each later read is only of the new events. */
export interface OffersCache {
  /**
   * The auction's offers with the bids behind them (`auctionOffers`), up to date with its stream: the
   * first time O(events) (the whole stream), afterwards O(new events + bidders).
   */
  offersOf(auctionId: string): Promise<AuctionOffers>;
}

/** Options of {@link createOffersCache}. */
export interface OffersCacheOptions {
  readonly store: EventStore;
  /**
   * The most accepted bids kept across all auctions (each auction's offers hold one standing bid per
   * accepted bid, at most): past it, the auctions read least recently are dropped. Default 100 000.
   */
  readonly maxBids?: number;
}

interface Kept {
  /** The stream version the offers are of. */
  readonly version: number;
  readonly offers: AuctionOffers;
  /** What it counts against `maxBids`: its accepted bids, and one for the entry. */
  readonly size: number;
}

/**
 * Keeps the offers of the auctions recently asked for, least recently read dropped first. Reading an
 * auction's whole stream costs about 50 ms at 10 000 bids (SQLite), so a page that asks for a bidder's
 * retraction window on a busy auction reads only what was appended since the last time. One process's
 * memory: another instance's writes are read from the stream like any others.
 */
export const createOffersCache = ({ store, maxBids = 100_000 }: OffersCacheOptions): OffersCache => {
  const kept = new Map<string, Kept>();
  let held = 0;
  const forget = (auctionId: string, entry: Kept): void => {
    kept.delete(auctionId);
    held -= entry.size;
  };
  const keep = (auctionId: string, entry: Kept): void => {
    const known = kept.get(auctionId);
    // A read that finished after a newer one keeps the newer.
    const newest = known !== undefined && known.version > entry.version ? known : entry;
    if (known !== undefined) forget(auctionId, known);
    kept.set(auctionId, newest); // last in the map: the most recently read
    held += newest.size;
    for (const [id, oldest] of kept) {
      if (held <= maxBids || id === auctionId) break;
      forget(id, oldest);
    }
  };

  return {
    offersOf: async (auctionId) => {
      const known = kept.get(auctionId);
      const read = await readAuctionEvents(store, auctionId, { fromVersion: known?.version ?? 0 });
      const version = read.events.at(-1)?.streamVersion ?? known?.version ?? 0;
      const events = read.events.filter((event) => isAuctionEvent(event));
      const offers =
        known !== undefined && events.length === 0 ? known.offers : auctionOffers(events, known?.offers);
      if (version > 0) keep(auctionId, { version, offers, size: offers.state.bidCount + 1 });
      return offers;
    },
  };
};
