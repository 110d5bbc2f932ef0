import { describe, expect, it } from 'vitest';
import { createAuctionService } from '../commandHandling/createAuctionService';
import { EventStoreError } from '../eventStore/eventStoreError';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { TEST_AUCTION_START } from '../testing/openAuctionCommand';
import { manualTime } from '../timing/manualTime';
import { MAX_TIMER_DELAY_MS } from '../timing/scheduler';
import { AuctionCloserError } from './closerError';
import { closeCounts, closedEvents, flakyStore, openEndingAt, spyService } from './closerTestKit';
import { type AuctionCloserOptions, createAuctionCloser } from './createAuctionCloser';

const T0 = TEST_AUCTION_START;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** A store, a service and a closer sharing one manual clock. */
const setup = (options: Partial<AuctionCloserOptions> = {}) => {
  const time = manualTime(T0);
  const inner = getInMemoryEventStore();
  const store = flakyStore(inner);
  const service = createAuctionService({ store, clock: time.clock });
  const errors: AuctionCloserError[] = [];
  const closerService = spyService(service);
  const closer = createAuctionCloser({
    store,
    service: closerService,
    clock: time.clock,
    scheduler: time.scheduler,
    onError: (error) => errors.push(error),
    random: () => 0.5,
    ...options,
  });
  const closed = async (): Promise<string[]> =>
    (await closedEvents(inner)).map((event) => event.data.auctionId);
  return { time, store, service, closer, errors, sent: closerService.commands, closed };
};

describe('createAuctionCloser, on a manual clock', () => {
  it('closes an auction when its end passes, not a millisecond before, with the right outcome', async () => {
    const { time, service, closer, closed, store } = setup();
    await openEndingAt(service, 'lot-1', T0, T0 + 10 * MINUTE);
    await service.execute({ type: 'PlaceBid', data: { auctionId: 'lot-1', bidderId: 'alice', amount: 150 } });
    await closer.start();
    expect(closer.stats()).toMatchObject({ openAuctions: 1, caughtUp: true, closesSent: 0 });

    await time.advanceTo(T0 + 10 * MINUTE - 1);
    expect(await closed()).toEqual([]);
    await time.advanceTo(T0 + 10 * MINUTE);
    const [event] = await closedEvents(store);
    expect(event?.data).toEqual({
      auctionId: 'lot-1',
      at: T0 + 10 * MINUTE,
      outcome: 'sold',
      winnerId: 'alice',
      price: 150,
    });
    expect(closer.stats()).toMatchObject({
      openAuctions: 0,
      closesSent: 1,
      closesRecorded: 1,
      closeLag: { count: 1, p50: 0, p99: 0, max: 0 },
    });
    await closer.stop();
  });

  it('keeps one timer for many auctions and re-arms it as the earliest end changes', async () => {
    const { time, service, closer, closed, sent } = setup();
    for (let i = 0; i < 200; i++)
      await openEndingAt(service, `lot-${i}`, T0, T0 + MINUTE + ((i * 37) % 200) * 1_000);
    await closer.start();
    expect(time.pending()).toBe(1);
    await openEndingAt(service, 'early', T0, T0 + 30_000);
    await openEndingAt(service, 'a ms later', T0, T0 + 30_001);
    await time.settle();
    expect(time.pending()).toBe(1);
    await time.advanceTo(T0 + 30_000);
    expect(await closed()).toEqual(['early']);
    expect(sent).toHaveLength(1);
    await time.advanceTo(T0 + 30_001);
    expect(await closed()).toEqual(['early', 'a ms later']);
    await time.advanceTo(T0 + MINUTE + 100_000);
    expect((await closed()).length).toBe(2 + 101);
    expect(time.pending()).toBe(1);
    await time.advanceTo(T0 + MINUTE + 200_000);
    expect((await closed()).length).toBe(202);
    expect(closer.stats()).toMatchObject({ closesSent: 202, notEnded: 0, closeLag: { count: 202, max: 0 } });
    expect(closer.stats().openAuctions).toBe(0);
    await closer.stop();
  });

  it('follows a soft-close extension that moves the end while the timer is armed', async () => {
    const { time, service, closer, closed, sent } = setup();
    const end = T0 + 10 * MINUTE;
    await openEndingAt(service, 'lot-1', T0, end, { softClose: { windowMs: MINUTE, extendMs: 2 * MINUTE } });
    await closer.start();
    await time.advanceTo(end - 30_000);
    const bid = await service.execute({
      type: 'PlaceBid',
      data: { auctionId: 'lot-1', bidderId: 'alice', amount: 100 },
    });
    expect(bid.ok && bid.events.map((event) => event.type)).toEqual(['BidPlaced', 'AuctionExtended']);
    const newEnd = end - 30_000 + 2 * MINUTE;
    await time.advanceTo(end);
    expect(sent).toEqual([]);
    await time.advanceTo(newEnd - 1);
    expect(await closed()).toEqual([]);
    await time.advanceTo(newEnd);
    expect(await closed()).toEqual(['lot-1']);
    expect(closer.stats()).toMatchObject({ notEnded: 0, closesSent: 1, closesRecorded: 1 });
    await closer.stop();
  });

  it('waits for the new end when the service answers NOT_ENDED for an extension not yet seen', async () => {
    const { time, service, closer, closed, store, sent } = setup();
    const end = T0 + 10 * MINUTE;
    await openEndingAt(service, 'lot-1', T0, end, { softClose: { windowMs: MINUTE, extendMs: 2 * MINUTE } });
    await closer.start();
    store.holdLive('AuctionExtended');
    await time.advanceTo(end - 10_000);
    await service.execute({ type: 'PlaceBid', data: { auctionId: 'lot-1', bidderId: 'alice', amount: 100 } });
    const newEnd = end - 10_000 + 2 * MINUTE;
    await time.advanceTo(end);
    expect(sent).toHaveLength(1);
    expect(closer.stats()).toMatchObject({ notEnded: 1, openAuctions: 1, closesRecorded: 0 });
    await time.advanceTo(newEnd - 1);
    expect(sent).toHaveLength(1);
    await time.advanceTo(newEnd);
    expect(await closed()).toEqual(['lot-1']);
    store.releaseLive();
    await time.settle();
    expect(closer.stats()).toMatchObject({ openAuctions: 0, closesSent: 2, closesRecorded: 1 });
    await closer.stop();
  });

  it('closes the auctions that ended while no closer ran, oldest end first, before start() resolves', async () => {
    const { time, service, closer, sent, closed } = setup({ maxConcurrentCloses: 1 });
    await openEndingAt(service, 'middle', T0, T0 + 2 * MINUTE);
    await openEndingAt(service, 'oldest', T0, T0 + MINUTE);
    await openEndingAt(service, 'future', T0, T0 + DAY);
    await openEndingAt(service, 'newest', T0, T0 + 3 * MINUTE);
    await time.advanceTo(T0 + 10 * MINUTE);
    await closer.start();
    expect(sent.map((command) => command.data.auctionId)).toEqual(['oldest']);
    await time.settle();
    expect(await closed()).toEqual(['oldest', 'middle', 'newest']);
    expect(closer.stats()).toMatchObject({
      openAuctions: 1,
      closesRecorded: 3,
      closeLag: { count: 3, max: 9 * MINUTE },
    });
    await closer.stop();
  });

  it('never arms a timer beyond 2^31 − 1 ms: an auction ending in 90 days closes then, not at once', async () => {
    const { time, service, closer, closed } = setup();
    const end = T0 + 90 * DAY;
    await openEndingAt(service, 'far', T0, end);
    await closer.start();
    await time.advanceTo(T0 + 30 * DAY);
    await time.advanceTo(end - 1);
    expect(await closed()).toEqual([]);
    expect(Math.max(...time.delays)).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
    expect(time.delays).toContain(MAX_TIMER_DELAY_MS);
    await time.advanceTo(end);
    expect(await closed()).toEqual(['far']);
    await closer.stop();
  });

  it('stops tracking cancelled auctions and auctions sold with buy-now', async () => {
    const { time, service, closer, sent } = setup();
    await openEndingAt(service, 'cancelled', T0, T0 + MINUTE);
    await openEndingAt(service, 'bought', T0, T0 + MINUTE, { buyNowPrice: 1_000 });
    await openEndingAt(service, 'open', T0, T0 + 2 * MINUTE);
    await closer.start();
    expect(closer.stats().openAuctions).toBe(3);
    await service.execute({ type: 'CancelAuction', data: { auctionId: 'cancelled', by: 'seller' } });
    await service.execute({ type: 'BuyNow', data: { auctionId: 'bought', buyerId: 'bob' } });
    await time.settle();
    expect(closer.stats().openAuctions).toBe(1);
    await time.advanceTo(T0 + 2 * MINUTE);
    expect(sent.map((command) => command.data.auctionId)).toEqual(['open']);
    await closer.stop();
  });

  it('retries a close that failed in the store with growing backoff, reporting each failure', async () => {
    const time = manualTime(T0);
    const store = getInMemoryEventStore();
    const service = createAuctionService({ store, clock: time.clock });
    let failuresLeft = 3;
    const errors: AuctionCloserError[] = [];
    const closer = createAuctionCloser({
      store,
      clock: time.clock,
      scheduler: time.scheduler,
      random: () => 0.5,
      onError: (error) => errors.push(error),
      service: {
        execute: (command) =>
          failuresLeft-- > 0
            ? Promise.reject(new EventStoreError('UNAVAILABLE', 'database down (test)'))
            : service.execute(command),
      },
    });
    await openEndingAt(service, 'lot-1', T0, T0 + MINUTE);
    await closer.start();
    await time.advanceTo(T0 + MINUTE);
    expect(errors.map(({ code, attempt, retryInMs }) => ({ code, attempt, retryInMs }))).toEqual([
      { code: 'CLOSE_FAILED', attempt: 1, retryInMs: 75 },
    ]);
    await time.advanceTo(T0 + MINUTE + 75 + 150 + 300);
    expect(errors.map(({ attempt, retryInMs }) => [attempt, retryInMs])).toEqual([
      [1, 75],
      [2, 150],
      [3, 300],
    ]);
    expect(errors[0]?.cause).toMatchObject({ code: 'UNAVAILABLE' });
    expect(errors[0]).toBeInstanceOf(Error);
    expect(errors[0]).toBeInstanceOf(AuctionCloserError);
    expect(errors[0]).toMatchObject({ name: 'AuctionCloserError', auctionId: 'lot-1' });
    expect(errors[0]?.message).toMatch(/database down \(test\)/);
    expect(await closeCounts(store)).toEqual(new Map([['lot-1', 1]]));
    expect(closer.stats()).toMatchObject({ closesSent: 4, retries: 3, closesRecorded: 1, openAuctions: 0 });
    await closer.stop();
  });

  it('subscribes again from its last position when the subscription throws, missing and repeating nothing', async () => {
    const { time, service, closer, closed, store, errors } = setup();
    for (let i = 0; i < 10; i++) await openEndingAt(service, `lot-${i}`, T0, T0 + (i + 1) * 1_000);
    store.failAfter(4, 2);
    const started = closer.start();
    await time.advanceTo(T0 + 500);
    await started;
    expect(errors.map((error) => error.code)).toEqual(['SUBSCRIPTION_FAILED', 'SUBSCRIPTION_FAILED']);
    expect(store.subscriptions.map((options) => options.fromPosition)).toEqual([0n, 4n, 8n]);
    expect(closer.stats()).toMatchObject({ openAuctions: 10, resubscriptions: 2 });
    store.breakLive();
    await openEndingAt(service, 'late', T0, T0 + 20_000);
    // The resubscription waits a real backoff (the processor's timers are Node's).
    for (let i = 0; i < 200 && closer.stats().openAuctions < 11; i++)
      await new Promise((r) => setTimeout(r, 10));
    await time.advanceTo(T0 + 20_000);
    expect(errors.map((error) => error.code)).toHaveLength(3);
    expect(store.subscriptions.at(-1)?.fromPosition).toBe(10n);
    expect((await closed()).sort()).toEqual(
      [...Array.from({ length: 10 }, (_, i) => `lot-${i}`), 'late'].sort(),
    );
    await closer.stop();
  });

  it('resumes from its partitions in the store: a restart reads only what came since, and closes what was open', async () => {
    const time = manualTime(T0);
    const store = flakyStore(getInMemoryEventStore());
    const service = createAuctionService({ store, clock: time.clock });
    const make = () => createAuctionCloser({ store, service, clock: time.clock, scheduler: time.scheduler });
    await openEndingAt(service, 'a', T0, T0 + MINUTE);
    await openEndingAt(service, 'b', T0, T0 + 2 * MINUTE);
    const first = make();
    await first.start();
    expect(first.stats().openAuctions).toBe(2);
    await first.stop();
    const readUpTo = first.stats().position;
    expect(readUpTo).toBe(2n);
    await openEndingAt(service, 'c', T0, T0 + 3 * MINUTE);
    await service.execute({ type: 'CancelAuction', data: { auctionId: 'b', by: 'seller' } });
    const second = make();
    const subscribedBefore = store.subscriptions.length;
    await second.start();
    // Every partition resumes at or after what the first run read: nothing before it is read again.
    const resumedFrom = store.subscriptions
      .slice(subscribedBefore)
      .map((options) => options.fromPosition ?? 0n);
    expect(resumedFrom.length).toBeGreaterThan(0);
    for (const from of resumedFrom) expect(from >= readUpTo).toBe(true);
    expect(second.stats().openAuctions).toBe(2);
    await time.advanceTo(T0 + 3 * MINUTE);
    expect(await closeCounts(store)).toEqual(
      new Map([
        ['a', 1],
        ['c', 1],
      ]),
    );
    await second.stop();
  });

  it('shares the auctions between closers: each watches its own partitions, and every auction closes once', async () => {
    const time = manualTime(T0);
    const store = getInMemoryEventStore();
    const service = createAuctionService({ store, clock: time.clock });
    for (let i = 0; i < 40; i++) await openEndingAt(service, `lot-${i}`, T0, T0 + MINUTE + i);
    const make = () =>
      createAuctionCloser({ store, service, clock: time.clock, scheduler: time.scheduler, partitions: 4 });
    const [one, two] = [make(), make()];
    await one.start();
    await two.start();
    for (let step = 1; step <= 40; step++) {
      await time.advanceTo(T0 + step * 50);
      if (one.stats().partitionsOwned.length === 2 && two.stats().partitionsOwned.length === 2) break;
    }
    const owned = [...one.stats().partitionsOwned, ...two.stats().partitionsOwned].sort();
    expect(owned).toEqual([0, 1, 2, 3]);
    expect(one.stats().openAuctions + two.stats().openAuctions).toBe(40);
    expect(one.stats().openAuctions).toBeGreaterThan(0);
    expect(two.stats().openAuctions).toBeGreaterThan(0);
    await time.advanceTo(T0 + 2 * MINUTE);
    const counts = await closeCounts(store);
    expect(counts.size).toBe(40);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    await Promise.all([one.stop(), two.stop()]);
  });

  it('refuses bad options with an InvalidOptionsError naming the option', () => {
    const store = getInMemoryEventStore();
    const service = createAuctionService({ store });
    const invalid = (path: string) =>
      expect.objectContaining({ name: 'InvalidOptionsError', code: 'INVALID_OPTIONS', path });
    expect(() => createAuctionCloser({ store, service, maxConcurrentCloses: 0 })).toThrow(
      invalid('maxConcurrentCloses'),
    );
    expect(() => createAuctionCloser({ store, service, retry: { initialDelayMs: -1 } })).toThrow(
      invalid('retry.initialDelayMs'),
    );
    expect(() => createAuctionCloser({ store, service, retry: { maxAttempts: 3 } })).toThrow(
      invalid('retry.maxAttempts'),
    );
    expect(() => createAuctionCloser({ store, service, partitions: 0 })).toThrow(invalid('partitions'));
    expect(() => createAuctionCloser({ store, service, leaseMs: 1.5 })).toThrow(invalid('leaseMs'));
  });
});
