/**
 * Test-only: a deliberately naive model of the rulebook (`shared/spec/auction-rules.md`), used as the
 * oracle of the decider's model-based property. It keeps EVERY bidder's latest offer in a list, sorts
 * the list to find the leader and the runner-up, and recomputes everything from scratch at each step.
 * It shares no code with the decider: it imports only increment data and types.
 */
import type { IncrementTable } from '../src/money/increments';

/** One bidder's latest offer, as the rulebook defines it. */
export interface ModelOffer {
  readonly bidderId: string;
  readonly max: number;
  /** The straight amount the offer holds the price at; 0 for a proxy. */
  readonly straight: number;
  /** When the offer was made, as the number of accepted bids before it plus one. */
  readonly time: number;
}

/** The listing as the model understands it, defaults already applied. */
export interface ModelRules {
  readonly auctionId: string;
  readonly sellerId: string;
  readonly currency: string;
  readonly startingPrice: number;
  readonly reservePrice?: number;
  readonly buyNowPrice?: number;
  readonly increments: IncrementTable;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly softClose?: { readonly windowMs: number; readonly extendMs: number; readonly maxEndsAt?: number };
  readonly belowReserve: 'proxy' | 'fullMax';
  readonly maxAmount: number;
}

/** What the model's close recorded. */
export interface ModelOutcome {
  readonly outcome: 'sold' | 'unsold';
  readonly winnerId?: string;
  readonly price?: number;
  readonly reason?: 'no-bids' | 'reserve-not-met' | 'buy-now';
}

/** The model's whole state: the list of offers grows with every new bidder, on purpose. */
export interface ModelAuction {
  readonly status: 'none' | 'open' | 'closed' | 'cancelled';
  readonly rules: ModelRules | null;
  readonly endsAt: number;
  readonly offers: readonly ModelOffer[];
  readonly acceptedBids: number;
  /** Accepted bids after which the price or the leader differed: the bids the public could see. */
  readonly visibleBids: number;
  readonly outcome: ModelOutcome | null;
}

/** A command for the model, already well-formed (the generator makes only well-formed ones). */
export type ModelCommand =
  | { readonly type: 'Open'; readonly rules: ModelRules }
  | {
      readonly type: 'Bid';
      readonly auctionId: string;
      readonly bidderId: string;
      readonly amount: number;
      readonly straight: boolean;
    }
  | { readonly type: 'BuyNow'; readonly auctionId: string; readonly buyerId: string }
  | { readonly type: 'Close'; readonly auctionId: string }
  | { readonly type: 'Cancel'; readonly auctionId: string; readonly by: string };

/** The model's answer to a command: accepted with the next state, or rejected with a code. */
export type ModelStep =
  | { readonly ok: true; readonly next: ModelAuction }
  | { readonly ok: false; readonly code: string };

/** The model's auction before anything happened. */
export const emptyModel: ModelAuction = {
  status: 'none',
  rules: null,
  endsAt: 0,
  offers: [],
  acceptedBids: 0,
  visibleBids: 0,
  outcome: null,
};

/** The increment at `amount`: the band with the greatest `from` that is not above `amount`. */
export const modelIncrement = (table: IncrementTable, amount: number): number => {
  const bands = table.filter((b) => b.from <= amount);
  const sorted = [...bands].sort((x, y) => y.from - x.from);
  return (sorted[0] ?? table[0])?.increment ?? Number.NaN;
};

/** All offers, best first: highest max, then earliest. */
export const ranked = (model: ModelAuction): ModelOffer[] =>
  [...model.offers].sort((x, y) => (x.max !== y.max ? y.max - x.max : x.time - y.time));

/** The leader's offer, or null. */
export const modelLeader = (model: ModelAuction): ModelOffer | null => ranked(model)[0] ?? null;

/** The highest max among all bidders other than the leader, or null with fewer than two bidders. */
export const modelRunnerUpMax = (model: ModelAuction): number | null => {
  const others = ranked(model).slice(1);
  return others.length === 0 ? null : Math.max(...others.map((o) => o.max));
};

/** Every max of the auction, by bidder. */
export const modelMaxes = (model: ModelAuction): ReadonlyMap<string, number> =>
  new Map(model.offers.map((o) => [o.bidderId, o.max]));

/** The visible price, straight from the rulebook's formulas. */
export const modelPrice = (model: ModelAuction): number | null => {
  const rules = model.rules;
  const leader = modelLeader(model);
  if (rules === null || leader === null) return null;
  const runnerUp = modelRunnerUpMax(model);
  let price =
    runnerUp === null
      ? Math.max(rules.startingPrice, leader.straight)
      : Math.max(
          leader.straight,
          Math.min(leader.max, runnerUp + modelIncrement(rules.increments, runnerUp)),
        );
  if (rules.reservePrice !== undefined) {
    if (leader.max >= rules.reservePrice) price = Math.max(price, rules.reservePrice);
    else if (rules.belowReserve === 'fullMax') price = leader.max;
  }
  return price;
};

/** The minimum next bid while open: the starting price before any bid, then price plus one increment. */
export const modelMinimumNextBid = (model: ModelAuction): number | null => {
  if (model.status !== 'open' || model.rules === null) return null;
  const price = modelPrice(model);
  return price === null ? model.rules.startingPrice : price + modelIncrement(model.rules.increments, price);
};

/** Whether the reserve (if any) is met by the leader's max. */
export const modelReserveMet = (model: ModelAuction): boolean => {
  const reserve = model.rules?.reservePrice;
  if (reserve === undefined) return true;
  const leader = modelLeader(model);
  return leader !== null && leader.max >= reserve;
};

/** Buy it now: offered, and no bid accepted yet or, with a reserve, the reserve not met yet. */
export const modelBuyNowAvailable = (model: ModelAuction): boolean => {
  const rules = model.rules;
  if (model.status !== 'open' || rules === null || rules.buyNowPrice === undefined) return false;
  return model.acceptedBids === 0 || (rules.reservePrice !== undefined && !modelReserveMet(model));
};

/** What the public may see, computed from the model (the shape of the decider's `PublicView`). */
export const modelView = (model: ModelAuction, now: number): Record<string, unknown> | null => {
  const rules = model.rules;
  if (model.status === 'none' || rules === null) return null;
  // Time is up but no close is recorded yet: the rulebook's 'ended', with nothing left to bid or buy.
  const ended = model.status === 'open' && now >= model.endsAt;
  let status: string = model.status;
  if (model.status === 'open' && now < rules.startsAt) status = 'scheduled';
  if (ended) status = 'ended';
  return {
    auctionId: rules.auctionId,
    status,
    currency: rules.currency,
    price: modelPrice(model),
    leaderId: modelLeader(model)?.bidderId ?? null,
    minimumNextBid: ended ? null : modelMinimumNextBid(model),
    bidCount: model.visibleBids,
    reserveMet: rules.reservePrice === undefined ? null : modelReserveMet(model),
    startsAt: rules.startsAt,
    endsAt: model.endsAt,
    buyNowPrice: !ended && modelBuyNowAvailable(model) ? rules.buyNowPrice : null,
    ...(model.outcome === null ? {} : { outcome: model.outcome }),
  };
};

const rejectedWith = (code: string): ModelStep => ({ ok: false, code });

/** Step 1 of the rulebook's "Accepting a bid", shared by bids and buy-it-now. */
const biddingOpen = (model: ModelAuction, auctionId: string, now: number): ModelStep | null => {
  if (model.status === 'none' || model.rules?.auctionId !== auctionId)
    return rejectedWith('AUCTION_NOT_FOUND');
  if (model.status !== 'open') return rejectedWith('AUCTION_CLOSED');
  if (now < model.rules.startsAt) return rejectedWith('AUCTION_NOT_STARTED');
  if (now >= model.endsAt) return rejectedWith('AUCTION_ENDED');
  return null;
};

const placeOffer = (
  model: ModelAuction,
  bidderId: string,
  amount: number,
  straight: boolean,
  now: number,
): ModelStep => {
  const rules = model.rules as ModelRules;
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > rules.maxAmount)
    return rejectedWith('INVALID_COMMAND');
  if (bidderId === rules.sellerId) return rejectedWith('SELLER_CANNOT_BID');
  const leader = modelLeader(model);
  const time = model.acceptedBids + 1;
  let offer: ModelOffer;
  if (leader !== null && leader.bidderId === bidderId) {
    if (straight) return rejectedWith('ALREADY_LEADING');
    if (amount <= leader.max) return rejectedWith('MAX_NOT_RAISED');
    // A raise keeps the offer's time; the straight amount it held the price at still holds it.
    offer = { bidderId, max: amount, straight: leader.straight, time: leader.time };
  } else {
    if (amount < (modelMinimumNextBid(model) as number)) return rejectedWith('BID_TOO_LOW');
    offer = { bidderId, max: amount, straight: straight ? amount : 0, time };
  }
  const offers = [...model.offers.filter((o) => o.bidderId !== bidderId), offer];
  const placed: ModelAuction = { ...model, offers, acceptedBids: model.acceptedBids + 1 };
  const moved =
    modelPrice(placed) !== modelPrice(model) || modelLeader(placed)?.bidderId !== leader?.bidderId;
  const next: ModelAuction = { ...placed, visibleBids: model.visibleBids + (moved ? 1 : 0) };
  const policy = rules.softClose;
  if (policy === undefined || !moved || model.endsAt - now > policy.windowMs) return { ok: true, next };
  const wanted = Math.max(model.endsAt, now + policy.extendMs);
  const endsAt = Math.min(wanted, policy.maxEndsAt ?? Number.POSITIVE_INFINITY);
  return { ok: true, next: { ...next, endsAt: Math.max(model.endsAt, endsAt) } };
};

/** Decides and applies one command in the naive model, following the rulebook's order of checks. */
export const modelStep = (model: ModelAuction, command: ModelCommand, now: number): ModelStep => {
  switch (command.type) {
    case 'Open':
      if (model.status !== 'none') return rejectedWith('AUCTION_ALREADY_EXISTS');
      return {
        ok: true,
        next: { ...emptyModel, status: 'open', rules: command.rules, endsAt: command.rules.endsAt },
      };
    case 'Bid':
      return (
        biddingOpen(model, command.auctionId, now) ??
        placeOffer(model, command.bidderId, command.amount, command.straight, now)
      );
    case 'BuyNow': {
      const closed = biddingOpen(model, command.auctionId, now);
      if (closed !== null) return closed;
      const rules = model.rules as ModelRules;
      if (command.buyerId === rules.sellerId) return rejectedWith('SELLER_CANNOT_BID');
      if (!modelBuyNowAvailable(model)) return rejectedWith('BUY_NOW_UNAVAILABLE');
      const outcome: ModelOutcome = {
        outcome: 'sold',
        winnerId: command.buyerId,
        price: rules.buyNowPrice as number,
        reason: 'buy-now',
      };
      return { ok: true, next: { ...model, status: 'closed', outcome } };
    }
    case 'Close': {
      if (model.status === 'none' || model.rules?.auctionId !== command.auctionId)
        return rejectedWith('AUCTION_NOT_FOUND');
      if (model.status !== 'open') return { ok: true, next: model };
      if (now < model.endsAt) return rejectedWith('NOT_ENDED');
      const leader = modelLeader(model);
      let outcome: ModelOutcome;
      if (leader === null) outcome = { outcome: 'unsold', reason: 'no-bids' };
      else if (!modelReserveMet(model)) outcome = { outcome: 'unsold', reason: 'reserve-not-met' };
      else outcome = { outcome: 'sold', winnerId: leader.bidderId, price: modelPrice(model) as number };
      return { ok: true, next: { ...model, status: 'closed', outcome } };
    }
    case 'Cancel': {
      if (model.status === 'none' || model.rules?.auctionId !== command.auctionId)
        return rejectedWith('AUCTION_NOT_FOUND');
      if (model.status !== 'open') return rejectedWith('AUCTION_CLOSED');
      if (command.by !== model.rules.sellerId || model.acceptedBids > 0)
        return rejectedWith('CANCEL_NOT_ALLOWED');
      return { ok: true, next: { ...model, status: 'cancelled' } };
    }
  }
};
