/**
 * Test-only: random auctions for the decider's properties. A scenario is an `OpenAuction` with random
 * policies and a random list of steps (time advances, then a command). {@link runScenario} plays it
 * against an {@link Engine} (the real decider, or a deliberately broken one to show that a property
 * can fail) and against the naive model, and records every step.
 */
import fc from 'fast-check';
import type { AuctionState } from '../src/auction/auctionState';
import type { AuctionCommand, OpenAuction } from '../src/auction/commands';
import type { Decision } from '../src/auction/decision';
import type { AuctionEvent } from '../src/auction/events';
import type { PublicView } from '../src/auction/publicView';
import { type IncrementTable, increments } from '../src/money/increments';
import {
  emptyModel,
  type ModelAuction,
  type ModelCommand,
  type ModelRules,
  type ModelStep,
  modelIncrement,
  modelLeader,
  modelMinimumNextBid,
  modelRunnerUpMax,
  modelStep,
} from './naiveAuctionModel';

/** The decider's functions, passed in so that a property can also be run against a broken copy. */
export interface Engine {
  readonly decide: (command: AuctionCommand, state: AuctionState, now: number) => Decision;
  readonly evolve: (state: AuctionState, event: AuctionEvent) => AuctionState;
  readonly fold: (events: Iterable<AuctionEvent>, from?: AuctionState) => AuctionState;
  readonly initialState: () => AuctionState;
  readonly publicView: (state: AuctionState, now?: number) => PublicView | null;
}

/** Where the time of a step comes from. */
export type Advance =
  | { readonly kind: 'none' }
  | { readonly kind: 'ms'; readonly ms: number }
  | { readonly kind: 'share'; readonly permille: number }
  | { readonly kind: 'nearEnd'; readonly before: number }
  | { readonly kind: 'atEnd'; readonly delta: number };

/** How a bid's amount is chosen, relative to the auction at that moment (as the model sees it). */
export type AmountChoice =
  | { readonly kind: 'minNext'; readonly steps: number; readonly jitter: number }
  | { readonly kind: 'leaderMax' | 'runnerUp' | 'ownMax' | 'reserve'; readonly jitter: number }
  | { readonly kind: 'abs'; readonly value: number }
  | { readonly kind: 'invalid'; readonly value: number | 'aboveMaxAmount' };

/** What a step does once the time has moved. */
export type Action =
  | {
      readonly kind: 'bid';
      readonly straight: boolean;
      readonly bidder: number;
      readonly amount: AmountChoice;
    }
  | { readonly kind: 'buyNow'; readonly buyer: number }
  | { readonly kind: 'cancel'; readonly by: number }
  | { readonly kind: 'close' }
  | { readonly kind: 'reopen' }
  | { readonly kind: 'strangerBid' };

/** One step of a scenario. */
export interface StepSpec {
  readonly advance: Advance;
  readonly action: Action;
}

/** A random auction: commands before the opening, the opening, then the steps. */
export interface Scenario {
  readonly preOpen: readonly Action[];
  readonly open: OpenAuction['data'];
  readonly steps: readonly StepSpec[];
}

/** The time every scenario opens its auction at. */
export const T0 = 1_000_000;
/** The seller is bidder 0, so that bids by the seller are generated as often as others'. */
export const BIDDERS = ['S', 'A', 'B', 'C', 'D'] as const;
const AUCTION_ID = 'a1';

const customTableArb: fc.Arbitrary<IncrementTable> = fc
  .array(
    fc.record({ gap: fc.integer({ min: 1, max: 8000 }), increment: fc.integer({ min: 1, max: 1000 }) }),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .map((bands) => {
    let from = 0;
    return bands.map((b, i) => {
      if (i > 0) from += b.gap;
      return { from, increment: b.increment };
    });
  });

const tableArb: fc.Arbitrary<IncrementTable | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(increments.ebayUsd),
  fc.integer({ min: 1, max: 500 }).map((n) => increments.flat(n)),
  customTableArb,
);

const openArb: fc.Arbitrary<OpenAuction['data']> = fc
  .record({
    startsIn: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, fc.integer({ min: 0, max: 1000 })),
    duration: fc.integer({ min: 1000, max: 60_000 }),
    startingPrice: fc.integer({ min: 1, max: 20_000 }),
    reserveAbove: fc.option(fc.integer({ min: 0, max: 30_000 })),
    buyNowAbove: fc.option(fc.integer({ min: 0, max: 30_000 })),
    increments: tableArb,
    belowReserve: fc.constantFrom(undefined, 'proxy' as const, 'fullMax' as const),
    softClose: fc.option(
      fc.record({
        windowMs: fc.integer({ min: 0, max: 8000 }),
        extendMs: fc.integer({ min: 1, max: 8000 }),
        capAfter: fc.option(fc.integer({ min: 0, max: 6000 })),
      }),
    ),
    maxAmountAbove: fc.option(fc.integer({ min: 0, max: 200_000 })),
    currency: fc.constantFrom('USD', 'USD', 'EUR', 'JPY', 'KWD'),
  })
  .map((r) => {
    const startsAt = r.startsIn === null ? undefined : T0 + r.startsIn;
    const endsAt = (startsAt ?? T0) + r.duration;
    const reservePrice = r.reserveAbove === null ? undefined : r.startingPrice + r.reserveAbove;
    const buyNowPrice =
      r.buyNowAbove === null ? undefined : Math.max(r.startingPrice, reservePrice ?? 0) + r.buyNowAbove;
    const maxAmount =
      r.maxAmountAbove === null
        ? undefined
        : Math.max(r.startingPrice, reservePrice ?? 0, buyNowPrice ?? 0) + r.maxAmountAbove;
    const softClose =
      r.softClose === null
        ? undefined
        : {
            windowMs: r.softClose.windowMs,
            extendMs: r.softClose.extendMs,
            ...(r.softClose.capAfter === null ? {} : { maxEndsAt: endsAt + r.softClose.capAfter }),
          };
    return {
      auctionId: AUCTION_ID,
      sellerId: BIDDERS[0],
      currency: r.currency,
      startingPrice: r.startingPrice,
      endsAt,
      ...(startsAt === undefined ? {} : { startsAt }),
      ...(reservePrice === undefined ? {} : { reservePrice }),
      ...(buyNowPrice === undefined ? {} : { buyNowPrice }),
      ...(r.increments === undefined ? {} : { increments: r.increments }),
      ...(softClose === undefined ? {} : { softClose }),
      ...(r.belowReserve === undefined ? {} : { belowReserve: r.belowReserve }),
      ...(maxAmount === undefined ? {} : { maxAmount }),
    };
  });

const jitter = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, fc.integer({ min: -1, max: 1 }));
const amountArb: fc.Arbitrary<AmountChoice> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('minNext' as const),
      steps: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.integer({ min: 0, max: 40 })),
      jitter,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constantFrom('leaderMax', 'runnerUp', 'ownMax', 'reserve'), jitter }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('abs' as const), value: fc.integer({ min: 1, max: 300_000 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('invalid' as const),
      value: fc.constantFrom<number | 'aboveMaxAmount'>(
        0,
        -1,
        -500,
        1.5,
        Number.NaN,
        Infinity,
        -Infinity,
        2 ** 53,
        'aboveMaxAmount',
      ),
    }),
  },
);

const bidderArb = fc.integer({ min: 0, max: BIDDERS.length - 1 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 14,
    arbitrary: fc.record({
      kind: fc.constant('bid' as const),
      straight: fc.boolean(),
      bidder: bidderArb,
      amount: amountArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('buyNow' as const), buyer: bidderArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), by: bidderArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const) }) },
  { weight: 1, arbitrary: fc.constantFrom({ kind: 'reopen' as const }, { kind: 'strangerBid' as const }) },
);

const advanceArb: fc.Arbitrary<Advance> = fc.oneof(
  { weight: 16, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 16,
    arbitrary: fc.record({ kind: fc.constant('ms' as const), ms: fc.integer({ min: 1, max: 200 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('share' as const), permille: fc.integer({ min: 1, max: 40 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('nearEnd' as const),
      before: fc.integer({ min: 0, max: 4000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('atEnd' as const), delta: fc.integer({ min: -1, max: 1 }) }),
  },
);

/** Random auctions: random policies, then up to `maxSteps` random steps. */
export const scenarioArb = (maxSteps = 80): fc.Arbitrary<Scenario> =>
  fc.record({
    preOpen: fc.array(actionArb, { maxLength: 2 }),
    open: openArb,
    steps: fc.array(fc.record({ advance: advanceArb, action: actionArb }), {
      maxLength: maxSteps,
      size: 'max',
    }),
  });

/** One played step: the command, what the engine and the model made of it, and the states around it. */
export interface TraceStep {
  readonly now: number;
  readonly command: AuctionCommand;
  readonly before: AuctionState;
  readonly decision: Decision;
  readonly after: AuctionState;
  readonly modelBefore: ModelAuction;
  readonly modelStep: ModelStep;
  readonly modelAfter: ModelAuction;
}

/** A played scenario: its steps and every event recorded, in order. */
export interface Trace {
  readonly steps: readonly TraceStep[];
  readonly events: readonly AuctionEvent[];
}

const modelRulesOf = (data: OpenAuction['data'], now: number): ModelRules => ({
  auctionId: data.auctionId,
  sellerId: data.sellerId,
  currency: data.currency,
  startingPrice: data.startingPrice,
  ...(data.reservePrice === undefined ? {} : { reservePrice: data.reservePrice }),
  ...(data.buyNowPrice === undefined ? {} : { buyNowPrice: data.buyNowPrice }),
  increments: data.increments ?? increments.ebayUsd,
  startsAt: data.startsAt ?? now,
  endsAt: data.endsAt,
  ...(data.softClose === undefined ? {} : { softClose: data.softClose }),
  belowReserve: data.belowReserve ?? 'proxy',
  maxAmount: data.maxAmount ?? 1_000_000_000_000,
});

const resolveAmount = (
  choice: AmountChoice,
  model: ModelAuction,
  bidderId: string,
  open: OpenAuction['data'],
): number => {
  const table = model.rules?.increments ?? increments.ebayUsd;
  const fallback = open.startingPrice;
  switch (choice.kind) {
    case 'minNext': {
      const base = modelMinimumNextBid(model) ?? fallback;
      return base + choice.steps * modelIncrement(table, base) + choice.jitter;
    }
    case 'leaderMax':
      return (modelLeader(model)?.max ?? fallback) + choice.jitter;
    case 'runnerUp':
      return (modelRunnerUpMax(model) ?? fallback) + choice.jitter;
    case 'ownMax': {
      const own = model.offers.find((o) => o.bidderId === bidderId)?.max ?? fallback;
      return own + modelIncrement(table, own) + choice.jitter;
    }
    case 'reserve':
      return (open.reservePrice ?? fallback) + choice.jitter;
    case 'abs':
      return choice.value;
    case 'invalid':
      return choice.value === 'aboveMaxAmount' ? (open.maxAmount ?? 1_000_000_000_000) + 1 : choice.value;
  }
};

const commandsOf = (
  action: Action,
  model: ModelAuction,
  open: OpenAuction['data'],
  now: number,
): { command: AuctionCommand; modelCommand: ModelCommand } => {
  const auctionId = AUCTION_ID;
  switch (action.kind) {
    case 'bid': {
      const bidderId = BIDDERS[action.bidder] as string;
      const amount = resolveAmount(action.amount, model, bidderId, open);
      const command: AuctionCommand = action.straight
        ? { type: 'PlaceBid', data: { auctionId, bidderId, amount } }
        : { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: amount } };
      return {
        command,
        modelCommand: { type: 'Bid', auctionId, bidderId, amount, straight: action.straight },
      };
    }
    case 'strangerBid': {
      const modelCommand: ModelCommand = {
        type: 'Bid',
        auctionId: 'a2',
        bidderId: 'A',
        amount: 100_000,
        straight: true,
      };
      return {
        command: { type: 'PlaceBid', data: { auctionId: 'a2', bidderId: 'A', amount: 100_000 } },
        modelCommand,
      };
    }
    case 'buyNow': {
      const buyerId = BIDDERS[action.buyer] as string;
      return {
        command: { type: 'BuyNow', data: { auctionId, buyerId } },
        modelCommand: { type: 'BuyNow', auctionId, buyerId },
      };
    }
    case 'cancel': {
      const by = BIDDERS[action.by] as string;
      return {
        command: { type: 'CancelAuction', data: { auctionId, by } },
        modelCommand: { type: 'Cancel', auctionId, by },
      };
    }
    case 'close':
      return {
        command: { type: 'CloseAuction', data: { auctionId } },
        modelCommand: { type: 'Close', auctionId },
      };
    case 'reopen':
      return {
        command: { type: 'OpenAuction', data: open },
        modelCommand: { type: 'Open', rules: modelRulesOf(open, now) },
      };
  }
};

const nextNow = (now: number, advance: Advance, endsAt: number, duration: number): number => {
  switch (advance.kind) {
    case 'none':
      return now;
    case 'ms':
      return now + advance.ms;
    case 'share':
      return now + Math.max(1, Math.floor((duration * advance.permille) / 1000));
    case 'nearEnd':
      return Math.max(now, endsAt - advance.before);
    case 'atEnd':
      return Math.max(now, endsAt + advance.delta);
  }
};

/** Plays a scenario against an engine and the naive model, step by step. */
export const runScenario = (engine: Engine, scenario: Scenario): Trace => {
  const steps: TraceStep[] = [];
  const events: AuctionEvent[] = [];
  let state = engine.initialState();
  let model = emptyModel;
  const play = (now: number, command: AuctionCommand, modelCommand: ModelCommand): void => {
    const before = state;
    const decision = engine.decide(command, state, now);
    if (decision.ok) {
      for (const event of decision.events) {
        state = engine.evolve(state, event);
        events.push(event);
      }
    }
    const modelBefore = model;
    const result = modelStep(model, modelCommand, now);
    if (result.ok) model = result.next;
    steps.push({
      now,
      command,
      before,
      decision,
      after: state,
      modelBefore,
      modelStep: result,
      modelAfter: model,
    });
  };
  let now = T0 - scenario.preOpen.length;
  for (const action of scenario.preOpen) {
    const { command, modelCommand } = commandsOf(action, model, scenario.open, now);
    play(now, command, modelCommand);
    now += 1;
  }
  const open = scenario.open;
  play(T0, { type: 'OpenAuction', data: open }, { type: 'Open', rules: modelRulesOf(open, T0) });
  const duration = open.endsAt - (open.startsAt ?? T0);
  for (const step of scenario.steps) {
    now = nextNow(now, step.advance, model.endsAt, duration);
    const { command, modelCommand } = commandsOf(step.action, model, open, now);
    play(now, command, modelCommand);
  }
  return { steps, events };
};
