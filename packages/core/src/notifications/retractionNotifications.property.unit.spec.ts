/**
 * Properties of the notifications a retraction causes, over random auctions of straight bids, maxes,
 * retractions and closes (`test/randomRetractions.ts`), every bidder's max taken from the reference
 * model that keeps every offer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { type RScenario, retractionScenarioArb, runRetractionScenario } from '../../test/randomRetractions';
import type { AuctionState } from '../auction/auctionState';
import type { AuctionEvent } from '../auction/events';
import { minimumNextBid } from '../auction/publicView';
import { toAuctionEvent } from '../decoding/toAuctionEvent';
import type { AuctionNotification } from './auctionNotification';
import { auctionNotifications } from './auctionNotifications';

type Notifier = typeof auctionNotifications;

/** One recorded retraction of a played auction, the states around it and what the notifier made of it. */
interface ToldRetraction {
  readonly event: AuctionEvent & { readonly type: 'BidRetracted' };
  readonly version: number;
  readonly before: AuctionState;
  readonly after: AuctionState;
  /** Every max of every standing bid before it, from the model (which keeps every bidder's bids). */
  readonly maxes: readonly number[];
  readonly notifications: readonly AuctionNotification[];
}

/** Plays a random auction and asks `notify` about every retraction it records (a decision of one event). */
const play = (notify: Notifier, scenario: RScenario): ToldRetraction[] => {
  const trace = runRetractionScenario(scenario);
  const told: ToldRetraction[] = [];
  let version = 1; // AuctionOpened
  for (const step of trace.steps) {
    if (!step.decision.ok) continue;
    const [event] = step.decision.events;
    version += step.decision.events.length;
    if (event?.type !== 'BidRetracted') continue;
    // Every max any bidder set and still held before it (the one withdrawn included) and every max after.
    const maxes = [...step.modelBefore.bids.values()].flatMap((bids) => bids.map((bid) => bid.offer.max));
    const notifications = notify({ ...event, streamVersion: version }, step.before, step.after);
    told.push({ event, version, before: step.before, after: step.after, maxes, notifications });
  }
  return told;
};

const where = (t: ToldRetraction): string =>
  `version ${t.version}: ${JSON.stringify(t.event.data)} -> ${JSON.stringify(t.notifications)}`;

const everyRetraction = (notify: Notifier, check: (t: ToldRetraction) => void) =>
  fc.property(retractionScenarioArb(), (scenario) => {
    for (const t of play(notify, scenario)) check(t);
  });

/** (1) `leading` to the bidder the retraction made the leader, and nothing else to anyone. */
const leadingToTheNewLeaderOnly = (notify: Notifier) =>
  everyRetraction(notify, (t) => {
    const previous = t.before.leader?.bidderId ?? null;
    const next = t.after.leader?.bidderId ?? null;
    // Under the rules only the bidder who retracted can lose the lead: nobody is ever outbid by it.
    if (previous !== next) expect(previous, where(t)).toBe(t.event.data.bidderId);
    const expected =
      next === null || next === previous
        ? []
        : [
            {
              id: `${t.event.data.auctionId}@${t.version}:leading:new-leader`,
              kind: 'leading',
              userId: next,
              auctionId: t.event.data.auctionId,
              version: t.version,
              at: t.event.data.at,
              currency: t.after.rules?.currency,
              price: t.after.price,
              minimumNextBid: minimumNextBid(t.after),
            },
          ];
    expect(t.notifications, where(t)).toEqual(expected);
  });

/** (2) nothing to the bidder who retracted; no amount above the price; no other user named, even in the id. */
const privateAndNoSecrets = (notify: Notifier) =>
  everyRetraction(notify, (t) => {
    const price = t.after.price;
    for (const n of t.notifications) {
      expect(n.userId, where(t)).not.toBe(t.event.data.bidderId);
      expect(n.id, where(t)).toBe(`${n.auctionId}@${t.version}:${n.kind}:new-leader`);
      for (const [key, value] of Object.entries(n)) {
        if (typeof value !== 'number' || key === 'version' || key === 'at') continue;
        if (key === 'minimumNextBid') {
          expect(value, where(t)).toBe(minimumNextBid(t.after));
          continue;
        }
        expect(value, `${where(t)}: ${key} above the price`).toBeLessThanOrEqual(price ?? -1);
        const secrets = t.maxes.filter((max) => price === null || max > price);
        expect(secrets, `${where(t)}: ${key} = ${value} is a secret`).not.toContain(value);
      }
    }
  });

/** (3) stable ids: asked twice, or from the event as a store gives it back (JSON), the same notifications. */
const stable = (notify: Notifier) =>
  everyRetraction(notify, (t) => {
    const stored = JSON.parse(JSON.stringify({ ...t.event, streamVersion: t.version })) as {
      type: string;
      data: unknown;
      streamVersion: number;
    };
    const decoded = { ...toAuctionEvent(stored), streamVersion: stored.streamVersion };
    expect(notify(decoded, t.before, t.after), where(t)).toEqual(t.notifications);
  });

const expectToCatch = (property: fc.IProperty<[RScenario]>): void => {
  const details = fc.check(property, { ...seeded(600, false), endOnFailure: true });
  expect(details.failed, 'the property did not catch the broken notifier').toBe(true);
};

describe('auctionNotifications at a retraction: properties', () => {
  it('the random auctions reach a retraction that hands the lead to another bidder', () => {
    const kinds = new Set<string>();
    for (const scenario of fc.sample(retractionScenarioArb(), { numRuns: 300, seed: 5 }))
      for (const t of play(auctionNotifications, scenario))
        kinds.add(t.notifications.length === 0 ? 'none' : t.notifications.map((n) => n.kind).join('+'));
    expect([...kinds].sort()).toEqual(['leading', 'none']);
  });

  it('(1) tells the bidder it makes the leader, leading, with the price and minimum next bid; nobody else', () => {
    fc.assert(leadingToTheNewLeaderOnly(auctionNotifications), seeded(300));
  });

  it('(2) never tells the bidder who retracted, names nobody else, carries no amount above the price', () => {
    fc.assert(privateAndNoSecrets(auctionNotifications), seeded(300));
  });

  it('(3) gives the same notifications, ids included, for the same event every time', () => {
    fc.assert(stable(auctionNotifications), seeded(300));
  });

  it('(1) catches a notifier that stays silent at a retraction', () => {
    expectToCatch(
      leadingToTheNewLeaderOnly((event, before, after) =>
        event.type === 'BidRetracted' ? [] : auctionNotifications(event, before, after),
      ),
    );
  });

  it('(2) catches a notifier that tells the bidder who retracted', () => {
    expectToCatch(
      privateAndNoSecrets((event, before, after) =>
        auctionNotifications(event, before, after).map((n) =>
          event.type === 'BidRetracted' ? { ...n, userId: event.data.bidderId } : n,
        ),
      ),
    );
  });

  it('(2) catches a leading notification that shows the new leader’s max', () => {
    expectToCatch(
      privateAndNoSecrets((event, before, after) =>
        auctionNotifications(event, before, after).map((n) =>
          n.kind === 'leading' ? { ...n, price: after.leader?.max ?? n.price } : n,
        ),
      ),
    );
  });

  it('(3) catches ids that change from one call to the next', () => {
    let calls = 0;
    expectToCatch(
      stable((event, before, after) =>
        auctionNotifications(event, before, after).map((n) => ({ ...n, id: `${n.id}#${++calls}` })),
      ),
    );
  });
});
