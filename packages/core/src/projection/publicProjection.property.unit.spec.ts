import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PUBLIC_CHANGE_KEYS, walkKeys } from '../../test/publicKeys';
import { BIDDERS, runScenario, type Scenario, scenarioArb } from '../../test/randomAuction';
import { initialState } from '../auction/auctionState';
import { decide } from '../auction/decide';
import type { AuctionEvent } from '../auction/events';
import { evolve } from '../auction/evolve';
import { fold } from '../auction/fold';
import { publicView } from '../auction/publicView';
import { incrementAt } from '../money/increments';
import type { BidderMask } from './bidderMask';
import { type PublicChange, projectPublicEvent, type StreamEvent } from './projectPublicEvent';
import { initialPublicProjection } from './publicProjection';

const engine = { decide, evolve, fold, initialState, publicView };
/** A mask whose output can never be mistaken for a raw bidder id (those are one capital letter). */
const mask: BidderMask = (auctionId, bidderId) => `m${auctionId}x${bidderId.charCodeAt(0).toString(16)}`;
const RAW_IDS = new Set<string>(BIDDERS);

type Projector = (events: readonly StreamEvent[]) => PublicChange[];

const project: Projector = (events) => {
  const changes: PublicChange[] = [];
  let projection = initialPublicProjection();
  for (const event of events) {
    const step = projectPublicEvent(projection, event, mask);
    projection = step.projection;
    if (step.change !== null) changes.push(step.change);
  }
  return changes;
};

const recorded = (events: readonly AuctionEvent[]): StreamEvent[] =>
  events.map((event, i) => ({ type: event.type, data: event.data, streamVersion: i + 1 }));

/**
 * The projection's two promises, checked against the decider's own fold:
 * - nothing secret: only known keys; every shown price is the fold's visible price (or the sale price);
 *   no number equal to the leader's max when it is above the price, none equal to the reserve unless
 *   the visible price has reached it; every bidder id masked;
 * - replaying the history's prices equals folding the events: one `'bid'` entry exactly at every version
 *   whose event moves the fold's price or leader, with that price and that (masked) leader.
 */
const keepsSecretsAndReplays = (projector: Projector) =>
  fc.property(scenarioArb(), (scenario: Scenario) => {
    const events = runScenario(engine, scenario).events;
    const changes = projector(recorded(events));
    const byVersion = new Map(changes.map((change) => [change.version, change]));
    let state = initialState();
    let lastVersion = 0;
    events.forEach((event, i) => {
      const version = i + 1;
      const before = state;
      state = evolve(state, event);
      const change = byVersion.get(version);
      const where = `version ${version}: ${JSON.stringify(event)} -> ${JSON.stringify(change)}`;
      const moved =
        (event.type === 'BidPlaced' || event.type === 'MaxBidSet') &&
        (before.price !== state.price || before.leader?.bidderId !== state.leader?.bidderId);
      expect(change?.entry?.kind === 'bid', where).toBe(moved);
      if (change === undefined) return;
      expect(change.version, where).toBeGreaterThan(lastVersion);
      lastVersion = change.version;
      const rules = state.rules;
      if (rules === null) throw new Error(`no rules at ${where}`);
      walkKeys(change, (key, inner) => {
        expect(PUBLIC_CHANGE_KEYS.has(key), `${where}: key ${key}`).toBe(true);
        if (key === 'leaderId' || key === 'winnerId' || key === 'bidder')
          expect(inner === null || !RAW_IDS.has(inner as string), `${where}: raw id in ${key}`).toBe(true);
      });
      const { view, entry } = change;
      expect(view.price, where).toBe(state.price);
      expect(view.leaderId, where).toBe(state.leader === null ? null : mask('a1', state.leader.bidderId));
      if (view.minimumNextBid !== null && view.price !== null)
        expect(view.minimumNextBid, where).toBe(view.price + incrementAt(rules.increments, view.price));
      if (entry?.kind === 'bid') {
        expect(entry.price, where).toBe(state.price);
        expect(entry.bidder, where).toBe(mask('a1', state.leader?.bidderId as string));
        // An automatic entry names the offer it beat: the event's own bidder and amount, never above the price.
        if (entry.automatic && (event.type === 'BidPlaced' || event.type === 'MaxBidSet')) {
          const amount = event.type === 'BidPlaced' ? event.data.amount : event.data.maxAmount;
          expect(entry.beaten, where).toEqual({ bidder: mask('a1', event.data.bidderId), amount });
          expect(amount, where).toBeLessThanOrEqual(entry.price as number);
        } else expect(entry.beaten, where).toBeUndefined();
      }
      if (entry?.kind === 'closed')
        expect(entry.price, where).toBe(event.type === 'AuctionClosed' ? (event.data.price ?? null) : null);
      const shown = state.price ?? -1;
      // Once sold, the sale price is public (for a buy-it-now it may equal the reserve); checked above.
      const sale = state.result?.price;
      const secrets: number[] = [];
      if (state.leader !== null && state.leader.max > shown) secrets.push(state.leader.max);
      if (rules.reservePrice !== undefined && rules.reservePrice > shown) secrets.push(rules.reservePrice);
      walkKeys(change, (key, inner) => {
        if (typeof inner !== 'number' || key === 'version' || key === 'at' || key === 'bidCount') return;
        if (key === 'startsAt' || key === 'endsAt') return;
        // The minimum next bid and buy-it-now price are public by the rules; they are checked above.
        if (key === 'minimumNextBid' || key === 'buyNowPrice') return;
        if (key === 'price' && inner === sale) return;
        expect(secrets.includes(inner), `${where}: ${key} = ${inner} is a secret`).toBe(false);
      });
    });
  });

/** Shows that the property can fail: it must find a counterexample against a broken projection. */
const expectToCatch = (projector: Projector): void => {
  const details = fc.check(keepsSecretsAndReplays(projector), { numRuns: 300, endOnFailure: true });
  expect(details.failed, 'the property did not catch the broken projection').toBe(true);
};

describe('public projection (property)', () => {
  it('never shows a max above the price or the reserve, and its history replays the fold', () => {
    fc.assert(keepsSecretsAndReplays(project), { numRuns: 300 });
  });

  it('catches a projection that shows the leader max', () => {
    expectToCatch((events) => {
      let state = initialState();
      return project(events).map((change) => {
        state = fold(
          events.filter((e) => e.streamVersion <= change.version).map((e) => e as unknown as AuctionEvent),
        );
        return { ...change, view: { ...change.view, price: state.leader?.max ?? change.view.price } };
      });
    });
  });

  it('catches a projection that leaks raw bidder ids', () => {
    expectToCatch((events) => {
      const changes: PublicChange[] = [];
      let projection = initialPublicProjection();
      for (const event of events) {
        const step = projectPublicEvent(projection, event, (_a, bidderId) => bidderId);
        projection = step.projection;
        if (step.change !== null) changes.push(step.change);
      }
      return changes;
    });
  });

  it('catches a projection that drops a history entry', () => {
    expectToCatch((events) => {
      let dropped = false;
      return project(events).map((change) => {
        if (dropped || change.entry?.kind !== 'bid' || change.version < 4) return change;
        dropped = true;
        const { entry: _entry, ...rest } = change;
        return rest;
      });
    });
  });

  it('catches a projection that carries the reserve', () => {
    expectToCatch((events) => {
      const opened = events[0]?.data as { reservePrice?: number } | undefined;
      return project(events).map((change) =>
        opened?.reservePrice === undefined
          ? change
          : {
              ...change,
              view: {
                ...change.view,
                reserveMet: null,
                endsAt: change.view.endsAt,
                price: opened.reservePrice,
              },
            },
      );
    });
  });
});
