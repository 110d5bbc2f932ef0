import { describe, expect, it } from 'vitest';
import { observedStore } from '../../test/observedStore';
import type { EventStore } from '../eventStore/eventStore';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { openAuction, placeBid, setMaxBid, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

// A bidId sent twice in one batch (the commands sent in one turn): recorded once, the second answered
// as the rules for a retry say.

const STREAM = 'auction-a1';

const setup = async (store: EventStore = getInMemoryEventStore()) => {
  const observed = observedStore(store);
  const service = createAuctionService({ store: observed, clock: () => T0 + 1_000 });
  expect((await service.execute(openAuction('a1'))).ok).toBe(true);
  expect((await service.execute(placeBid('a1', 'ann', 100, 'a-1'))).ok).toBe(true);
  observed.reads.length = 0;
  observed.appends.length = 0;
  return { store: observed, service };
};

describe('a bidId repeated inside one batch', () => {
  it('is answered a duplicate of the first, read back from where the batch wrote it', async () => {
    const { store, service } = await setup();
    const [first, again] = await Promise.all([
      service.execute(placeBid('a1', 'bob', 150, 'b-1')),
      service.execute(placeBid('a1', 'bob', 150, 'b-1')),
    ]);
    expect(first).toMatchObject({ ok: true, version: 3 });
    expect(again).toMatchObject({
      ok: true,
      duplicate: true,
      version: 3,
      view: { leaderId: 'bob', price: 150 },
    });
    expect(again.ok && again.events).toEqual(first.ok && first.events);
    expect(store.appends.map((append) => append.events.map((event) => event.eventId))).toEqual([['b-1']]);
    expect(store.reads).toEqual([{ streamName: STREAM, options: { fromVersion: 2, maxCount: 16 } }]);
  });

  it('finds the repeated bid among the other events of the batch', async () => {
    const { store, service } = await setup();
    const answers = await Promise.all([
      service.execute(setMaxBid('a1', 'bob', 1_000, 'b-1')),
      service.execute(placeBid('a1', 'cy', 200, 'c-1')),
      service.execute(placeBid('a1', 'cy', 200, 'c-1')),
    ]);
    expect(answers.map((answer) => answer.ok && (answer.duplicate ?? false))).toEqual([false, false, true]);
    expect(answers[2]).toMatchObject({ version: 4 });
    expect(answers[2]?.ok && answers[2].events).toEqual(answers[1]?.ok && answers[1].events);
    expect(store.reads).toEqual([{ streamName: STREAM, options: { fromVersion: 3, maxCount: 16 } }]);
  });

  it('is refused when another bidder sends it', async () => {
    const { store, service } = await setup();
    const [first, stolen] = await Promise.all([
      service.execute(placeBid('a1', 'bob', 150, 'b-1')),
      service.execute(placeBid('a1', 'eve', 900, 'b-1')),
    ]);
    expect(first).toMatchObject({ ok: true, version: 3 });
    expect(stolen).toEqual({
      ok: false,
      code: 'INVALID_COMMAND',
      message: 'data.bidId is already used by another bidder',
      version: 3,
    });
    expect(store.appends).toHaveLength(1);
  });

  it('is decided again when its first sending was rejected (nothing was recorded)', async () => {
    const { store, service } = await setup();
    const answers = await Promise.all([
      service.execute(placeBid('a1', 'bob', 120, 'b-1')),
      service.execute(placeBid('a1', 'bob', 120, 'b-1')),
      service.execute(placeBid('a1', 'cy', 150, 'c-1')),
    ]);
    expect(answers.map((answer) => answer.ok || answer.code)).toEqual(['BID_TOO_LOW', 'BID_TOO_LOW', true]);
    expect(store.appends.map((append) => append.events.map((event) => event.eventId))).toEqual([['c-1']]);
  });
});
