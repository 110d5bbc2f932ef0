import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { auctionOffers } from '../auction/auctionOffers';
import type { AuctionCommand, RetractBid } from '../auction/commands';
import { decide } from '../auction/decide';
import type { AuctionEvent } from '../auction/events';
import { fold } from '../auction/fold';
import { publicView } from '../auction/publicView';
import { toAuctionEvent } from '../decoding/toAuctionEvent';
import type { EventStore } from '../eventStore/eventStore';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { replayAuctionHistory } from '../replay/replayAuctionHistory';
import { openAuction, placeBid, setMaxBid, spyStore, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';
import type { ExecuteResult } from './executeResult';

const HOUR = 3_600_000;
/** The fixture auction runs a day from T0: more than 12 h left until T0 + 12 h. */
const LATE = T0 + 20 * HOUR;

const retract = (bidderId: string, reason = 'typo'): RetractBid =>
  ({ type: 'RetractBid', data: { auctionId: 'a1', bidderId, reason } }) as RetractBid;

const streamOf = async (store: EventStore) => (await store.readStream('auction-a1')).events;

/**
 * The stream is a serial history the rules accept, every retraction re-decided with the offers of the
 * events before it; returns the decoded events.
 */
const expectRulesReplay = async (store: EventStore): Promise<AuctionEvent[]> => {
  const stream = await streamOf(store);
  expect(() => replayAuctionHistory(stream)).not.toThrow();
  return stream.map(toAuctionEvent);
};

const setup = async (options: { readonly store?: EventStore } = {}) => {
  let now = T0;
  const store = options.store ?? getInMemoryEventStore();
  const service = createAuctionService({ store, clock: () => now });
  expect((await service.execute(openAuction('a1'))).ok).toBe(true);
  return {
    store,
    service,
    at: (time: number) => {
      now = time;
    },
  };
};

describe('execute(RetractBid) through the batched service', () => {
  it('is decided with the offers read from the stream, once per cached auction, then kept up to date', async () => {
    const { store, service, at } = await setup();
    at(T0 + 1_000);
    await service.execute(setMaxBid('a1', 'ann', 1_000, 'a-1'));
    await service.execute(placeBid('a1', 'bob', 300, 'b-1'));
    await service.execute(setMaxBid('a1', 'bob', 600, 'b-2'));
    expect((await service.view('a1'))?.price).toBe(650);
    const first = await service.execute(retract('bob'));
    expect(first).toMatchObject({
      ok: true,
      version: 5,
      events: [{ type: 'BidRetracted', data: { bidderId: 'bob', scope: 'all', withdrawn: 2, price: 100 } }],
      view: { price: 100, leaderId: 'ann', minimumNextBid: 150, bidCount: 3 },
    });
    expect(service.stats().offerReads).toBe(1);
    // Bids after it move the kept offers on: the next retraction reads nothing more.
    at(LATE);
    await service.execute(setMaxBid('a1', 'cy', 2_000, 'c-1'));
    await service.execute(placeBid('a1', 'bob', 1_200, 'b-3'));
    const second = await service.execute(retract('cy', 'seller-unreachable'));
    expect(second).toMatchObject({
      ok: true,
      events: [{ data: { scope: 'latest', leaderId: 'bob', price: 1_200 } }],
    });
    expect(service.stats().offerReads).toBe(1);
    const events = await expectRulesReplay(store);
    expect(second.ok && second.view).toEqual(publicView(fold(events), LATE));
  });

  it('on a cold service, reads the stream once for state and offers alike', async () => {
    const { store, service, at } = await setup();
    at(T0 + 1_000);
    await service.execute(setMaxBid('a1', 'ann', 1_000, 'a-1'));
    await service.execute(setMaxBid('a1', 'bob', 600, 'b-1'));
    const spied = spyStore(store);
    const cold = createAuctionService({ store: spied, clock: () => T0 + 2_000 });
    expect(await cold.execute(retract('bob'))).toMatchObject({
      ok: true,
      view: { price: 100, leaderId: 'ann' },
    });
    expect(spied.reads).toHaveLength(1);
    expect(cold.stats().offerReads).toBe(1);
  });

  it('answers a refusal with its code and the view, writing nothing', async () => {
    const { store, service, at } = await setup();
    at(T0 + 1_000);
    const refused = await service.execute(retract('ann'));
    expect(refused).toMatchObject({
      ok: false,
      code: 'RETRACTION_NOT_ALLOWED',
      details: { reason: 'no-offer' },
      version: 1,
      view: { auctionId: 'a1', price: null },
    });
    expect((await streamOf(store)).length).toBe(1);
    expect(await service.execute(retract('ann', 'regret'))).toMatchObject({
      ok: false,
      code: 'INVALID_COMMAND',
      details: { field: 'data.reason' },
    });
    expect(await service.execute(retract('ann', 'typo\u0000'))).toMatchObject({
      ok: false,
      code: 'INVALID_COMMAND',
      details: { field: 'data.reason' },
    });
    expect(
      await service.execute({ type: 'RetractBid', data: { auctionId: 'a1', bidderId: 'ann' } } as never),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_COMMAND',
      details: { field: 'data.reason' },
    });
  });

  it('bids alone never read the offers', async () => {
    const store = spyStore(getInMemoryEventStore());
    const { service, at } = await setup({ store });
    at(T0 + 1_000);
    const reads = store.reads.length;
    for (let i = 1; i <= 20; i++)
      await service.execute(placeBid('a1', i % 2 === 0 ? 'ann' : 'bob', 100 + 50 * i));
    expect(store.reads.length).toBe(reads);
    expect(service.stats().offerReads).toBe(0);
  });

  it('in one batch with bids: each command decided in order, the retraction on the offers of those before it', async () => {
    const store = spyStore(getInMemoryEventStore());
    const { service, at } = await setup({ store });
    at(T0 + 1_000);
    await service.execute(setMaxBid('a1', 'ann', 1_000, 'a-1'));
    store.hold();
    const blocker = service.execute(placeBid('a1', 'dee', 150, 'd-1'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Queued behind the write in flight: decided together, in this order.
    const batch = [
      service.execute(setMaxBid('a1', 'bob', 900, 'b-1')),
      service.execute(retract('bob')),
      service.execute(setMaxBid('a1', 'cy', 800, 'c-1')),
      service.execute(retract('ann')),
      service.execute(placeBid('a1', 'bob', 850, 'b-2')),
    ];
    store.release();
    const answers: ExecuteResult[] = await Promise.all([blocker, ...batch]);
    expect(answers.map((answer) => answer.ok)).toEqual([true, true, true, true, true, true]);
    expect(service.stats()).toMatchObject({ offerReads: 1, conflicts: 0 });
    const events = await expectRulesReplay(store);
    expect(events.map((event) => event.type)).toEqual([
      'AuctionOpened',
      'MaxBidSet',
      'BidPlaced',
      'MaxBidSet',
      'BidRetracted',
      'MaxBidSet',
      'BidRetracted',
      'BidPlaced',
    ]);
    expect(publicView(fold(events), T0 + 1_000)).toMatchObject({ price: 850, leaderId: 'bob' });
    expect(answers[5]).toMatchObject({ ok: true, view: { price: 850, leaderId: 'bob' } });
  });

  it('after another instance wrote: reads what it wrote into the kept offers, and decides again', async () => {
    let now = T0 + 1_000;
    const store = getInMemoryEventStore();
    const one = createAuctionService({ store, clock: () => now });
    const two = createAuctionService({ store, clock: () => now });
    await one.execute(openAuction('a1'));
    await one.execute(setMaxBid('a1', 'ann', 1_000, 'a-1'));
    await two.execute(setMaxBid('a1', 'bob', 500, 'b-1'));
    expect(await two.execute(retract('bob'))).toMatchObject({ ok: true });
    expect(two.stats().offerReads).toBe(1);
    // `one` has not seen two's events: its write conflicts, it reads them, then decides again.
    now = LATE;
    await one.execute(setMaxBid('a1', 'cy', 700, 'c-1'));
    // `two` keeps offers: the conflict's read moves them on by cy's max.
    await two.execute(placeBid('a1', 'dee', 900, 'd-1'));
    now = LATE + 5;
    expect(await one.execute(retract('cy'))).toMatchObject({
      ok: true,
      events: [{ data: { scope: 'latest', leaderId: 'ann', runnerUpMax: 900, price: 950 } }],
    });
    // `two` decides on offers that still hold cy: its write conflicts, it reads one's retraction into
    // them, and decides again.
    now = LATE + 10;
    expect(await two.execute(retract('dee'))).toMatchObject({
      ok: true,
      events: [{ data: { scope: 'latest', leaderId: 'ann', runnerUpMax: null, price: 100 } }],
    });
    expect(one.stats()).toMatchObject({ offerReads: 1 });
    expect(two.stats()).toMatchObject({ offerReads: 1 });
    expect(two.stats().conflicts).toBeGreaterThanOrEqual(2);
    const events = await expectRulesReplay(store);
    expect(auctionOffers(events).latestBids.has('cy')).toBe(false);
  });
});

// ---- concurrently with bids: two services, every interleaving of their reads and writes ------------------

/** Every read and append of `inner` waits for the scheduler. */
const scheduledStore = (inner: EventStore, s: fc.Scheduler, label: string): EventStore => ({
  processors: inner.processors,
  readStream: (name, options) =>
    s.schedule(Promise.resolve(), `${label} read`).then(() => inner.readStream(name, options)),
  appendToStream: (name, events, options) =>
    s.schedule(Promise.resolve(), `${label} append`).then(() => inner.appendToStream(name, events, options)),
  subscribe: (options) => inner.subscribe(options),
  close: () => inner.close(),
});

const BIDDERS = ['ann', 'bob', 'cy', 'dee'];
const commandArb: fc.Arbitrary<AuctionCommand> = fc.oneof(
  fc
    .record({
      bidder: fc.constantFrom(...BIDDERS),
      amount: fc.integer({ min: 100, max: 3_000 }),
      straight: fc.boolean(),
    })
    .map(({ bidder, amount, straight }) =>
      straight ? placeBid('a1', bidder, amount) : setMaxBid('a1', bidder, amount),
    ),
  fc.constantFrom(...BIDDERS).map((bidder) => retract(bidder)),
);

describe('RetractBid concurrently with bids (property)', () => {
  it('two services, any interleaving: the stream replays under the rules, retractions included', async () => {
    let acceptedRetractions = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.tuple(fc.boolean(), commandArb, fc.integer({ min: 0, max: 2 * HOUR })), {
          minLength: 1,
          maxLength: 14,
        }),
        async (s, sends) => {
          const inner = getInMemoryEventStore();
          // From 13 h before the end: retractions of every bid first, then of the latest one only.
          let now = T0 + 11 * HOUR;
          const clock = () => now;
          await createAuctionService({ store: inner, clock }).execute(openAuction('a1'));
          const services = [
            createAuctionService({ store: scheduledStore(inner, s, 'one'), clock }),
            createAuctionService({ store: scheduledStore(inner, s, 'two'), clock }),
          ];
          const answers = sends.map(([first, command, ms]) =>
            s.schedule(Promise.resolve(), `send ${command.type}`).then(() => {
              now += ms;
              return services[first ? 0 : 1]?.execute(command) as Promise<ExecuteResult>;
            }),
          );
          await s.waitFor(Promise.all(answers));
          const stream = (await inner.readStream('auction-a1')).events;
          // Every decision recorded, retractions included, is what the rules give after the events before it.
          const states = replayAuctionHistory(stream);
          const recorded = stream.map((event) => JSON.stringify({ type: event.type, data: event.data }));
          for (const answer of await Promise.all(answers)) {
            const first = answer.ok ? answer.events[0] : undefined;
            if (!answer.ok || first?.type !== 'BidRetracted') continue;
            acceptedRetractions++;
            // Recorded exactly once, and answered with the view right after it.
            const index = recorded.indexOf(JSON.stringify(first));
            expect(index).toBeGreaterThan(0);
            expect(recorded.lastIndexOf(JSON.stringify(first))).toBe(index);
            expect(answer.view).toEqual(publicView(states[index] as never, first.data.at));
          }
          // A fresh service decides a retraction on the whole stream as `decide` does with its offers.
          const events = stream.map(toAuctionEvent);
          const holder = BIDDERS.find((bidder) => auctionOffers(events).latestBids.has(bidder)) ?? 'ann';
          const direct = decide(retract(holder), fold(events), now, auctionOffers(events));
          const served = await createAuctionService({ store: inner, clock }).execute(retract(holder));
          expect(served.ok).toBe(direct.ok);
          if (served.ok && direct.ok) expect(served.events).toEqual(direct.events);
          else if (!served.ok && !direct.ok) expect(served.code).toBe(direct.code);
        },
      ),
      seeded(60),
    );
    expect(acceptedRetractions).toBeGreaterThan(0);
  });
});
