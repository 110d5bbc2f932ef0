/**
 * Test-only: a small reference model of bids, maxes, retractions and both soft-close modes, written
 * from the rulebook (`shared/spec/auction-rules.md`: Offers, The visible price, Accepting a bid, Soft
 * close, Retraction) and nothing else. Every bidder keeps the list of their standing bids, oldest
 * first, each with the offer it left them; a retraction drops the whole list or its last entry. The
 * leader, runner-up, price and minimum next bid are recomputed from scratch, by sorting every offer, at
 * every question. It shares no code with the decider (it imports only increment data types).
 */
import type { IncrementTable } from '../src/money/increments';

/** The listing as the model reads it, defaults applied. */
export interface RModelRules {
  readonly sellerId: string;
  readonly startingPrice: number;
  readonly reservePrice?: number;
  readonly increments: IncrementTable;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly softClose?: {
    readonly windowMs: number;
    readonly extendMs: number;
    readonly maxEndsAt?: number;
    readonly from?: 'bid' | 'end';
  };
  readonly belowReserve: 'proxy' | 'fullMax';
  readonly maxAmount: number;
  /** Already resolved: absent in the listing means 12 h / 1 h. */
  readonly retraction: { readonly fullBeforeEndMs: number; readonly latestWithinMs: number } | null;
}

/** A bidder's offer, as the rulebook defines it. */
export interface RModelOffer {
  readonly bidderId: string;
  readonly max: number;
  /** The straight amount it holds the price at while it leads; 0 for a proxy. */
  readonly straight: number;
  /** When the offer was made: the number of accepted bids before it, plus one. Earlier wins ties. */
  readonly time: number;
}

/** One standing bid: when it was made, and the bidder's offer once it was. */
export interface RModelBid {
  readonly at: number;
  readonly offer: RModelOffer;
}

/** The model's auction: open or closed, its end, and every bidder's standing bids. */
export interface RModel {
  readonly status: 'open' | 'closed';
  readonly rules: RModelRules;
  readonly endsAt: number;
  /** Bidder → their standing bids, oldest first (an empty list: no offer). */
  readonly bids: ReadonlyMap<string, readonly RModelBid[]>;
  readonly accepted: number;
  /** Accepted bids after which the price or the leader differed: the public bid count. */
  readonly visible: number;
}

/** A command for the model. */
export type RModelCommand =
  | { readonly type: 'bid'; readonly bidderId: string; readonly amount: number; readonly straight: boolean }
  | { readonly type: 'retract'; readonly bidderId: string; readonly reason: string }
  | { readonly type: 'close' };

/** The model's answer: accepted with the next model (and the scope, for a retraction), or a code. */
export type RModelStep =
  | { readonly ok: true; readonly next: RModel; readonly scope?: 'all' | 'latest' }
  | { readonly ok: false; readonly code: string };

/** An open auction with no bid. */
export const openModel = (rules: RModelRules): RModel => ({
  status: 'open',
  rules,
  endsAt: rules.endsAt,
  bids: new Map(),
  accepted: 0,
  visible: 0,
});

/** The increment at `amount`: the band with the greatest `from` not above it. */
export const rIncrement = (table: IncrementTable, amount: number): number => {
  let increment = Number.NaN;
  for (const band of table) if (band.from <= amount) increment = band.increment;
  return increment;
};

/** Every bidder's current offer (the last of their standing bids), best first: highest max, then earliest. */
export const rRanked = (model: RModel): RModelOffer[] => {
  const offers: RModelOffer[] = [];
  for (const list of model.bids.values()) {
    const last = list[list.length - 1];
    if (last !== undefined) offers.push(last.offer);
  }
  return offers.sort((x, y) => (x.max !== y.max ? y.max - x.max : x.time - y.time));
};

/** The leader's offer, or null. */
export const rLeader = (model: RModel): RModelOffer | null => rRanked(model)[0] ?? null;

/** The highest max among the bidders other than the leader, or null. */
export const rRunnerUpMax = (model: RModel): number | null => {
  const others = rRanked(model).slice(1);
  return others.length === 0 ? null : Math.max(...others.map((offer) => offer.max));
};

/** The visible price, by the rulebook's formulas. */
export const rPrice = (model: RModel): number | null => {
  const { rules } = model;
  const leader = rLeader(model);
  if (leader === null) return null;
  const runnerUp = rRunnerUpMax(model);
  let price =
    runnerUp === null
      ? Math.max(rules.startingPrice, leader.straight)
      : Math.max(leader.straight, Math.min(leader.max, runnerUp + rIncrement(rules.increments, runnerUp)));
  if (rules.reservePrice !== undefined) {
    if (leader.max >= rules.reservePrice) price = Math.max(price, rules.reservePrice);
    else if (rules.belowReserve === 'fullMax') price = leader.max;
  }
  return price;
};

/** The minimum next bid of an open auction: the starting price with no offer, else price + inc(price). */
export const rMinimumNextBid = (model: RModel): number => {
  const price = rPrice(model);
  return price === null ? model.rules.startingPrice : price + rIncrement(model.rules.increments, price);
};

const no = (code: string): RModelStep => ({ ok: false, code });

const withBids = (
  model: RModel,
  bidderId: string,
  list: readonly RModelBid[],
): ReadonlyMap<string, readonly RModelBid[]> => {
  const bids = new Map(model.bids);
  bids.set(bidderId, list);
  return bids;
};

const bid = (model: RModel, bidderId: string, amount: number, straight: boolean, now: number): RModelStep => {
  const { rules } = model;
  if (model.status === 'closed') return no('AUCTION_CLOSED');
  if (now < rules.startsAt) return no('AUCTION_NOT_STARTED');
  if (now >= model.endsAt) return no('AUCTION_ENDED');
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > rules.maxAmount) return no('INVALID_COMMAND');
  if (bidderId === rules.sellerId) return no('SELLER_CANNOT_BID');
  const leader = rLeader(model);
  let offer: RModelOffer;
  if (leader !== null && leader.bidderId === bidderId) {
    if (straight) return no('ALREADY_LEADING');
    if (amount <= leader.max) return no('MAX_NOT_RAISED');
    offer = { bidderId, max: amount, straight: leader.straight, time: leader.time };
  } else {
    if (amount < rMinimumNextBid(model)) return no('BID_TOO_LOW');
    offer = { bidderId, max: amount, straight: straight ? amount : 0, time: model.accepted + 1 };
  }
  const placed: RModel = {
    ...model,
    bids: withBids(model, bidderId, [...(model.bids.get(bidderId) ?? []), { at: now, offer }]),
    accepted: model.accepted + 1,
  };
  const moved = rPrice(placed) !== rPrice(model) || rLeader(placed)?.bidderId !== leader?.bidderId;
  let endsAt = model.endsAt;
  const policy = rules.softClose;
  if (policy !== undefined && moved && model.endsAt - now <= policy.windowMs) {
    const wanted =
      policy.from === 'end' ? model.endsAt + policy.extendMs : Math.max(model.endsAt, now + policy.extendMs);
    endsAt = Math.max(model.endsAt, Math.min(wanted, policy.maxEndsAt ?? Number.POSITIVE_INFINITY));
  }
  return { ok: true, next: { ...placed, endsAt, visible: model.visible + (moved ? 1 : 0) } };
};

const REASONS = ['typo', 'description-changed', 'seller-unreachable'];

const retract = (model: RModel, bidderId: string, reason: string, now: number): RModelStep => {
  if (!REASONS.includes(reason)) return no('INVALID_COMMAND');
  const policy = model.rules.retraction;
  if (model.status === 'closed' || now >= model.endsAt || policy === null)
    return no('RETRACTION_NOT_ALLOWED');
  const list = model.bids.get(bidderId) ?? [];
  const last = list[list.length - 1];
  if (last === undefined) return no('RETRACTION_NOT_ALLOWED');
  if (model.endsAt - now > policy.fullBeforeEndMs)
    return { ok: true, scope: 'all', next: { ...model, bids: withBids(model, bidderId, []) } };
  if (now - last.at < policy.latestWithinMs)
    return {
      ok: true,
      scope: 'latest',
      next: { ...model, bids: withBids(model, bidderId, list.slice(0, -1)) },
    };
  return no('RETRACTION_NOT_ALLOWED');
};

/** Decides and applies one command, in the rulebook's order of checks. */
export const rStep = (model: RModel, command: RModelCommand, now: number): RModelStep => {
  switch (command.type) {
    case 'bid':
      return bid(model, command.bidderId, command.amount, command.straight, now);
    case 'retract':
      return retract(model, command.bidderId, command.reason, now);
    case 'close':
      if (model.status === 'closed') return { ok: true, next: model };
      if (now < model.endsAt) return no('NOT_ENDED');
      return { ok: true, next: { ...model, status: 'closed' } };
  }
};
