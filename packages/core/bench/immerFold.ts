import { type Draft, produce } from 'immer';
import {
  type AuctionEvent,
  type AuctionRules,
  type AuctionState,
  incrementAt,
  initialState,
  type Offer,
} from '../src/index';

/**
 * Bench-only: the same fold written the immer way, one `produce` per event mutating a draft of the
 * `AuctionState`, with immer's defaults (auto-freeze on). It shows what immer would cost in `evolve`.
 */
const priceOf = (rules: AuctionRules, leader: Offer, runnerUpMax: number | null): number => {
  let price =
    runnerUpMax === null
      ? Math.max(rules.startingPrice, leader.floor)
      : Math.max(
          leader.floor,
          Math.min(leader.max, runnerUpMax + incrementAt(rules.increments, runnerUpMax)),
        );
  const reserve = rules.reservePrice;
  if (reserve !== undefined) {
    if (leader.max >= reserve) price = Math.max(price, reserve);
    else if (rules.belowReserve === 'fullMax') price = leader.max;
  }
  return price;
};

const offer = (d: Draft<AuctionState>, bidderId: string, bidId: string, max: number, floor: number): void => {
  const rules = d.rules as AuctionRules;
  const old = d.leader;
  const seq = d.bidCount + 1;
  if (old === null) d.leader = { bidderId, bidId, max, floor, seq };
  else if (old.bidderId === bidderId) {
    old.bidId = bidId;
    old.max = Math.max(old.max, max);
    old.floor = Math.max(old.floor, floor);
  } else if (max > old.max) {
    d.runnerUpMax = d.runnerUpMax === null ? old.max : Math.max(d.runnerUpMax, old.max);
    d.leader = { bidderId, bidId, max, floor, seq };
  } else d.runnerUpMax = d.runnerUpMax === null ? max : Math.max(d.runnerUpMax, max);
  d.bidCount = seq;
  d.price = priceOf(rules, d.leader as Offer, d.runnerUpMax);
};

const evolveImmer = (state: AuctionState, e: AuctionEvent): AuctionState =>
  produce(state, (d) => {
    switch (e.type) {
      case 'AuctionOpened': {
        const { auctionId, at: _at, ...rules } = e.data;
        d.status = 'open';
        d.auctionId = auctionId;
        d.rules = rules as Draft<AuctionRules>;
        d.endsAt = rules.endsAt;
        return;
      }
      case 'BidPlaced':
        return offer(d, e.data.bidderId, e.data.bidId, e.data.amount, e.data.amount);
      case 'MaxBidSet':
        return offer(d, e.data.bidderId, e.data.bidId, e.data.maxAmount, 0);
      default:
        return;
    }
  });

/** Folds a bid stream with one immer `produce` per event. */
export const immerFold = (events: readonly AuctionEvent[]): AuctionState => {
  let state = initialState();
  for (let i = 0; i < events.length; i++) state = evolveImmer(state, events[i] as AuctionEvent);
  return state;
};
