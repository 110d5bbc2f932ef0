import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeAuctionEvent } from '../decoding/decodeAuctionEvent';
import type { EventStore } from '../eventStore/eventStore';
import { EventStoreError } from '../eventStore/eventStoreError';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { VersionConflictError } from '../eventStore/versionConflictError';
import { openAuction, placeBid, type SpyStore, spyStore, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

// Each execute has one deadline, timeoutMs after the call, whatever it waits for (fake timers: the
// times below are exact).

const TIMEOUT_MS = 1_000;
const clock = () => T0 + 1_000;

/** How a call ended, and when: ms after the call (in fake time), its value or its error. */
interface Timed {
  ms?: number;
  value?: unknown;
  error?: unknown;
}

const timed = (promise: Promise<unknown>): Timed => {
  const started = performance.now();
  const outcome: Timed = {};
  promise.then(
    (value) => Object.assign(outcome, { ms: performance.now() - started, value }),
    (error: unknown) => Object.assign(outcome, { ms: performance.now() - started, error }),
  );
  return outcome;
};

const timeout = (mayHaveWritten: boolean) => ({ code: 'TIMEOUT', mayHaveWritten });

/** A service over `store` with auction a1 open. */
const openOn = async (store: EventStore, options: { retry?: object; random?: () => number } = {}) => {
  const service = createAuctionService({ store, clock, timeoutMs: TIMEOUT_MS, ...options });
  expect((await service.execute(openAuction('a1'))).ok).toBe(true);
  return service;
};

/** A service over a spy store, with auction a1 open. */
const setup = async () => {
  const store = spyStore(getInMemoryEventStore());
  return { store, service: await openOn(store) };
};

/** The `bidId` of a bid's event (or a retraction's); undefined for another event. */
const bidIdOf = (recorded: { readonly type: string; readonly data: unknown }): string | undefined => {
  const event = decodeAuctionEvent(recorded);
  return event?.type === 'BidPlaced' || event?.type === 'MaxBidSet' || event?.type === 'BidRetracted'
    ? event.data.bidId
    : undefined;
};

const bidIdsOf = async (store: EventStore) => (await store.readStream('auction-a1')).events.map(bidIdOf);

const appendedBidIds = (store: SpyStore) => store.appends.flatMap((call) => call.events.map(bidIdOf));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the deadline of execute', () => {
  it('answers a call queued behind a hung write at its own deadline, and never writes it', async () => {
    const { store, service } = await setup();
    store.hold();
    const inFlight = timed(service.execute(placeBid('a1', 'ann', 100, 'b-ann')));
    await vi.advanceTimersByTimeAsync(400);
    const queued = timed(service.execute(placeBid('a1', 'bob', 150, 'b-bob')));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 400 - 1);
    expect(inFlight.ms).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(inFlight).toMatchObject({ ms: TIMEOUT_MS, error: timeout(true) });
    expect(inFlight.error).toBeInstanceOf(EventStoreError);
    expect(queued.ms).toBeUndefined();
    await vi.advanceTimersByTimeAsync(400);
    expect(queued).toMatchObject({ ms: TIMEOUT_MS, error: timeout(false) });

    // The hung write goes through late: it was written, the cache follows it, the late one never is.
    store.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(await service.execute(placeBid('a1', 'cy', 150, 'b-cy'))).toMatchObject({ ok: true, version: 3 });
    expect(appendedBidIds(store)).toEqual([undefined, 'b-ann', 'b-cy']);
    expect(await bidIdsOf(store)).toEqual([undefined, 'b-ann', 'b-cy']);
    // A retry of the call that may have been written answers its first outcome, once.
    expect(await service.execute(placeBid('a1', 'ann', 100, 'b-ann'))).toMatchObject({
      ok: true,
      duplicate: true,
    });
    expect(await bidIdsOf(store)).toEqual([undefined, 'b-ann', 'b-cy']);
  });

  it('writes the queued calls still in time and drops the ones past their deadline', async () => {
    const { store, service } = await setup();
    store.hold();
    const inFlight = timed(service.execute(placeBid('a1', 'ann', 100, 'b-ann')));
    await vi.advanceTimersByTimeAsync(100);
    const late = timed(service.execute(placeBid('a1', 'bob', 150, 'b-bob')));
    await vi.advanceTimersByTimeAsync(800);
    const inTime = timed(service.execute(placeBid('a1', 'cy', 200, 'b-cy')));
    await vi.advanceTimersByTimeAsync(300);
    expect(inFlight).toMatchObject({ error: timeout(true) });
    expect(late).toMatchObject({ error: timeout(false) });
    store.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(inTime).toMatchObject({ ms: 300, value: { ok: true, version: 3 } });
    expect(store.appends.map((call) => call.events.length)).toEqual([1, 1, 1]);
    expect(await bidIdsOf(store)).toEqual([undefined, 'b-ann', 'b-cy']);
  });

  it('reads the auction again after a write whose outcome the store could not tell', async () => {
    const spy = spyStore(getInMemoryEventStore());
    let loseAnswer = false;
    // Writes, then answers TIMEOUT, as a store whose answer was lost.
    const store: EventStore = {
      ...spy,
      appendToStream: async (name, events, options) => {
        const result = await spy.appendToStream(name, events, options);
        if (!loseAnswer) return result;
        loseAnswer = false;
        throw new EventStoreError('TIMEOUT', 'no answer', { mayHaveWritten: true });
      },
    };
    const service = await openOn(store);
    spy.hold();
    loseAnswer = true;
    const inFlight = timed(service.execute(placeBid('a1', 'ann', 500, 'b-ann')));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    expect(inFlight).toMatchObject({ error: timeout(true) });
    spy.release();
    await vi.advanceTimersByTimeAsync(0);
    spy.reads.length = 0;
    expect(await service.execute(placeBid('a1', 'bob', 150, 'b-bob'))).toMatchObject({
      ok: false,
      code: 'BID_TOO_LOW',
    });
    // The whole stream, not the events after a stale version; and no append for a bid too low.
    expect(spy.reads).toEqual([{ streamName: 'auction-a1', fromVersion: undefined }]);
    expect(appendedBidIds(spy)).toEqual([undefined, 'b-ann']);
  });

  it('answers a call waiting for its auction to be read, and never writes it', async () => {
    const { store } = await setup();
    const cold = createAuctionService({ store, clock, timeoutMs: TIMEOUT_MS });
    store.holdReads();
    const reading = timed(cold.execute(placeBid('a1', 'ann', 100, 'b-ann')));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    expect(reading).toMatchObject({ ms: TIMEOUT_MS, error: timeout(false) });
    store.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(appendedBidIds(store)).toEqual([undefined]);
    expect(await cold.execute(placeBid('a1', 'bob', 100, 'b-bob'))).toMatchObject({ ok: true, version: 2 });
  });

  it('answers a call retrying after conflicts with backoff, and tries no append after its deadline', async () => {
    const store = spyStore(getInMemoryEventStore());
    const service = await openOn(store, {
      retry: { maxAttempts: 100, initialDelayMs: 300, maxDelayMs: 300 },
      random: () => 0.99,
    });
    store.failWith(new VersionConflictError('auction-a1', 1, 1));
    const retrying = timed(service.execute(placeBid('a1', 'ann', 100, 'b-ann')));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    expect(retrying).toMatchObject({ ms: TIMEOUT_MS, error: timeout(false) });
    const tried = store.appends.length;
    await vi.advanceTimersByTimeAsync(5 * TIMEOUT_MS);
    expect(store.appends.length).toBeLessThanOrEqual(tried + 1);
    expect(await bidIdsOf(store)).toEqual([undefined]);
  });

  it('answers a retried bid whose first outcome is being read back', async () => {
    const { store, service } = await setup();
    expect((await service.execute(placeBid('a1', 'ann', 100, 'b-ann'))).ok).toBe(true);
    store.holdReads();
    const retry = timed(service.execute(placeBid('a1', 'ann', 100, 'b-ann')));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    expect(retry).toMatchObject({ ms: TIMEOUT_MS, error: timeout(false) });
    store.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(retry).toMatchObject({ ms: TIMEOUT_MS, error: timeout(false) });
  });

  it('stops the timer of an auction it forgets, which would keep it in memory', async () => {
    const service = createAuctionService({
      store: getInMemoryEventStore(),
      clock,
      timeoutMs: TIMEOUT_MS,
      maxCachedAuctions: 1,
    });
    expect((await service.execute(openAuction('a1'))).ok).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
    expect((await service.execute(openAuction('a2'))).ok).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('keeps the deadline in real time too (performance.now and the timers are two clocks there)', async () => {
    vi.useRealTimers();
    const store = spyStore(getInMemoryEventStore());
    const service = createAuctionService({ store, clock, timeoutMs: 100 });
    expect((await service.execute(openAuction('a1'))).ok).toBe(true);
    store.hold();
    const inFlight = timed(service.execute(placeBid('a1', 'ann', 100, 'b-ann')));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const queued = timed(service.execute(placeBid('a1', 'bob', 150, 'b-bob')));
    await new Promise((resolve) => setTimeout(resolve, 600));
    for (const call of [inFlight, queued]) {
      expect(call.ms).toBeGreaterThanOrEqual(99);
      expect(call.ms).toBeLessThan(500);
    }
    expect([inFlight.error, queued.error]).toMatchObject([timeout(true), timeout(false)]);
    store.release();
  });
});
