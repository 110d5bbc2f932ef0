import { describe, expect, it } from 'vitest';
import type { AuctionEvent } from '../auction/events';
import { fold } from '../auction/fold';
import { publicView } from '../auction/publicView';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { VersionConflictError } from '../eventStore/versionConflictError';
import { openAuction, placeBid, setMaxBid, spyStore, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

const clockAt = (start = T0 + 1_000) => {
  let now = start;
  return () => now++;
};

const setup = async (auctionId = 'a1') => {
  const store = spyStore(getInMemoryEventStore());
  const service = createAuctionService({
    store,
    clock: clockAt(),
    retry: { initialDelayMs: 0, maxDelayMs: 0 },
  });
  const opened = await service.execute(openAuction(auctionId));
  expect(opened.ok).toBe(true);
  return { store, service };
};

const streamEvents = async (
  store: { readStream: ReturnType<typeof getInMemoryEventStore>['readStream'] },
  id = 'a1',
) => (await store.readStream(`auction-${id}`)).events;

describe('createAuctionService', () => {
  it('answers an accepted command with its events, the new view and the stream version', async () => {
    const { service } = await setup();
    const result = await service.execute(placeBid('a1', 'alice', 100, 'b-1'));
    expect(result).toMatchObject({
      ok: true,
      events: [{ type: 'BidPlaced', data: { bidId: 'b-1', bidderId: 'alice', amount: 100 } }],
      view: { auctionId: 'a1', price: 100, leaderId: 'alice', bidCount: 1, minimumNextBid: 150 },
      version: 2,
    });
    expect(result.ok && result.duplicate).toBeFalsy();
    expect(await service.view('a1')).toEqual(result.ok ? result.view : null);
  });

  it('answers a rejection with its code, the current view and version, and records nothing', async () => {
    const { service, store } = await setup();
    await service.execute(placeBid('a1', 'alice', 100));
    const result = await service.execute(placeBid('a1', 'bob', 120));
    expect(result).toMatchObject({ ok: false, code: 'BID_TOO_LOW', version: 2, view: { price: 100 } });
    expect(await streamEvents(store)).toHaveLength(2);
  });

  it('carries the decision’s details in a rejected answer', async () => {
    const { service } = await setup();
    await service.execute(placeBid('a1', 'alice', 100));
    expect(await service.execute(placeBid('a1', 'bob', 120))).toMatchObject({
      code: 'BID_TOO_LOW',
      details: { minimumNextBid: 150 },
    });
    expect(await service.execute(placeBid('a1', 'bob', 150, 'x'.repeat(200)))).toMatchObject({
      code: 'INVALID_COMMAND',
      details: { field: 'data.bidId', atMost: 128 },
    });
  });

  it('answers INVALID_COMMAND for anything that is not a command, and never throws', async () => {
    const { service } = await setup();
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    const inputs: unknown[] = [
      null,
      undefined,
      42,
      'PlaceBid',
      {},
      { type: 'PlaceBid' },
      { type: 'Nope', data: {} },
      { type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'x' } },
      { type: 'PlaceBid', data: { auctionId: '', bidderId: 'x', amount: 100 } },
      { type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'x', amount: 100, bidId: 'x'.repeat(129) } },
      hostile,
    ];
    for (const input of inputs) {
      // biome-ignore lint/suspicious/noExplicitAny: the point is to pass what the type forbids
      await expect(service.execute(input as any)).resolves.toMatchObject({
        ok: false,
        code: 'INVALID_COMMAND',
      });
    }
  });

  it('answers view for an unknown auction with null', async () => {
    const { service, store } = await setup();
    expect(await service.view('nope')).toBeNull();
    store.reads.length = 0;
    for (const hostile of ['a1\u0000', '\ud800', 'x'.repeat(129)])
      expect(await service.view(hostile)).toBeNull();
    expect(store.reads).toEqual([]);
    expect(await service.execute(placeBid('nope', 'alice', 100))).toMatchObject({
      code: 'AUCTION_NOT_FOUND',
    });
  });

  it('records a retried bidId once and answers it accepted again with the original events', async () => {
    const { service, store } = await setup();
    const first = await service.execute(setMaxBid('a1', 'alice', 500, 'retry-me'));
    await service.execute(placeBid('a1', 'bob', 150, 'other'));
    const again = await service.execute(setMaxBid('a1', 'alice', 500, 'retry-me'));
    expect(again).toMatchObject({
      ok: true,
      duplicate: true,
      version: 3,
      view: { bidCount: 2, leaderId: 'alice' },
    });
    expect(again.ok && again.events).toEqual(first.ok && first.events);
    const ids = (await streamEvents(store)).map((event) => event.eventId);
    expect(ids.filter((id) => id === 'retry-me')).toHaveLength(1);
    expect(await streamEvents(store)).toHaveLength(3);
  });

  it('recognises a bidId recorded by another instance, from the stream', async () => {
    const { service, store } = await setup();
    const other = createAuctionService({ store, clock: clockAt() });
    const first = await service.execute(placeBid('a1', 'alice', 100, 'once'));
    const again = await other.execute(placeBid('a1', 'alice', 100, 'once'));
    expect(again).toMatchObject({ ok: true, duplicate: true, version: 2 });
    expect(again.ok && again.events).toEqual(first.ok && first.events);
    expect(await streamEvents(store)).toHaveLength(2);
  });

  it('refuses a bidId that another bidder already used', async () => {
    const { service } = await setup();
    await service.execute(placeBid('a1', 'alice', 100, 'same'));
    expect(await service.execute(placeBid('a1', 'bob', 500, 'same'))).toMatchObject({
      ok: false,
      code: 'INVALID_COMMAND',
    });
  });

  it('derives event ids from the bidId, for the bid and the events of its decision', async () => {
    const store = getInMemoryEventStore();
    const service = createAuctionService({ store, clock: () => T0 + 86_000_000 });
    await service.execute(openAuction('a1', { softClose: { windowMs: 600_000, extendMs: 600_000 } }));
    const result = await service.execute(placeBid('a1', 'alice', 100, 'late'));
    expect(result.ok && result.events.map((event) => event.type)).toEqual(['BidPlaced', 'AuctionExtended']);
    expect((await streamEvents(store)).slice(1).map((event) => event.eventId)).toEqual(['late', '~1:late']);
    const again = await createAuctionService({ store, clock: () => T0 + 86_000_001 }).execute(
      placeBid('a1', 'alice', 100, 'late'),
    );
    expect(again.ok && again.events.map((event) => event.type)).toEqual(['BidPlaced', 'AuctionExtended']);
  });

  it('records a bid whose bidId looks like another bid’s derived event id', async () => {
    const store = getInMemoryEventStore();
    const service = createAuctionService({ store, clock: () => T0 + 86_000_000 });
    await service.execute(openAuction('a1', { softClose: { windowMs: 600_000, extendMs: 600_000 } }));
    expect(await service.execute(placeBid('a1', 'alice', 100, 'late'))).toMatchObject({ ok: true });
    // `~1:late` is the id of the extension that bid 'late' caused; `~late` escapes to `~~late`; and
    // `late:1` would have been taken under an encoding that appends `:<n>` to the bid's own id.
    for (const [bidId, bidder, amount] of [
      ['~1:late', 'bob', 150],
      ['~late', 'carol', 200],
      ['late:1', 'dave', 250],
    ] as const) {
      const result = await service.execute(placeBid('a1', bidder, amount, bidId));
      expect(result.ok && !result.duplicate, JSON.stringify(result)).toBe(true);
    }
    const ids = (await streamEvents(store)).map((event) => event.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(1)).toEqual(['late', '~1:late', '~~1:late', '~~late', 'late:1']);
  });

  it('gives a bid without bidId a random one, carried by its event', async () => {
    const { service } = await setup();
    const result = await service.execute(placeBid('a1', 'alice', 100));
    const bidId = result.ok
      ? (result.events[0] as Extract<AuctionEvent, { type: 'BidPlaced' }>).data.bidId
      : '';
    expect(bidId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('passes now = clock() to each decision', async () => {
    const { service } = await setup();
    const result = await service.execute(placeBid('a1', 'alice', 100));
    const at = result.ok ? (result.events[0]?.data.at as number) : 0;
    expect(at).toBeGreaterThan(T0 + 1_000);
    const store = getInMemoryEventStore();
    const ended = createAuctionService({ store, clock: () => T0 + 86_400_000 });
    await createAuctionService({ store, clock: () => T0 }).execute(openAuction('a2'));
    expect(await ended.execute(placeBid('a2', 'alice', 100))).toMatchObject({ code: 'AUCTION_ENDED' });
  });
});

describe('group commit', () => {
  it('writes the commands queued behind an in-flight append together, answering each after the write', async () => {
    const { service, store } = await setup();
    const before = store.appends.length;
    store.hold();
    const first = service.execute(placeBid('a1', 'alice', 100, 'q1'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.appends).toHaveLength(before + 1);
    const queued = [
      service.execute(placeBid('a1', 'bob', 150, 'q2')),
      service.execute(placeBid('a1', 'carol', 160, 'q3')),
      service.execute(placeBid('a1', 'dave', 200, 'q4')),
    ];
    let answered = 0;
    for (const answer of queued) void answer.then(() => answered++);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(answered).toBe(0);
    expect(store.appends).toHaveLength(before + 1);
    const firstGate = store.appends.length;
    // release the first append and hold the next: the three queued commands go out in ONE append
    store.release();
    store.hold();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.appends).toHaveLength(firstGate + 1);
    const batch = store.appends.at(-1);
    expect(batch?.events.map((event) => event.eventId)).toEqual(['q2', 'q4']);
    expect(batch?.options.expectedVersion).toBe(2);
    expect(answered).toBe(0);
    store.release();
    const [second, third, fourth] = await Promise.all(queued);
    expect(second).toMatchObject({
      ok: true,
      version: 4,
      view: { leaderId: 'bob', price: 150, bidCount: 2 },
    });
    expect(third).toMatchObject({ ok: false, code: 'BID_TOO_LOW', version: 4, view: { price: 150 } });
    expect(fourth).toMatchObject({
      ok: true,
      version: 4,
      view: { leaderId: 'dave', price: 200, bidCount: 3 },
    });
    expect(service.stats()).toMatchObject({ maxBatchSize: 3 });
  });

  it('caps the batch size', async () => {
    const store = spyStore(getInMemoryEventStore());
    const service = createAuctionService({ store, clock: clockAt(), maxBatchSize: 2 });
    await service.execute(openAuction('a1'));
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, n) => service.execute(placeBid('a1', `bidder-${n}`, 100 + 50 * n))),
    );
    expect(answers.every((answer) => answer.ok)).toBe(true);
    expect(store.appends.slice(1).map((call) => call.events.length)).toEqual([2, 2, 1]);
    expect(answers.map((answer) => answer.view?.bidCount)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps bids for different auctions in separate queues and writes', async () => {
    const store = spyStore(getInMemoryEventStore());
    const service = createAuctionService({ store, clock: clockAt() });
    await Promise.all([service.execute(openAuction('x')), service.execute(openAuction('y'))]);
    await Promise.all([
      service.execute(placeBid('x', 'alice', 100)),
      service.execute(placeBid('y', 'bob', 100)),
    ]);
    expect(store.appends.map((call) => call.streamName)).toEqual([
      'auction-x',
      'auction-y',
      'auction-x',
      'auction-y',
    ]);
  });

  it('answers a bidId repeated inside one batch once recorded, as a duplicate', async () => {
    const { service, store } = await setup();
    const [first, again] = await Promise.all([
      service.execute(placeBid('a1', 'alice', 100, 'twice')),
      service.execute(placeBid('a1', 'alice', 100, 'twice')),
    ]);
    expect(first).toMatchObject({ ok: true });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    expect(await streamEvents(store)).toHaveLength(2);
  });
});

describe('conflicts and failures', () => {
  it('on a conflict reads only the newer events and decides the batch again', async () => {
    const { service, store } = await setup();
    const other = createAuctionService({ store, clock: clockAt() });
    await other.execute(placeBid('a1', 'bob', 100));
    store.reads.length = 0;
    const result = await service.execute(placeBid('a1', 'alice', 150));
    expect(result).toMatchObject({
      ok: true,
      version: 3,
      view: { leaderId: 'alice', price: 150, bidCount: 2 },
    });
    expect(store.reads).toEqual([{ streamName: 'auction-a1', fromVersion: 1 }]);
    expect(service.stats()).toMatchObject({ conflicts: 1 });
  });

  it('re-decides after a conflict: a bid that was high enough may now be too low', async () => {
    const { service, store } = await setup();
    const other = createAuctionService({ store, clock: clockAt() });
    await other.execute(placeBid('a1', 'bob', 300));
    expect(await service.execute(placeBid('a1', 'alice', 150))).toMatchObject({
      ok: false,
      code: 'BID_TOO_LOW',
    });
    expect(fold((await streamEvents(store)).map((e) => e as unknown as AuctionEvent)).leader?.bidderId).toBe(
      'bob',
    );
  });

  it('reads newer events before answering a batch with nothing to write', async () => {
    const store = getInMemoryEventStore();
    const stale = createAuctionService({ store, clock: clockAt() });
    expect(await stale.execute(placeBid('a1', 'alice', 100))).toMatchObject({ code: 'AUCTION_NOT_FOUND' });
    await createAuctionService({ store, clock: clockAt() }).execute(openAuction('a1'));
    expect(await stale.execute(placeBid('a1', 'alice', 100))).toMatchObject({ ok: true, version: 2 });
  });

  it('gives up after maxAttempts appends with CONFLICT_RETRY_EXHAUSTED, writing nothing', async () => {
    const { store } = await setup();
    const service = createAuctionService({
      store,
      clock: clockAt(),
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
    });
    await service.view('a1');
    const before = store.appends.length;
    store.failWith(new VersionConflictError('auction-a1', 1, 2));
    const result = await service.execute(placeBid('a1', 'alice', 100));
    expect(result).toMatchObject({
      ok: false,
      code: 'CONFLICT_RETRY_EXHAUSTED',
      version: 1,
      view: { bidCount: 0 },
    });
    expect(store.appends.length - before).toBe(3);
    expect(await streamEvents(store)).toHaveLength(1);
  });

  it('rejects only the batch on a store error and drops the cache', async () => {
    const { service, store } = await setup();
    store.failWith(new Error('disk on fire'), 1);
    await expect(service.execute(placeBid('a1', 'alice', 100))).rejects.toThrow('disk on fire');
    store.reads.length = 0;
    expect(await service.execute(placeBid('a1', 'alice', 100))).toMatchObject({ ok: true, version: 2 });
    expect(store.reads).toEqual([{ streamName: 'auction-a1', fromVersion: undefined }]);
  });

  it('answers view from the cache plus the newer events', async () => {
    const { service, store } = await setup();
    await createAuctionService({ store, clock: clockAt() }).execute(placeBid('a1', 'bob', 100));
    const events = (await streamEvents(store)).map((e) => ({ type: e.type, data: e.data }) as AuctionEvent);
    expect(await service.view('a1')).toMatchObject({ ...publicView(fold(events)), leaderId: 'bob' });
  });

  it('checks its options', () => {
    const store = getInMemoryEventStore();
    expect(() => createAuctionService({ store, retry: { maxAttempts: 0 } })).toThrow('retry.maxAttempts');
    expect(() => createAuctionService({ store, maxBatchSize: 0 })).toThrow('maxBatchSize');
    expect(() => createAuctionService({ store, maxCachedAuctions: 0 })).toThrow('maxCachedAuctions');
  });

  it('keeps at most maxCachedAuctions auctions cached, forgetting the least recently used', async () => {
    const store = spyStore(getInMemoryEventStore());
    const service = createAuctionService({ store, clock: clockAt(), maxCachedAuctions: 2 });
    const readsOf = (id: string) => store.reads.filter((read) => read.streamName === `auction-${id}`).length;
    for (const id of ['a1', 'a2']) expect((await service.execute(openAuction(id))).ok).toBe(true);
    // Using a1 makes a2 the least recently used, so opening a3 forgets a2, not a1.
    expect((await service.execute(placeBid('a1', 'alice', 100))).ok).toBe(true);
    expect((await service.execute(openAuction('a3'))).ok).toBe(true);
    const before = { a1: readsOf('a1'), a2: readsOf('a2') };
    expect((await service.execute(placeBid('a1', 'bob', 150))).ok).toBe(true);
    expect(readsOf('a1')).toBe(before.a1);
    // a2 was forgotten: a bid on it reads its stream again, and is decided on the right state.
    const answer = await service.execute(placeBid('a2', 'bob', 100));
    expect(answer).toMatchObject({ ok: true, view: { price: 100, leaderId: 'bob' }, version: 2 });
    expect(readsOf('a2')).toBe(before.a2 + 1);
  });
});
