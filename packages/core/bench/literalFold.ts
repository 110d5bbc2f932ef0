import type { AuctionEvent, AuctionRules, IncrementTable, Offer } from '../src/index';

/**
 * Bench-only baseline: the smallest reducer that computes the same leader, runner-up max and price,
 * writing every new state out as a plain object literal (no spread, no library). It handles the
 * events of a bid stream; a real `evolve` does more (extensions, close, cancel).
 */
export interface LiteralState {
  readonly status: string;
  readonly auctionId: string | null;
  readonly rules: AuctionRules | null;
  readonly endsAt: number;
  readonly leader: Offer | null;
  readonly runnerUpMax: number | null;
  readonly price: number | null;
  readonly bidCount: number;
}

const incrementAt = (table: IncrementTable, amount: number): number => {
  let increment = 0;
  for (const band of table) {
    if (band.from > amount) break;
    increment = band.increment;
  }
  return increment;
};

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

const offer = (
  s: LiteralState,
  bidderId: string,
  bidId: string,
  max: number,
  floor: number,
): LiteralState => {
  const rules = s.rules as AuctionRules;
  const old = s.leader;
  const seq = s.bidCount + 1;
  let leader: Offer;
  let runnerUpMax = s.runnerUpMax;
  if (old === null) leader = { bidderId, bidId, max, floor, seq };
  else if (old.bidderId === bidderId)
    leader = {
      bidderId,
      bidId,
      max: Math.max(old.max, max),
      floor: Math.max(old.floor, floor),
      seq: old.seq,
    };
  else if (max > old.max) {
    leader = { bidderId, bidId, max, floor, seq };
    runnerUpMax = runnerUpMax === null || old.max > runnerUpMax ? old.max : runnerUpMax;
  } else {
    leader = old;
    runnerUpMax = runnerUpMax === null || max > runnerUpMax ? max : runnerUpMax;
  }
  return {
    status: s.status,
    auctionId: s.auctionId,
    rules,
    endsAt: s.endsAt,
    leader,
    runnerUpMax,
    price: priceOf(rules, leader, runnerUpMax),
    bidCount: seq,
  };
};

const evolveLiteral = (s: LiteralState, e: AuctionEvent): LiteralState => {
  switch (e.type) {
    case 'AuctionOpened': {
      const { auctionId, at: _at, ...rules } = e.data;
      return {
        status: 'open',
        auctionId,
        rules,
        endsAt: rules.endsAt,
        leader: null,
        runnerUpMax: null,
        price: null,
        bidCount: 0,
      };
    }
    case 'BidPlaced':
      return offer(s, e.data.bidderId, e.data.bidId, e.data.amount, e.data.amount);
    case 'MaxBidSet':
      return offer(s, e.data.bidderId, e.data.bidId, e.data.maxAmount, 0);
    default:
      return s;
  }
};

const EMPTY: LiteralState = {
  status: 'none',
  auctionId: null,
  rules: null,
  endsAt: 0,
  leader: null,
  runnerUpMax: null,
  price: null,
  bidCount: 0,
};

/** Folds a bid stream with the literal-object baseline reducer. */
export const literalFold = (events: readonly AuctionEvent[]): LiteralState => {
  let state = EMPTY;
  for (let i = 0; i < events.length; i++) state = evolveLiteral(state, events[i] as AuctionEvent);
  return state;
};
