import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import {
  modelIncrement,
  modelLeader,
  modelPrice,
  modelRunnerUpMax,
  modelView,
} from '../../test/naiveAuctionModel';
import { PUBLIC_VIEW_KEYS } from '../../test/publicKeys';
import { type Engine, runScenario, type Scenario, scenarioArb, type Trace } from '../../test/randomAuction';
import { type AuctionState, initialState, type Offer } from './auctionState';
import type { AuctionCommand } from './commands';
import { decide } from './decide';
import type { RejectionCode } from './decision';
import type { AuctionEvent } from './events';
import { evolve } from './evolve';
import { fold } from './fold';
import { minimumNextBid, publicView } from './publicView';
import { visiblePrice } from './visiblePrice';

const engine: Engine = { decide, evolve, fold, initialState, publicView };

const REJECTION_CODES: ReadonlySet<RejectionCode> = new Set<RejectionCode>([
  'AUCTION_NOT_FOUND',
  'AUCTION_ALREADY_EXISTS',
  'AUCTION_NOT_STARTED',
  'AUCTION_ENDED',
  'AUCTION_CLOSED',
  'INVALID_COMMAND',
  'SELLER_CANNOT_BID',
  'BID_TOO_LOW',
  'ALREADY_LEADING',
  'MAX_NOT_RAISED',
  'BUY_NOW_UNAVAILABLE',
  'NOT_ENDED',
  'CANCEL_NOT_ALLOWED',
  'RETRACTION_NOT_ALLOWED',
]);

const isBid = (command: AuctionCommand): boolean =>
  command.type === 'PlaceBid' || command.type === 'SetMaxBid';
const bidderOf = (command: AuctionCommand): string | null =>
  command.type === 'PlaceBid' || command.type === 'SetMaxBid' ? command.data.bidderId : null;
const describeStep = (i: number, trace: Trace): string => {
  const step = trace.steps[i];
  return `step ${i} at ${step?.now}: ${JSON.stringify(step?.command)} -> ${JSON.stringify(step?.decision)}`;
};

/** A property over random scenarios, checked by `check` on the trace an engine produces. */
const traceProperty = (subject: Engine, check: (trace: Trace, scenario: Scenario, extra: number) => void) =>
  fc.property(scenarioArb(), fc.nat(), (scenario, extra) =>
    check(runScenario(subject, scenario), scenario, extra),
  );

/** Shows that a property can fail: it must find a counterexample against a deliberately broken engine. */
const expectToCatch = (
  property: fc.IProperty<[Scenario, number]> | fc.IProperty<unknown[]>,
  numRuns = 500,
): void => {
  const details = fc.check(property as fc.IProperty<unknown[]>, {
    ...seeded(numRuns, false),
    endOnFailure: true,
  });
  expect(details.failed, 'the property did not catch the broken engine').toBe(true);
};

// ---- (a) the decider agrees with a naive model that keeps every offer and sorts them -------------------

const agreesWithModel = (subject: Engine) =>
  traceProperty(subject, (trace) => {
    trace.steps.forEach((step, i) => {
      const where = describeStep(i, trace);
      const expected = step.modelStep;
      expect(step.decision.ok, where).toBe(expected.ok);
      if (!step.decision.ok && !expected.ok) expect(step.decision.code, where).toBe(expected.code);
      expect(subject.publicView(step.after, step.now), where).toEqual(modelView(step.modelAfter, step.now));
      expect(step.after.price, where).toBe(modelPrice(step.modelAfter));
      expect(step.after.leader?.bidderId ?? null, where).toBe(modelLeader(step.modelAfter)?.bidderId ?? null);
      expect(step.after.leader?.max ?? null, where).toBe(modelLeader(step.modelAfter)?.max ?? null);
      expect(step.after.runnerUpMax, where).toBe(modelRunnerUpMax(step.modelAfter));
    });
  });

// ---- (b) the price never decreases -------------------------------------------------------------------

const priceNeverDecreases = (subject: Engine) =>
  traceProperty(subject, (trace) => {
    let highest: number | null = null;
    trace.steps.forEach((step, i) => {
      const price = subject.publicView(step.after, step.now)?.price ?? null;
      if (highest !== null) {
        expect(price, describeStep(i, trace)).not.toBeNull();
        expect(price as number, describeStep(i, trace)).toBeGreaterThanOrEqual(highest);
      }
      highest = price;
    });
  });

// ---- (c) the public view never shows a secret max ----------------------------------------------------

/** Every number the view may hold, by path; the money ones among them other than the allowed are checked. */
const NUMERIC_PATHS = new Set([
  'price',
  'minimumNextBid',
  'bidCount',
  'startsAt',
  'endsAt',
  'buyNowPrice',
  'outcome.price',
]);

const numbersIn = (value: unknown, path = ''): [string, number][] => {
  if (typeof value === 'number') return [[path, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    numbersIn(inner, path === '' ? key : `${path}.${key}`),
  );
};

const viewKeepsMaxesSecret = (subject: Engine) =>
  traceProperty(subject, (trace, _scenario, extra) => {
    trace.steps.forEach((step, i) => {
      const where = describeStep(i, trace);
      const state = step.after;
      const view = subject.publicView(state, step.now);
      if (view === null || state.rules === null) {
        expect(state.status, where).toBe('none');
        return;
      }
      const rules = state.rules;
      for (const key of Object.keys(view))
        expect(PUBLIC_VIEW_KEYS.has(key), `${where}: unexpected field ${key}`).toBe(true);
      const numbers = numbersIn(view);
      for (const [path] of numbers)
        expect(NUMERIC_PATHS.has(path), `${where}: unexpected number at ${path}`).toBe(true);
      // The only money above the price: the minimum next bid, the starting price and the buy-now price.
      const price = view.price;
      if (view.minimumNextBid !== null)
        expect(view.minimumNextBid, where).toBe(
          price === null ? rules.startingPrice : price + modelIncrement(rules.increments, price),
        );
      if (view.buyNowPrice !== null) expect(view.buyNowPrice, where).toBe(rules.buyNowPrice);
      const soldByBuyNow = view.outcome?.reason === 'buy-now';
      if (view.outcome?.price !== undefined && !soldByBuyNow) expect(view.outcome.price, where).toBe(price);
      if (soldByBuyNow) expect(view.outcome?.price, where).toBe(rules.buyNowPrice);
      // No max above the price (any bidder's, the leader's first) is shown as a price.
      const maxes = [...step.modelAfter.offers.map((o) => o.max), state.leader?.max, state.runnerUpMax];
      for (const max of maxes) {
        if (max === undefined || max === null || (price !== null && max <= price)) continue;
        expect(view.price, `${where}: a max of ${max} is shown as the price`).not.toBe(max);
        if (!soldByBuyNow) expect(view.outcome?.price, `${where}: a max of ${max} is shown`).not.toBe(max);
      }
      // Non-interference: other secret maxes above the price give the very same view.
      const leader = state.leader;
      if (leader !== null && price !== null && leader.max > price) {
        const reserve = rules.reservePrice;
        let twinMax = leader.max + 1 + (extra % 1_000_000);
        if (reserve !== undefined && leader.max < reserve) twinMax = Math.min(twinMax, reserve - 1);
        if (twinMax > leader.max) {
          const twin: AuctionState = { ...state, leader: { ...leader, max: twinMax } };
          expect(
            subject.publicView(twin, step.now),
            `${where}: the view depends on the leader's max`,
          ).toEqual(view);
        }
      }
      if (state.runnerUpMax !== null && state.runnerUpMax > 1) {
        const twin: AuctionState = { ...state, runnerUpMax: state.runnerUpMax - 1 };
        expect(subject.publicView(twin, step.now), `${where}: the view depends on the runner-up max`).toEqual(
          view,
        );
      }
    });
  });

// ---- (d) a rejected command records nothing and changes nothing --------------------------------------

const rejectionChangesNothing = (subject: Engine) =>
  traceProperty(subject, (trace) => {
    trace.steps.forEach((step, i) => {
      const where = describeStep(i, trace);
      const snapshot = structuredClone(step.before);
      const again = subject.decide(step.command, step.before, step.now);
      expect(step.before, `${where}: decide changed its state`).toEqual(snapshot);
      expect(again, `${where}: decide is not deterministic`).toEqual(step.decision);
      if (!again.ok) {
        expect('events' in again, where).toBe(false);
        expect(REJECTION_CODES.has(again.code), where).toBe(true);
        expect(subject.fold([], step.before), where).toBe(step.before);
      }
    });
  });

// ---- (e) folding at once = evolving one by one = folding in two chunks -------------------------------

const foldIsEvolveInOrder = (subject: Engine) =>
  traceProperty(subject, (trace, _scenario, extra) => {
    const events = trace.events;
    const oneByOne = events.reduce(subject.evolve, subject.initialState());
    const last = trace.steps.at(-1)?.after;
    expect(oneByOne).toEqual(last);
    expect(subject.fold(events)).toEqual(oneByOne);
    const cut = extra % (events.length + 1);
    expect(subject.fold(events.slice(cut), subject.fold(events.slice(0, cut)))).toEqual(oneByOne);
    function* lazily(): Generator<AuctionEvent> {
      yield* events;
    }
    expect(subject.fold(lazily())).toEqual(oneByOne);
  });

// ---- (g) soft close ------------------------------------------------------------------------------------

const softCloseExtendsAsRuled = (subject: Engine) =>
  traceProperty(subject, (trace, scenario) => {
    const cap = scenario.open.softClose?.maxEndsAt;
    trace.steps.forEach((step, i) => {
      const where = describeStep(i, trace);
      const { before, after, now, decision } = step;
      const extensions = decision.ok ? decision.events.filter((e) => e.type === 'AuctionExtended') : [];
      if (cap !== undefined) expect(after.endsAt, `${where}: past maxEndsAt`).toBeLessThanOrEqual(cap);
      if (!decision.ok || !isBid(step.command) || before.status !== 'open') {
        if (step.command.type !== 'OpenAuction') expect(after.endsAt, where).toBe(before.endsAt);
        expect(extensions, where).toEqual([]);
        return;
      }
      const policy = before.rules?.softClose;
      const silentRaise = before.leader?.bidderId === bidderOf(step.command) && after.price === before.price;
      const moved = after.price !== before.price || after.leader?.bidderId !== before.leader?.bidderId;
      let expected = before.endsAt;
      if (policy !== undefined && moved && before.endsAt - now <= policy.windowMs) {
        const wanted = Math.max(before.endsAt, now + policy.extendMs);
        expected = Math.max(before.endsAt, Math.min(wanted, policy.maxEndsAt ?? Number.POSITIVE_INFINITY));
      }
      if (silentRaise) expect(after.endsAt, `${where}: a silent raise extended`).toBe(before.endsAt);
      expect(after.endsAt, where).toBe(expected);
      expect(extensions, where).toEqual(
        expected === before.endsAt
          ? []
          : [
              {
                type: 'AuctionExtended',
                data: {
                  auctionId: before.auctionId,
                  at: now,
                  previousEndsAt: before.endsAt,
                  endsAt: expected,
                },
              },
            ],
      );
    });
  });

// ---- (h) closing ---------------------------------------------------------------------------------------

const closeRecordsTheOutcome = (subject: Engine) =>
  traceProperty(subject, (trace) => {
    trace.steps.forEach((step, i) => {
      if (step.command.type !== 'CloseAuction') return;
      const where = describeStep(i, trace);
      const { before, after, now, decision } = step;
      if (before.status !== 'open') {
        expect(decision, where).toEqual(
          before.status === 'none' ? expect.objectContaining({ ok: false }) : { ok: true, events: [] },
        );
        return;
      }
      if (now < before.endsAt) {
        expect(decision, where).toEqual(expect.objectContaining({ ok: false, code: 'NOT_ENDED' }));
        return;
      }
      const leader = before.leader;
      const reserve = before.rules?.reservePrice;
      const sold = leader !== null && (reserve === undefined || leader.max >= reserve);
      const data = sold
        ? {
            auctionId: before.auctionId,
            at: now,
            outcome: 'sold',
            winnerId: leader.bidderId,
            price: before.price,
          }
        : {
            auctionId: before.auctionId,
            at: now,
            outcome: 'unsold',
            reason: leader === null ? 'no-bids' : 'reserve-not-met',
          };
      expect(decision, where).toEqual({ ok: true, events: [{ type: 'AuctionClosed', data }] });
      expect(after.status, where).toBe('closed');
      expect(subject.decide(step.command, after, now), `${where}: second close`).toEqual({
        ok: true,
        events: [],
      });
      expect(subject.decide(step.command, after, now + 86_400_000), `${where}: later close`).toEqual({
        ok: true,
        events: [],
      });
    });
  });

// ---- broken engines, each a plausible bug that one property above must catch --------------------------

/** Ties go to the later offer instead of the earlier one. */
const laterOfferWinsTies: Engine = {
  ...engine,
  evolve: (state, event) => {
    const next = evolve(state, event);
    const leader = state.leader;
    if ((event.type !== 'BidPlaced' && event.type !== 'MaxBidSet') || leader === null || state.rules === null)
      return next;
    const { bidderId, bidId } = event.data;
    const max = event.type === 'BidPlaced' ? event.data.amount : event.data.maxAmount;
    if (bidderId === leader.bidderId || max !== leader.max) return next;
    const newLeader: Offer = {
      bidderId,
      bidId,
      max,
      floor: event.type === 'BidPlaced' ? max : 0,
      seq: next.bidCount,
    };
    const runnerUpMax = Math.max(state.runnerUpMax ?? 0, leader.max);
    return {
      ...next,
      leader: newLeader,
      runnerUpMax,
      price: visiblePrice(state.rules, newLeader, runnerUpMax),
    };
  },
};

/** A bid of exactly the minimum next bid is refused. */
const minimumIsExclusive: Engine = {
  ...engine,
  decide: (command, state, now) => {
    if (command.type === 'PlaceBid' && command.data.amount === minimumNextBid(state) && state.leader !== null)
      return {
        ok: false,
        code: 'BID_TOO_LOW',
        message: 'mutant',
        details: { minimumNextBid: command.data.amount },
      };
    return decide(command, state, now);
  },
};

/** A leader's raise replaces their straight bid by a proxy, dropping the amount it held the price at. */
const raiseDropsStraightAmount: Engine = {
  ...engine,
  evolve: (state, event) => {
    const next = evolve(state, event);
    const leader = next.leader;
    if (event.type !== 'MaxBidSet' || leader === null || next.rules === null) return next;
    if (state.leader?.bidderId !== event.data.bidderId || leader.floor === 0) return next;
    const proxy = { ...leader, floor: 0 };
    return { ...next, leader: proxy, price: visiblePrice(next.rules, proxy, next.runnerUpMax) };
  },
};

/** The view shows the leader's max as the price (as if the policy were always 'fullMax'). */
const viewShowsLeaderMax: Engine = {
  ...engine,
  publicView: (state, now) => {
    const view = publicView(state, now);
    return view === null || state.leader === null ? view : { ...view, price: state.leader.max };
  },
};

/** A rejection still counts as a bid: it bumps the state's bid counter in place. */
const rejectionBumpsCounter: Engine = {
  ...engine,
  decide: (command, state, now) => {
    const decision = decide(command, state, now);
    if (!decision.ok && isBid(command) && !Object.isFrozen(state))
      (state as { bidCount: number }).bidCount += 1;
    return decision;
  },
};

/** `fold` ignores the state it is asked to start from. */
const foldIgnoresFrom: Engine = { ...engine, fold: (events) => fold(events) };

/** Soft close ignores its hard cap `maxEndsAt`. */
const softCloseIgnoresCap: Engine = {
  ...engine,
  decide: (command, state, now) => {
    const decision = decide(command, state, now);
    const extendMs = state.rules?.softClose?.extendMs;
    if (!decision.ok || extendMs === undefined) return decision;
    const events = decision.events.map((e) =>
      e.type === 'AuctionExtended'
        ? { ...e, data: { ...e.data, endsAt: Math.max(e.data.previousEndsAt, now + extendMs) } }
        : e,
    );
    return { ok: true, events };
  },
};

/** A leader's silent raise extends the auction too. */
const silentRaiseExtends: Engine = {
  ...engine,
  decide: (command, state, now) => {
    const decision = decide(command, state, now);
    const policy = state.rules?.softClose;
    if (!decision.ok || policy === undefined || command.type !== 'SetMaxBid') return decision;
    if (state.leader?.bidderId !== command.data.bidderId || decision.events.length !== 1) return decision;
    if (state.endsAt - now > policy.windowMs || now + policy.extendMs <= state.endsAt) return decision;
    const endsAt = Math.min(now + policy.extendMs, policy.maxEndsAt ?? Number.POSITIVE_INFINITY);
    if (endsAt <= state.endsAt) return decision;
    const extension: AuctionEvent = {
      type: 'AuctionExtended',
      data: { auctionId: command.data.auctionId, at: now, previousEndsAt: state.endsAt, endsAt },
    };
    return { ok: true, events: [...decision.events, extension] };
  },
};

/** A sale is recorded at the winner's max instead of the visible price. */
const soldAtLeaderMax: Engine = {
  ...engine,
  decide: (command, state, now) => {
    const decision = decide(command, state, now);
    if (!decision.ok || command.type !== 'CloseAuction' || state.leader === null) return decision;
    const max = state.leader.max;
    const events = decision.events.map((e) =>
      e.type === 'AuctionClosed' && e.data.outcome === 'sold' ? { ...e, data: { ...e.data, price: max } } : e,
    );
    return { ok: true, events };
  },
};

// ---- the random auctions must reach the situations the properties are about ---------------------------

const situationsOf = (trace: Trace, scenario: Scenario): Set<string> => {
  const seen = new Set<string>();
  for (const step of trace.steps) {
    const { before, after, decision, command } = step;
    if (!decision.ok) seen.add(decision.code);
    for (const event of decision.ok ? decision.events : []) {
      if (event.type === 'AuctionClosed') seen.add(`closed:${event.data.reason ?? event.data.outcome}`);
      if (event.type === 'AuctionExtended')
        seen.add(event.data.endsAt === scenario.open.softClose?.maxEndsAt ? 'extended:capped' : 'extended');
    }
    const bidder = bidderOf(command);
    const leader = before.leader;
    if (decision.ok && bidder !== null && leader !== null) {
      const amount =
        command.type === 'PlaceBid' ? command.data.amount : (command.data as { maxAmount: number }).maxAmount;
      if (bidder !== leader.bidderId && amount === leader.max) seen.add('tie');
      if (bidder !== leader.bidderId && after.leader?.bidderId === leader.bidderId)
        seen.add('answered by proxy');
      if (bidder === leader.bidderId)
        seen.add(after.price === before.price ? 'silent raise' : 'raise moving the price');
      if (bidder === leader.bidderId && leader.floor > 0) seen.add('raise over a straight bid');
    }
    const rules = after.rules;
    if (rules?.reservePrice !== undefined && after.leader !== null && after.leader.max < rules.reservePrice)
      seen.add(`below reserve:${rules.belowReserve}`);
    if (rules !== null && rules.increments.length > 1) seen.add('several increment bands');
  }
  return seen;
};

describe('the random auctions', () => {
  it('reach every rejection code of bidding and closing, ties, raises, extensions and every close reason', () => {
    const seen = new Set<string>();
    for (const scenario of fc.sample(scenarioArb(), { numRuns: 300, seed: 2 })) {
      for (const situation of situationsOf(runScenario(engine, scenario), scenario)) seen.add(situation);
    }
    const expected = [
      // These scenarios do not retract (retraction.property.unit.spec.ts covers its own cases).
      ...[...REJECTION_CODES].filter((code) => code !== 'RETRACTION_NOT_ALLOWED'),
      'closed:sold',
      'closed:no-bids',
      'closed:reserve-not-met',
      'closed:buy-now',
      'extended',
      'extended:capped',
      'tie',
      'answered by proxy',
      'silent raise',
      'raise moving the price',
      'raise over a straight bid',
      'below reserve:proxy',
      'below reserve:fullMax',
      'several increment bands',
    ];
    expect(expected.filter((situation) => !seen.has(situation))).toEqual([]);
  });
});

// ---- the properties ------------------------------------------------------------------------------------

describe('decide, evolve, fold and publicView: properties', () => {
  it('(a) agree with a naive model that keeps every offer and sorts them, at every step', () => {
    fc.assert(agreesWithModel(engine), seeded(600));
  });

  it('(b) never lower the price', () => {
    fc.assert(priceNeverDecreases(engine), seeded(300));
  });

  it('(c) never show a max above the price in the public view', () => {
    fc.assert(viewKeepsMaxesSecret(engine), seeded(300));
  });

  it('(d) record nothing and change nothing for a rejected command', () => {
    fc.assert(rejectionChangesNothing(engine), seeded(200));
  });

  it('(e) fold all events at once as they evolve one by one, and in two chunks', () => {
    fc.assert(foldIsEvolveInOrder(engine), seeded(200));
  });

  it('(g) soft close extends on a price or leader change in the window, capped, never on a silent raise', () => {
    fc.assert(softCloseExtendsAsRuled(engine), seeded(300));
  });

  it('(h) close as sold iff there is a leader and the reserve is met, at the visible price, once', () => {
    fc.assert(closeRecordsTheOutcome(engine), seeded(300));
  });
});

describe('each property can fail: it catches a deliberately broken engine', () => {
  it.each([
    ['(a)', 'ties won by the later offer', agreesWithModel(laterOfferWinsTies)],
    ['(a)', 'a bid of exactly the minimum refused', agreesWithModel(minimumIsExclusive)],
    ['(b)', "a raise dropping the leader's straight amount", priceNeverDecreases(raiseDropsStraightAmount)],
    ['(c)', "the view showing the leader's max", viewKeepsMaxesSecret(viewShowsLeaderMax)],
    ['(d)', 'a rejection bumping the bid counter', rejectionChangesNothing(rejectionBumpsCounter)],
    ['(e)', 'fold ignoring its starting state', foldIsEvolveInOrder(foldIgnoresFrom)],
    ['(g)', 'soft close ignoring maxEndsAt', softCloseExtendsAsRuled(softCloseIgnoresCap)],
    ['(g)', 'a silent raise extending', softCloseExtendsAsRuled(silentRaiseExtends)],
    ['(h)', "a sale at the winner's max", closeRecordsTheOutcome(soldAtLeaderMax)],
  ])('%s catches %s', (_property, _bug, property) => {
    expectToCatch(property);
  });
});
