import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { VersionConflictError } from '../eventStore/versionConflictError';
import { openAuction, placeBid, spyStore, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';
import { emptyServiceStats } from './serviceStats';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

const setup = async (options: { maxAttempts?: number } = {}) => {
  const store = spyStore(getInMemoryEventStore());
  let now = T0 + 1_000;
  const service = createAuctionService({
    store,
    clock: () => now++,
    retry: { maxAttempts: options.maxAttempts ?? 10, initialDelayMs: 0, maxDelayMs: 0 },
  });
  expect((await service.execute(openAuction('a1'))).ok).toBe(true);
  return { store, service };
};

describe('the service’s counters', () => {
  it('start at zero', () => {
    const service = createAuctionService({ store: getInMemoryEventStore() });
    expect(service.stats()).toEqual(emptyServiceStats());
    expect(emptyServiceStats()).toEqual({
      commands: 0,
      appends: 0,
      batches: 0,
      batchedCommands: 0,
      maxBatchSize: 0,
      conflicts: 0,
      exhausted: 0,
      bidLookups: 0,
      offerReads: 0,
    });
  });

  it('count commands, appends, writes, the commands they carried and the largest batch', async () => {
    const { store, service } = await setup();
    store.hold();
    const first = service.execute(placeBid('a1', 'ann', 100, 'b1'));
    await tick();
    const queued = [
      service.execute(placeBid('a1', 'bob', 150, 'b2')),
      service.execute(placeBid('a1', 'cy', 120, 'b3')), // too low: carried by the write, writes nothing
      service.execute(placeBid('a1', 'dan', 200, 'b4')),
    ];
    store.release();
    await Promise.all([first, ...queued]);
    expect(await service.execute({ type: 'PlaceBid' } as never)).toMatchObject({ code: 'INVALID_COMMAND' });
    expect(service.stats()).toEqual({
      commands: 6,
      appends: 3,
      batches: 3,
      batchedCommands: 5,
      maxBatchSize: 3,
      conflicts: 0,
      exhausted: 0,
      bidLookups: 0,
      offerReads: 0,
    });
  });

  it('keep the largest batch when a smaller one follows', async () => {
    const { service } = await setup();
    await Promise.all([
      service.execute(placeBid('a1', 'ann', 100)),
      service.execute(placeBid('a1', 'bob', 150)),
    ]);
    await service.execute(placeBid('a1', 'cy', 200));
    expect(service.stats()).toMatchObject({ batches: 3, batchedCommands: 4, maxBatchSize: 2 });
  });

  it('count a conflict per refused append and the commands given up on', async () => {
    const { store, service } = await setup({ maxAttempts: 3 });
    store.failWith(new VersionConflictError('auction-a1', 1, 2));
    const answers = await Promise.all([
      service.execute(placeBid('a1', 'ann', 100)),
      service.execute(placeBid('a1', 'bob', 150)),
    ]);
    expect(answers.map((answer) => answer.ok || answer.code)).toEqual([
      'CONFLICT_RETRY_EXHAUSTED',
      'CONFLICT_RETRY_EXHAUSTED',
    ]);
    expect(service.stats()).toMatchObject({
      commands: 3,
      appends: 4,
      batches: 1,
      conflicts: 3,
      exhausted: 2,
    });
  });

  it('are a copy: changing one changes nothing', async () => {
    const { service } = await setup();
    const stats = service.stats();
    stats.commands = 99;
    expect(service.stats().commands).toBe(1);
  });
});
