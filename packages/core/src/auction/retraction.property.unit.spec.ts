/**
 * Properties of retraction and of both soft-close modes, over random auctions of straight bids, maxes,
 * retractions and closes (`test/randomRetractions.ts`), against an independent reference model that
 * recomputes everything from the remaining offers (`test/retractionModel.ts`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { PUBLIC_VIEW_KEYS } from '../../test/publicKeys';
import {
  type RScenario,
  type RTrace,
  retractionScenarioArb,
  runRetractionScenario,
} from '../../test/randomRetractions';
import { rLeader, rMinimumNextBid, rPrice, rRunnerUpMax } from '../../test/retractionModel';
import { auctionOffers } from './auctionOffers';
import type { AuctionState } from './auctionState';
import { decide } from './decide';
import type { Decision } from './decision';
import type { AuctionEvent, BidRetracted } from './events';
import { publicView } from './publicView';

type Decide = typeof decide;

const describeStep = (trace: RTrace, i: number): string => {
  const step = trace.steps[i];
  return `step ${i} at ${step?.now}: ${JSON.stringify(step?.command)} -> ${JSON.stringify(step?.decision)}; model ${JSON.stringify(step?.modelStep.ok ? 'ok' : step?.modelStep)}`;
};

const scenarioProperty = (check: (trace: RTrace, extra: number) => void, subject?: Decide) =>
  fc.property(retractionScenarioArb(), fc.nat(), (scenario, extra) =>
    check(runRetractionScenario(scenario, subject), extra),
  );

/** Shows that a property can fail: it must find a counterexample against a deliberately broken decider. */
const expectToCatch = (property: fc.IProperty<[RScenario, number]>): void => {
  const details = fc.check(property, { ...seeded(600, false), endOnFailure: true });
  expect(details.failed, 'the property did not catch the broken decider').toBe(true);
};

// ---- (a) step by step, the decider agrees with the model that recomputes from the remaining offers ----

const agreesWithModel = (trace: RTrace): void => {
  trace.steps.forEach((step, i) => {
    const where = describeStep(trace, i);
    const { decision, modelStep, after, modelAfter, now } = step;
    expect(decision.ok, where).toBe(modelStep.ok);
    if (!decision.ok && !modelStep.ok) expect(decision.code, where).toBe(modelStep.code);
    if (decision.ok && modelStep.ok && step.command.type === 'RetractBid') {
      const retracted = decision.events[0] as BidRetracted;
      expect(retracted.data.scope, where).toBe(modelStep.scope);
    }
    const view = publicView(after, now);
    expect(after.price, where).toBe(rPrice(modelAfter));
    expect(view?.leaderId ?? null, where).toBe(rLeader(modelAfter)?.bidderId ?? null);
    expect(after.leader?.max ?? null, where).toBe(rLeader(modelAfter)?.max ?? null);
    expect(after.runnerUpMax, where).toBe(rRunnerUpMax(modelAfter));
    expect(after.endsAt, where).toBe(modelAfter.endsAt);
    expect(after.visibleBidCount, where).toBe(modelAfter.visible);
    if (view?.status === 'open') expect(view.minimumNextBid, where).toBe(rMinimumNextBid(modelAfter));
  });
};

// ---- (b) a retraction never moves the end or the counts, and never shows a max above the price ---------

const retractionKeepsEndAndSecrets = (trace: RTrace, extra: number): void => {
  trace.steps.forEach((step, i) => {
    if (step.command.type !== 'RetractBid' || !step.decision.ok) return;
    const where = describeStep(trace, i);
    const { before, after, now } = step;
    expect(
      step.decision.events.map((event) => event.type),
      where,
    ).toEqual(['BidRetracted']);
    expect(after.endsAt, where).toBe(before.endsAt);
    expect(after.bidCount, where).toBe(before.bidCount);
    expect(after.visibleBidCount, where).toBe(before.visibleBidCount);
    const view = publicView(after, now);
    if (view === null) throw new Error(`no view at ${where}`);
    for (const key of Object.keys(view))
      expect(PUBLIC_VIEW_KEYS.has(key), `${where}: field ${key}`).toBe(true);
    // No remaining max above the price is shown as the price.
    const maxes = [...step.modelAfter.bids.values()].flatMap((list) => list.map((bid) => bid.offer.max));
    for (const max of maxes)
      if (view.price === null || max > view.price)
        expect(view.price, `${where}: max ${max} shown`).not.toBe(max);
    // Non-interference: a higher secret max for the leader gives the very same view.
    const leader = after.leader;
    const reserve = after.rules?.reservePrice;
    if (leader !== null && view.price !== null && leader.max > view.price) {
      let twinMax = leader.max + 1 + (extra % 100_000);
      if (reserve !== undefined && leader.max < reserve) twinMax = Math.min(twinMax, reserve - 1);
      if (twinMax > leader.max) {
        const twin: AuctionState = { ...after, leader: { ...leader, max: twinMax } };
        expect(publicView(twin, now), `${where}: the view depends on the leader's max`).toEqual(view);
      }
    }
  });
};

// ---- (c) the offers: folded step by step or at once, the same; and the state of the same events --------

const offersFoldAlike = (trace: RTrace): void => {
  const once = auctionOffers(trace.events);
  expect(once.latestBids).toEqual(trace.offers.latestBids);
  expect(once.state).toEqual(trace.offers.state);
  expect(once.state).toEqual(trace.steps.at(-1)?.after ?? once.state);
};

// ---- (d) soft close from the end: each extension adds extendMs to the end, capped ----------------------

const fromTheEnd = (scenario: RScenario): RScenario => ({
  ...scenario,
  open: {
    ...scenario.open,
    softClose: {
      windowMs:
        scenario.open.softClose?.windowMs ??
        Math.floor((scenario.open.endsAt - (scenario.open.startsAt ?? 0)) / 4),
      extendMs: scenario.open.softClose?.extendMs ?? 1_000,
      ...(scenario.open.softClose?.maxEndsAt === undefined
        ? {}
        : { maxEndsAt: scenario.open.softClose.maxEndsAt }),
      from: 'end',
    },
  },
});

const extendsFromTheEnd = (trace: RTrace): void => {
  trace.steps.forEach((step, i) => {
    const where = describeStep(trace, i);
    const policy = step.before.rules?.softClose;
    if (!step.decision.ok || policy === undefined) return;
    for (const event of step.decision.events) {
      if (event.type !== 'AuctionExtended') continue;
      expect(event.data.previousEndsAt, where).toBe(step.before.endsAt);
      expect(event.data.endsAt, where).toBe(
        Math.min(step.before.endsAt + policy.extendMs, policy.maxEndsAt ?? Number.POSITIVE_INFINITY),
      );
    }
  });
};

// ---- broken deciders, to show that the properties can fail ---------------------------------------------

const rewrite =
  (transform: (event: BidRetracted, before: AuctionState) => BidRetracted): Decide =>
  (command, state, now, offers) => {
    const decision: Decision = decide(command, state, now, offers);
    if (!decision.ok || command.type !== 'RetractBid') return decision;
    return {
      ok: true,
      events: decision.events.map((e) => transform(e as BidRetracted, state)) as AuctionEvent[],
    };
  };

/** A retraction that keeps the price as it was (the price "never goes down"). */
const keepsPrice = rewrite((event, before) => ({ ...event, data: { ...event.data, price: before.price } }));
/** Between equal maxes after a retraction, the later offer leads. */
const laterWinsTies: Decide = (command, state, now, offers) => {
  if (command.type !== 'RetractBid' || offers === undefined) return decide(command, state, now, offers);
  const reversed = new Map(
    [...offers.latestBids].map(([id, bid]) => [id, { ...bid, offer: { ...bid.offer, seq: -bid.offer.seq } }]),
  );
  const decision = decide(command, state, now, { ...offers, latestBids: reversed });
  return decision;
};
/** A retraction that always withdraws every bid, whatever the time. */
const alwaysAll: Decide = (command, state, now, offers) =>
  command.type === 'RetractBid' && state.rules !== null
    ? decide(
        command,
        { ...state, rules: { ...state.rules, retraction: { fullBeforeEndMs: 0, latestWithinMs: 1 } } },
        now,
        offers,
      )
    : decide(command, state, now, offers);

describe('retraction (properties)', () => {
  it('after any bids, maxes and retractions: price, leader, runner-up, minimum next bid and end as the model gives', () => {
    fc.assert(scenarioProperty(agreesWithModel), seeded(400));
  });

  it('a retraction never moves the end or the counts, and the view never shows a max above the price', () => {
    fc.assert(scenarioProperty(retractionKeepsEndAndSecrets), seeded(400));
  });

  it('the offers folded step by step equal the offers of all the events, and their state is the fold', () => {
    fc.assert(scenarioProperty(offersFoldAlike), seeded(200));
  });

  it("soft close from: 'end' adds extendMs to the current end, capped, and agrees with the model", () => {
    fc.assert(
      fc.property(retractionScenarioArb(), (scenario) => {
        const trace = runRetractionScenario(fromTheEnd(scenario));
        agreesWithModel(trace);
        extendsFromTheEnd(trace);
      }),
      seeded(300),
    );
  });

  it.each([
    ['a retraction that keeps the price', keepsPrice],
    ['the later offer winning a tie after a retraction', laterWinsTies],
    ['a retraction of every bid whatever the time', alwaysAll],
  ])('catches %s', (_bug, subject) => {
    expectToCatch(scenarioProperty(agreesWithModel, subject));
  });

  it('the random auctions reach every retraction case', () => {
    const seen = new Set<string>();
    for (const scenario of fc.sample(retractionScenarioArb(), { numRuns: 400, seed: 7 })) {
      const trace = runRetractionScenario(scenario);
      for (const step of trace.steps) {
        const { decision, before, after } = step;
        if (step.command.type === 'RetractBid') {
          if (!decision.ok) {
            seen.add(decision.code === 'RETRACTION_NOT_ALLOWED' ? decision.details.reason : decision.code);
            continue;
          }
          const event = decision.events[0] as BidRetracted;
          seen.add(`scope:${event.data.scope}`);
          if (after.price !== null && before.price !== null && after.price < before.price)
            seen.add('price down');
          if (after.leader?.bidderId !== before.leader?.bidderId) seen.add('new leader');
          if (after.leader === null) seen.add('no offer left');
          if (before.leader?.bidderId === event.data.bidderId) seen.add('leader retracted');
          if (after.leader !== null && after.runnerUpMax === after.leader.max) seen.add('tie after');
          const reserve = before.rules?.reservePrice;
          if (
            reserve !== undefined &&
            (before.leader?.max ?? 0) >= reserve &&
            (after.leader?.max ?? 0) < reserve
          )
            seen.add('reserve unmet');
        }
        for (const event of decision.ok ? decision.events : [])
          if (event.type === 'AuctionExtended')
            seen.add(before.rules?.softClose?.from === 'end' ? 'extended from end' : 'extended from bid');
      }
    }
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'INVALID_COMMAND',
        'closed',
        'ended',
        'forbidden',
        'no-offer',
        'too-late',
        'scope:all',
        'scope:latest',
        'price down',
        'new leader',
        'no offer left',
        'leader retracted',
        'tie after',
        'reserve unmet',
        'extended from end',
        'extended from bid',
      ]),
    );
  });
});
