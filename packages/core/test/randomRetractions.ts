/**
 * Test-only: random auctions with straight bids, maxes, retractions and closes, under random soft-close
 * (both modes), reserve and retraction policies, times drawn around the retraction windows' edges.
 * {@link runRetractionScenario} plays one against the decider (each `RetractBid` with the offers folded
 * so far) and against the reference model of `retractionModel.ts`, and records every step.
 */
import fc from 'fast-check';
import { type AuctionOffers, auctionOffers } from '../src/auction/auctionOffers';
import { type AuctionState, initialState } from '../src/auction/auctionState';
import type { AuctionCommand, OpenAuction } from '../src/auction/commands';
import { decide } from '../src/auction/decide';
import type { Decision } from '../src/auction/decision';
import type { AuctionEvent } from '../src/auction/events';
import { evolve } from '../src/auction/evolve';
import { type IncrementTable, increments } from '../src/money/increments';
import {
  openModel,
  type RModel,
  type RModelCommand,
  type RModelStep,
  rIncrement,
  rLeader,
  rMinimumNextBid,
  rRunnerUpMax,
  rStep,
} from './retractionModel';

/** The time every scenario opens its auction at. */
export const R_T0 = 1_700_000_000_000;
/** The seller is bidder 0, so that the seller bids and retracts too. */
export const R_BIDDERS = ['S', 'A', 'B', 'C', 'D'] as const;
const REASONS = ['typo', 'description-changed', 'seller-unreachable', 'changed-my-mind'] as const;
const HOUR = 3_600_000;

/** How a bid's amount is chosen, relative to the model at that moment. */
export type RAmount =
  | { readonly kind: 'minNext'; readonly steps: number; readonly jitter: number }
  | { readonly kind: 'leaderMax' | 'runnerUp' | 'ownMax' | 'reserve'; readonly jitter: number }
  | { readonly kind: 'abs'; readonly value: number };

/** What a step does once the time has moved. */
export type RAction =
  | { readonly kind: 'bid'; readonly straight: boolean; readonly bidder: number; readonly amount: RAmount }
  | { readonly kind: 'retract'; readonly bidder: number; readonly reason: number }
  | { readonly kind: 'close' };

/** Where the time of a step comes from: on, or to an edge of a window (by `delta` ms). */
export type RAdvance =
  | { readonly kind: 'none' }
  | { readonly kind: 'ms'; readonly ms: number }
  | { readonly kind: 'share'; readonly permille: number }
  | { readonly kind: 'fullEdge'; readonly delta: number }
  | { readonly kind: 'latestEdge'; readonly bidder: number; readonly delta: number }
  | { readonly kind: 'windowEdge'; readonly delta: number }
  | { readonly kind: 'end'; readonly delta: number };

/** A random auction: its opening, then its steps. */
export interface RScenario {
  readonly open: OpenAuction['data'];
  readonly steps: readonly { readonly advance: RAdvance; readonly action: RAction }[];
}

const tableArb: fc.Arbitrary<IncrementTable> = fc.oneof(
  fc.constant(increments.ebayUsd),
  fc.integer({ min: 1, max: 400 }).map((n) => increments.flat(n)),
  fc
    .array(
      fc.record({ gap: fc.integer({ min: 1, max: 6000 }), increment: fc.integer({ min: 1, max: 900 }) }),
      {
        minLength: 1,
        maxLength: 4,
      },
    )
    .map((bands) => {
      let from = 0;
      return bands.map((band, i) => {
        if (i > 0) from += band.gap;
        return { from, increment: band.increment };
      });
    }),
);

const openArb: fc.Arbitrary<OpenAuction['data']> = fc
  .record({
    long: fc.boolean(),
    shortMs: fc.integer({ min: 1_000, max: 60_000 }),
    longMs: fc.integer({ min: 11 * HOUR, max: 72 * HOUR }),
    startingPrice: fc.integer({ min: 1, max: 10_000 }),
    reserveAbove: fc.option(fc.integer({ min: 0, max: 20_000 })),
    increments: tableArb,
    belowReserve: fc.constantFrom(undefined, 'proxy' as const, 'fullMax' as const),
    softClose: fc.option(
      fc.record({
        windowShare: fc.integer({ min: 0, max: 1000 }),
        extendShare: fc.integer({ min: 1, max: 500 }),
        capShare: fc.option(fc.integer({ min: 0, max: 1000 })),
        from: fc.constantFrom(undefined, 'bid' as const, 'end' as const),
      }),
    ),
    retraction: fc.oneof(
      fc.constant('absent' as const),
      fc.constant(null),
      fc.record({
        fullShare: fc.integer({ min: 0, max: 1000 }),
        latestShare: fc.integer({ min: 0, max: 600 }),
      }),
    ),
  })
  .map((r) => {
    const duration = r.long ? r.longMs : r.shortMs;
    const share = (permille: number) => Math.floor((duration * permille) / 1000);
    const endsAt = R_T0 + duration;
    const reservePrice = r.reserveAbove === null ? undefined : r.startingPrice + r.reserveAbove;
    const softClose =
      r.softClose === null
        ? undefined
        : {
            windowMs: share(r.softClose.windowShare),
            extendMs: Math.max(1, share(r.softClose.extendShare)),
            ...(r.softClose.capShare === null ? {} : { maxEndsAt: endsAt + share(r.softClose.capShare) }),
            ...(r.softClose.from === undefined ? {} : { from: r.softClose.from }),
          };
    const retraction =
      r.retraction === 'absent' || r.retraction === null
        ? r.retraction
        : { fullBeforeEndMs: share(r.retraction.fullShare), latestWithinMs: share(r.retraction.latestShare) };
    return {
      auctionId: 'a1',
      sellerId: 'S',
      currency: 'USD',
      startingPrice: r.startingPrice,
      startsAt: R_T0,
      endsAt,
      increments: r.increments,
      ...(reservePrice === undefined ? {} : { reservePrice }),
      ...(r.belowReserve === undefined ? {} : { belowReserve: r.belowReserve }),
      ...(softClose === undefined ? {} : { softClose }),
      ...(retraction === 'absent' ? {} : { retraction }),
    };
  });

const jitter = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.integer({ min: -1, max: 1 }));
const amountArb: fc.Arbitrary<RAmount> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('minNext' as const),
      steps: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.integer({ min: 0, max: 30 })),
      jitter,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constantFrom('leaderMax', 'runnerUp', 'ownMax', 'reserve'), jitter }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('abs' as const), value: fc.integer({ min: 1, max: 200_000 }) }),
  },
);

const bidderArb = fc.integer({ min: 0, max: R_BIDDERS.length - 1 });
const actionArb: fc.Arbitrary<RAction> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('bid' as const),
      straight: fc.boolean(),
      bidder: bidderArb,
      amount: amountArb,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('retract' as const),
      bidder: bidderArb,
      reason: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 2 }) }, fc.constant(3)),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'close' as const }) },
);

const delta = fc.integer({ min: -1, max: 1 });
const advanceArb: fc.Arbitrary<RAdvance> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant('ms' as const), ms: fc.integer({ min: 1, max: 400 }) }),
  },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('share' as const), permille: fc.integer({ min: 1, max: 120 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fullEdge' as const), delta }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('latestEdge' as const), bidder: bidderArb, delta }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('windowEdge' as const), delta }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('end' as const), delta }) },
);

/** Random auctions: a random opening, then up to `maxSteps` random steps. */
export const retractionScenarioArb = (maxSteps = 60): fc.Arbitrary<RScenario> =>
  fc.record({
    open: openArb,
    steps: fc.array(fc.record({ advance: advanceArb, action: actionArb }), {
      maxLength: maxSteps,
      size: 'max',
    }),
  });

/** One played step: the command, what the decider and the model made of it, the states around it. */
export interface RTraceStep {
  readonly now: number;
  readonly command: AuctionCommand;
  readonly before: AuctionState;
  readonly decision: Decision;
  readonly after: AuctionState;
  readonly modelBefore: RModel;
  readonly modelStep: RModelStep;
  readonly modelAfter: RModel;
}

/** A played scenario: its steps, every event recorded, and the offers folded step by step. */
export interface RTrace {
  readonly steps: readonly RTraceStep[];
  readonly events: readonly AuctionEvent[];
  readonly offers: AuctionOffers;
}

/** The model's rules for a listing, as the rulebook's defaults resolve it. */
export const modelRulesOf = (open: OpenAuction['data']): RModel['rules'] => ({
  sellerId: open.sellerId,
  startingPrice: open.startingPrice,
  ...(open.reservePrice === undefined ? {} : { reservePrice: open.reservePrice }),
  increments: open.increments ?? increments.ebayUsd,
  startsAt: open.startsAt ?? R_T0,
  endsAt: open.endsAt,
  ...(open.softClose === undefined ? {} : { softClose: open.softClose }),
  belowReserve: open.belowReserve ?? 'proxy',
  maxAmount: open.maxAmount ?? 1_000_000_000_000,
  retraction:
    open.retraction === undefined ? { fullBeforeEndMs: 12 * HOUR, latestWithinMs: HOUR } : open.retraction,
});

const amountOf = (choice: RAmount, model: RModel, bidderId: string): number => {
  const { rules } = model;
  const fallback = rules.startingPrice;
  switch (choice.kind) {
    case 'minNext': {
      const base = rMinimumNextBid(model);
      return base + choice.steps * rIncrement(rules.increments, base) + choice.jitter;
    }
    case 'leaderMax':
      return (rLeader(model)?.max ?? fallback) + choice.jitter;
    case 'runnerUp':
      return (rRunnerUpMax(model) ?? fallback) + choice.jitter;
    case 'ownMax': {
      const own = model.bids.get(bidderId)?.at(-1)?.offer.max ?? fallback;
      return own + rIncrement(rules.increments, own) + choice.jitter;
    }
    case 'reserve':
      return (rules.reservePrice ?? fallback) + choice.jitter;
    case 'abs':
      return choice.value;
  }
};

const commandsOf = (
  action: RAction,
  model: RModel,
): { command: AuctionCommand; modelCommand: RModelCommand } => {
  const auctionId = 'a1';
  switch (action.kind) {
    case 'bid': {
      const bidderId = R_BIDDERS[action.bidder] as string;
      const amount = amountOf(action.amount, model, bidderId);
      return {
        command: action.straight
          ? { type: 'PlaceBid', data: { auctionId, bidderId, amount } }
          : { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: amount } },
        modelCommand: { type: 'bid', bidderId, amount, straight: action.straight },
      };
    }
    case 'retract': {
      const bidderId = R_BIDDERS[action.bidder] as string;
      const reason = REASONS[action.reason] as string;
      return {
        // A reason outside the rules is sent as the edge would pass it on: the decider must refuse it.
        command: { type: 'RetractBid', data: { auctionId, bidderId, reason } } as AuctionCommand,
        modelCommand: { type: 'retract', bidderId, reason },
      };
    }
    case 'close':
      return { command: { type: 'CloseAuction', data: { auctionId } }, modelCommand: { type: 'close' } };
  }
};

const nextNow = (now: number, advance: RAdvance, model: RModel): number => {
  const { rules, endsAt } = model;
  const duration = rules.endsAt - rules.startsAt;
  switch (advance.kind) {
    case 'none':
      return now;
    case 'ms':
      return now + advance.ms;
    case 'share':
      return now + Math.max(1, Math.floor((duration * advance.permille) / 1000));
    case 'fullEdge':
      return Math.max(now, endsAt - (rules.retraction?.fullBeforeEndMs ?? 0) + advance.delta);
    case 'latestEdge': {
      const last = model.bids.get(R_BIDDERS[advance.bidder] as string)?.at(-1);
      if (last === undefined) return now;
      return Math.max(now, last.at + (rules.retraction?.latestWithinMs ?? 0) + advance.delta);
    }
    case 'windowEdge':
      return Math.max(now, endsAt - (rules.softClose?.windowMs ?? 0) + advance.delta);
    case 'end':
      return Math.max(now, endsAt + advance.delta);
  }
};

/**
 * Plays a scenario against the decider (or `subject`, a broken copy to show that a property can fail)
 * and the model, step by step. The decider's offers are folded on the way
 * (`auctionOffers(newEvents, offers)`), and every `RetractBid` is decided with them.
 */
export const runRetractionScenario = (scenario: RScenario, subject: typeof decide = decide): RTrace => {
  const events: AuctionEvent[] = [];
  const steps: RTraceStep[] = [];
  let state = initialState();
  const opened = decide({ type: 'OpenAuction', data: scenario.open }, state, R_T0);
  if (!opened.ok) throw new Error(`scenario: the opening is rejected: ${opened.code} (${opened.message})`);
  for (const event of opened.events) {
    state = evolve(state, event);
    events.push(event);
  }
  let offers = auctionOffers(events);
  let model = openModel(modelRulesOf(scenario.open));
  let now = R_T0;
  for (const { advance, action } of scenario.steps) {
    now = nextNow(now, advance, model);
    const { command, modelCommand } = commandsOf(action, model);
    const before = state;
    const decision = subject(command, state, now, command.type === 'RetractBid' ? offers : undefined);
    if (decision.ok) {
      for (const event of decision.events) {
        state = evolve(state, event);
        events.push(event);
      }
      offers = auctionOffers(decision.events, offers);
    }
    const modelBefore = model;
    const modelStep = rStep(model, modelCommand, now);
    if (modelStep.ok) model = modelStep.next;
    steps.push({ now, command, before, decision, after: state, modelBefore, modelStep, modelAfter: model });
  }
  return { steps, events, offers };
};
