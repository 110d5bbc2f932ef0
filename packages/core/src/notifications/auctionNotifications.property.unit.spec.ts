import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { type BIDDERS, type Engine, runScenario, type Scenario, scenarioArb } from '../../test/randomAuction';
import { type AuctionState, initialState } from '../auction/auctionState';
import type { AuctionCommand } from '../auction/commands';
import { decide } from '../auction/decide';
import type { AuctionEvent } from '../auction/events';
import { evolve } from '../auction/evolve';
import { fold } from '../auction/fold';
import { minimumNextBid, publicView } from '../auction/publicView';
import { toAuctionEvent } from '../decoding/toAuctionEvent';
import type { AuctionNotification } from './auctionNotification';
import { auctionNotifications } from './auctionNotifications';

const engine: Engine = { decide, evolve, fold, initialState, publicView };

type Notifier = typeof auctionNotifications;

/**
 * Long user ids in place of the random auctions' one-letter ones (`S`, the seller, and `A` to `D`), none
 * inside another, so that searching a notification's JSON for a user's id finds only that id, never a
 * letter of a field name or a currency.
 */
const USER_IDS: Readonly<Record<(typeof BIDDERS)[number], string>> = {
  S: 'user-sam-the-seller',
  A: 'user-ann-7q',
  B: 'user-bo-4k',
  C: 'user-cy-9w',
  D: 'user-di-2x',
};
const ALL_USERS: readonly string[] = Object.values(USER_IDS);
const user = (id: string): string => USER_IDS[id as keyof typeof USER_IDS] ?? id;

/** The event with every user id replaced by its long form; the rules compare ids only for equality. */
const renamed = (event: AuctionEvent): AuctionEvent => {
  switch (event.type) {
    case 'AuctionOpened':
      return { ...event, data: { ...event.data, sellerId: user(event.data.sellerId) } };
    case 'BidPlaced':
    case 'MaxBidSet':
      return { ...event, data: { ...event.data, bidderId: user(event.data.bidderId) } } as AuctionEvent;
    case 'AuctionClosed':
      return event.data.winnerId === undefined
        ? event
        : { ...event, data: { ...event.data, winnerId: user(event.data.winnerId) } };
    case 'AuctionCancelled':
      return { ...event, data: { ...event.data, by: user(event.data.by) } };
    default:
      return event;
  }
};

/** One recorded event of a played auction, the states around it and what the notifier made of it. */
interface Told {
  readonly command: AuctionCommand;
  /** Every bidder's max after the command, from the naive model (which keeps every offer). */
  readonly maxes: readonly number[];
  readonly event: AuctionEvent;
  readonly version: number;
  readonly before: AuctionState;
  readonly after: AuctionState;
  readonly notifications: readonly AuctionNotification[];
}

/** Plays a random auction through `decide` and `evolve` and asks `notify` about every recorded event. */
const play = (notify: Notifier, scenario: Scenario): Told[] => {
  const told: Told[] = [];
  let state = initialState();
  for (const step of runScenario(engine, scenario).steps) {
    if (!step.decision.ok) continue;
    const maxes = step.modelAfter.offers.map((offer) => offer.max);
    for (const decided of step.decision.events) {
      const event = renamed(decided);
      const before = state;
      state = evolve(state, event);
      const version = told.length + 1;
      const notifications = notify({ ...event, streamVersion: version }, before, state);
      told.push({ command: step.command, maxes, event, version, before, after: state, notifications });
    }
  }
  return told;
};

const where = (t: Told): string =>
  `version ${t.version}: ${JSON.stringify(t.event)} -> ${JSON.stringify(t.notifications)}`;

/** A property of the notifications of every event of random auctions, for a given notifier. */
const everyEvent = (notify: Notifier, check: (told: readonly Told[]) => void) =>
  fc.property(scenarioArb(), (scenario) => check(play(notify, scenario)));

// ---- (1) a change of leader tells the previous leader, once; nothing else tells anyone they are outbid --

const outbidAtEveryChangeOfLeader = (notify: Notifier) =>
  everyEvent(notify, (told) => {
    for (const t of told) {
      const previous = t.before.leader?.bidderId ?? null;
      const changed = previous !== null && t.after.leader?.bidderId !== previous;
      const outbid = t.notifications.filter((n) => n.kind === 'outbid');
      expect(outbid.length, where(t)).toBe(changed ? 1 : 0);
      if (changed)
        expect(outbid[0], where(t)).toMatchObject({
          userId: previous,
          price: t.after.price,
          minimumNextBid: minimumNextBid(t.after),
          currency: t.after.rules?.currency,
        });
    }
  });

// ---- (2) a close tells the winner and the seller, or the seller alone; nothing else closes anything ----

/** What a close must tell, worked out from the command and the state before it, not from the event. */
const expectedAtClose = (t: Told): unknown[] => {
  const rules = t.before.rules;
  const seller = rules?.sellerId;
  const leader = t.before.leader;
  const base = { auctionId: t.event.data.auctionId, version: t.version, at: t.event.data.at };
  const sold = (winner: string, price: number | null, buyNow: boolean) => [
    { ...base, kind: 'won', userId: winner, price, buyNow },
    { ...base, kind: 'sold', userId: seller, price, buyNow },
  ];
  if (t.command.type === 'BuyNow')
    return sold(user(t.command.data.buyerId), rules?.buyNowPrice ?? null, true);
  if (leader === null) return [{ ...base, kind: 'unsold', userId: seller, reason: 'no-bids', price: null }];
  if (rules?.reservePrice !== undefined && leader.max < rules.reservePrice)
    return [{ ...base, kind: 'unsold', userId: seller, reason: 'reserve-not-met', price: t.before.price }];
  return sold(leader.bidderId, t.before.price, false);
};

const wonSoldOrUnsoldAtEveryClose = (notify: Notifier) =>
  everyEvent(notify, (told) => {
    for (const t of told) {
      const closing = t.notifications.filter((n) => n.kind !== 'outbid');
      if (t.event.type !== 'AuctionClosed') {
        // A cancellation the rules allow comes before any bid: there is nobody to tell.
        expect(closing, where(t)).toEqual([]);
        continue;
      }
      expect(
        t.notifications.map(({ id: _id, currency: _currency, ...rest }) => rest),
        where(t),
      ).toEqual(expectedAtClose(t));
      for (const n of t.notifications) expect(n.currency, where(t)).toBe(t.before.rules?.currency);
    }
  });

// ---- (3) no other user's id, no amount above the price the public sees ---------------------------------

const FIELDS = new Set([
  'id',
  'kind',
  'userId',
  'auctionId',
  'version',
  'at',
  'currency',
  'price',
  'minimumNextBid',
  'buyNow',
  'reason',
]);

const namesNobodyElseAndKeepsSecrets = (notify: Notifier) =>
  everyEvent(notify, (told) => {
    for (const t of told) {
      const rules = t.after.rules;
      // What the public sees after the event: the sale price once sold, else the visible price.
      const shown = t.after.result?.price ?? t.after.price;
      const secrets = [...t.maxes, t.after.leader?.max, rules?.reservePrice].filter(
        (amount): amount is number => amount !== undefined && (shown === null || amount > shown),
      );
      for (const n of t.notifications) {
        const json = JSON.stringify(n);
        expect(ALL_USERS, where(t)).toContain(n.userId);
        for (const other of ALL_USERS)
          if (other !== n.userId) expect(json, `${where(t)}: names ${other}`).not.toContain(other);
        for (const [key, value] of Object.entries(n)) {
          expect(FIELDS.has(key), `${where(t)}: field ${key}`).toBe(true);
          if (typeof value !== 'number' || key === 'version' || key === 'at') continue;
          // The minimum next bid is public by the rules (it may equal a max by chance): it is the view's.
          if (key === 'minimumNextBid') {
            expect(value, where(t)).toBe(minimumNextBid(t.after));
            continue;
          }
          expect(secrets, `${where(t)}: ${key} = ${value} is a secret`).not.toContain(value);
          expect(value, `${where(t)}: ${key} above the price`).toBeLessThanOrEqual(shown ?? -1);
        }
      }
    }
  });

// ---- (4) stable ids: the same event gives the same notifications; unique ids; a replay gives the same --

/** The auction's events as a store keeps them (JSON), decoded again. */
const stored = (told: readonly Told[]) =>
  told.map((t) => {
    const recorded = JSON.parse(JSON.stringify({ ...t.event, streamVersion: t.version })) as {
      type: string;
      data: unknown;
      streamVersion: number;
    };
    return { ...toAuctionEvent(recorded), streamVersion: recorded.streamVersion };
  });

const stableAndUniqueIds = (notify: Notifier) =>
  everyEvent(notify, (told) => {
    const all: string[] = [];
    for (const t of told) {
      const again = notify({ ...t.event, streamVersion: t.version }, t.before, t.after);
      expect(again, `${where(t)}: asked twice`).toEqual(t.notifications);
      const ids = t.notifications.map((n) => n.id);
      expect(new Set(ids).size, `${where(t)}: ids repeat`).toBe(ids.length);
      all.push(...ids);
    }
    expect(new Set(all).size, 'ids repeat across the history').toBe(all.length);
    // Replaying the whole history from the stored events gives the same sequence.
    let state = initialState();
    const replayed = stored(told).flatMap((event) => {
      const before = state;
      state = evolve(state, event);
      return notify(event, before, state);
    });
    expect(replayed).toEqual(told.flatMap((t) => t.notifications));
  });

// ---- every property fails for a notifier broken the way it guards against --------------------------------

const expectToCatch = (property: fc.IProperty<[Scenario]>, numRuns = 300): void => {
  const details = fc.check(property, { ...seeded(numRuns, false), endOnFailure: true });
  expect(details.failed, 'the property did not catch the broken notifier').toBe(true);
};

/** The real notifier, with `change` applied to each notification it makes. */
const altered =
  (change: (n: AuctionNotification, after: AuctionState) => AuctionNotification): Notifier =>
  (event, before, after) =>
    auctionNotifications(event, before, after).map((n) => change(n, after));

describe('the random auctions', () => {
  it('reach every kind of notification: outbid, won and sold (by bidding and buy-it-now), unsold both ways', () => {
    const seen = new Set<string>();
    for (const scenario of fc.sample(scenarioArb(), { numRuns: 300, seed: 3 }))
      for (const t of play(auctionNotifications, scenario))
        for (const n of t.notifications)
          seen.add(
            n.kind === 'unsold' ? `unsold:${n.reason}` : n.kind === 'won' ? `won:${n.buyNow}` : n.kind,
          );
    expect([...seen].sort()).toEqual(
      ['outbid', 'sold', 'unsold:no-bids', 'unsold:reserve-not-met', 'won:false', 'won:true'].sort(),
    );
  });
});

describe('auctionNotifications: properties', () => {
  it('(1) tells the previous leader once at every change of leader, and nobody otherwise', () => {
    fc.assert(outbidAtEveryChangeOfLeader(auctionNotifications), seeded(300));
  });

  it('(2) tells won and sold, or unsold, at every close, to the right people, and nothing else', () => {
    fc.assert(wonSoldOrUnsoldAtEveryClose(auctionNotifications), seeded(300));
  });

  it('(3) never names another user, nor carries an amount above the price the public sees', () => {
    fc.assert(namesNobodyElseAndKeepsSecrets(auctionNotifications), seeded(300));
  });

  it('(4) gives stable ids, unique in an event and in a history, and the same sequence on replay', () => {
    fc.assert(stableAndUniqueIds(auctionNotifications), seeded(300));
  });

  it('(1) catches an outbid sent to a bidder whom the leader’s proxy answered', () => {
    expectToCatch(
      outbidAtEveryChangeOfLeader((event, before, after) => {
        const told = auctionNotifications(event, before, after);
        if (event.type !== 'BidPlaced' && event.type !== 'MaxBidSet') return told;
        if (after.leader?.bidderId === event.data.bidderId || after.price === null) return told;
        return [
          ...told,
          {
            id: `${event.data.auctionId}@${event.streamVersion}:outbid:bidder`,
            kind: 'outbid',
            userId: event.data.bidderId,
            auctionId: event.data.auctionId,
            version: event.streamVersion,
            at: event.data.at,
            currency: after.rules?.currency ?? '',
            price: after.price,
            minimumNextBid: minimumNextBid(after) ?? 0,
          },
        ];
      }),
    );
  });

  it('(1) catches an outbid sent to the new leader', () => {
    expectToCatch(
      outbidAtEveryChangeOfLeader(
        altered((n, after) => (n.kind === 'outbid' ? { ...n, userId: after.leader?.bidderId ?? '' } : n)),
      ),
    );
  });

  it('(2) catches a buy-it-now that tells the seller but not the buyer', () => {
    expectToCatch(
      wonSoldOrUnsoldAtEveryClose((event, before, after) =>
        auctionNotifications(event, before, after).filter((n) => !(n.kind === 'won' && n.buyNow)),
      ),
    );
  });

  it('(2) catches an unsold close that gives the wrong reason', () => {
    expectToCatch(
      wonSoldOrUnsoldAtEveryClose(altered((n) => (n.kind === 'unsold' ? { ...n, reason: 'no-bids' } : n))),
    );
  });

  it('(3) catches an outbid that shows the new leader’s max', () => {
    expectToCatch(
      namesNobodyElseAndKeepsSecrets(
        altered((n, after) => (n.kind === 'outbid' ? { ...n, price: after.leader?.max ?? n.price } : n)),
      ),
    );
  });

  it('(3) catches a notification that names the new leader, even in its id', () => {
    expectToCatch(
      namesNobodyElseAndKeepsSecrets(
        altered((n, after) => (n.kind === 'outbid' ? { ...n, id: `${n.id}:${after.leader?.bidderId}` } : n)),
      ),
    );
  });

  it('(4) catches ids that change from one call to the next', () => {
    let calls = 0;
    expectToCatch(stableAndUniqueIds(altered((n) => ({ ...n, id: `${n.id}#${++calls}` }))));
  });

  it('(4) catches ids that two notifications of one event share', () => {
    expectToCatch(stableAndUniqueIds(altered((n) => ({ ...n, id: `${n.auctionId}@${n.version}` }))));
  });

  it('(4) catches ids that do not name the event', () => {
    expectToCatch(stableAndUniqueIds(altered((n) => ({ ...n, id: `${n.auctionId}:${n.kind}` }))));
  });
});
