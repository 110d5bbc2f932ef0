import { type AuctionState, initialState, type Offer } from './auctionState';
import type { AuctionEvent } from './events';
import { evolve } from './evolve';

/**
 * One accepted bid of a bidder that still stands (no retraction withdrew it), with the offer it left
 * its bidder. A bidder's standing bids form a list, newest first, through `previous`.
 */
export interface StandingBid {
  readonly bidId: string;
  readonly bidderId: string;
  /** The event that recorded it: `'BidPlaced'` (a straight bid) or `'MaxBidSet'` (a max, raises included). */
  readonly type: 'BidPlaced' | 'MaxBidSet';
  /** The straight bid's amount, or the max set. */
  readonly amount: number;
  /** When it was accepted: its event's `at` (epoch ms). */
  readonly at: number;
  /** Its number among the auction's accepted bids: the state's `bidCount` once it was accepted. */
  readonly seq: number;
  /**
   * The bidder's offer once this bid was accepted, as the state holds an offer: a new offer with this
   * bid's `seq`, or, for a leader's raise, the leading offer raised, keeping its first `seq` (its time)
   * and the straight amount it held the price at.
   */
  readonly offer: Offer;
  /** The bidder's standing bid before this one (what withdrawing this one falls back to), or null. */
  readonly previous: StandingBid | null;
}

/**
 * Every offer of one auction with the bids behind it: what deciding a `RetractBid` needs and the O(1)
 * state does not keep (it holds only the leader and the runner-up max). Built from the auction's events
 * by {@link auctionOffers}, O(accepted bids) in size; retractions recorded in the events are applied.
 */
export interface AuctionOffers {
  /** The state of the same events (`fold(events)`): a decision checks that it has the offers of its state. */
  readonly state: AuctionState;
  /**
   * Each bidder who holds an offer → their latest standing bid; its `offer` is the bidder's offer, and
   * its `previous` list their earlier standing bids. A bidder whose bids were all withdrawn is absent.
   */
  readonly latestBids: ReadonlyMap<string, StandingBid>;
}

/** Offers that their owner updates in place (the command service's cache of one auction). */
export interface MutableAuctionOffers extends AuctionOffers {
  state: AuctionState;
  readonly latestBids: Map<string, StandingBid>;
}

/** The offers of a stream with no events. */
export const emptyAuctionOffers = (): MutableAuctionOffers => ({
  state: initialState(),
  latestBids: new Map(),
});

const addEvent = (offers: MutableAuctionOffers, event: AuctionEvent): void => {
  const before = offers.state;
  const after = evolve(before, event);
  offers.state = after;
  if (event.type === 'BidPlaced' || event.type === 'MaxBidSet') {
    // A bid `evolve` did not apply (no AuctionOpened before it) gives no offer either.
    if (after.bidCount === before.bidCount) return;
    const { bidderId, bidId, at } = event.data;
    const straight = event.type === 'BidPlaced';
    const amount = straight ? event.data.amount : event.data.maxAmount;
    const seq = after.bidCount;
    const leader = after.leader;
    // The bidder leads after their bid: the state holds their offer (a raise merged into it). Otherwise
    // a non-leader's bid is always a new offer, made now.
    const offer: Offer =
      leader !== null && leader.bidderId === bidderId
        ? leader
        : { bidderId, bidId, max: amount, floor: straight ? amount : 0, seq };
    const previous = offers.latestBids.get(bidderId) ?? null;
    offers.latestBids.set(bidderId, { bidId, bidderId, type: event.type, amount, at, seq, offer, previous });
  } else if (event.type === 'BidRetracted') {
    // Before AuctionOpened no bid was taken in, so there is nothing to withdraw either.
    const { bidderId, scope } = event.data;
    const remaining = scope === 'latest' ? (offers.latestBids.get(bidderId)?.previous ?? null) : null;
    if (remaining === null) offers.latestBids.delete(bidderId);
    else offers.latestBids.set(bidderId, remaining);
  }
};

/** Adds events (the ones after those already in `offers`, in stream order) to offers its caller owns. */
export const addToAuctionOffers = (offers: MutableAuctionOffers, events: Iterable<AuctionEvent>): void => {
  for (const event of events) addEvent(offers, event);
};

/**
 * Folds an auction's events into its offers: each bidder's standing bids in order, with their amounts,
 * times and sequence numbers, and the offer each left (retractions recorded in the events applied).
 * The events are decoded ones, in today's schema (`readAuctionEvents`, `toAuctionEvent`), as for
 * `fold`. Pure: `from` (the offers of the events before these) is never changed; without it, the
 * events are the whole stream. O(events) time, plus O(bidders) to copy `from`.
 *
 * @example
 * const { events } = await readAuctionEvents(store, 'lot-42');
 * const decision = decide(retract, fold(events), now, auctionOffers(events));
 */
export const auctionOffers = (events: Iterable<AuctionEvent>, from?: AuctionOffers): AuctionOffers => {
  const offers: MutableAuctionOffers =
    from === undefined ? emptyAuctionOffers() : { state: from.state, latestBids: new Map(from.latestBids) };
  addToAuctionOffers(offers, events);
  return offers;
};
