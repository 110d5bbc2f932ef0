import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { openAuction, placeBid, spyStore, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

// After a version conflict the service reads what the other writer wrote, waits a jittered backoff
// (`retryDelay`, drawn with the `random` option), and decides the batch again.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A service that waits `delayMs` before its first retry, with auction a1 open, and a second instance. */
const setup = async (delayMs: number) => {
  const store = spyStore(getInMemoryEventStore());
  const service = createAuctionService({
    store,
    clock: () => T0 + 1_000,
    // The first retry waits floor(random · min(maxDelayMs, initialDelayMs)) = delayMs.
    random: () => 0.5,
    retry: { initialDelayMs: 2 * delayMs, maxDelayMs: 2 * delayMs },
  });
  expect((await service.execute(openAuction('a1'))).ok).toBe(true);
  return { store, service, other: createAuctionService({ store, clock: () => T0 + 2_000 }) };
};

describe('the backoff after a conflict', () => {
  it('waits before deciding the batch again', async () => {
    const { store, service, other } = await setup(300);
    await other.execute(placeBid('a1', 'bob', 100));
    const appends = store.appends.length;
    const started = Date.now();
    const answer = service.execute(placeBid('a1', 'ann', 150));
    await sleep(100);
    expect(store.appends.length - appends).toBe(1); // the refused append only: still waiting
    expect(await answer).toMatchObject({ ok: true, version: 3, view: { leaderId: 'ann' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(store.appends.length - appends).toBe(2);
  });

  it('does not wait when the backoff is zero', async () => {
    const { store, service, other } = await setup(0);
    await other.execute(placeBid('a1', 'bob', 100));
    const appends = store.appends.length;
    const answer = service.execute(placeBid('a1', 'ann', 150));
    await sleep(0);
    await sleep(0);
    expect(store.appends.length - appends).toBe(2);
    expect(await answer).toMatchObject({ ok: true, version: 3 });
  });

  it('reads what others wrote while it waited before answering a batch that then has nothing to write', async () => {
    const { service, other } = await setup(200);
    await other.execute(placeBid('a1', 'bob', 100));
    // 120 is enough on the cached state; after the conflict bob leads at 100 and 150 is the minimum.
    const answer = service.execute(placeBid('a1', 'cy', 120));
    await sleep(50);
    await other.execute(placeBid('a1', 'dan', 150)); // during the backoff
    expect(await answer).toMatchObject({
      ok: false,
      code: 'BID_TOO_LOW',
      version: 3,
      view: { price: 150, leaderId: 'dan' },
      details: { minimumNextBid: 200 },
    });
  });
});
