import { describe, expect, it } from 'vitest';
import { createAuctionService } from '../commandHandling/createAuctionService';
import type { RecordedEvent } from '../eventStore/eventStore';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { openAuctionCommand, TEST_AUCTION_START } from '../testing/openAuctionCommand';
import { createPartitionPublicProjections, type PublicBatchChange } from './partitionPublicProjections';

const mask = (auctionId: string, bidderId: string): string => `${auctionId.length}:${bidderId.toUpperCase()}`;

/** A store with two auctions bid on, and every event in global order. */
const history = async () => {
  const store = getInMemoryEventStore();
  let now = TEST_AUCTION_START;
  const service = createAuctionService({ store, clock: () => now });
  for (const id of ['a', 'b']) await service.execute(openAuctionCommand(id));
  for (const [id, bidderId, maxAmount] of [
    ['a', 'ann', 300],
    ['b', 'bob', 200],
    ['a', 'cy', 250],
    ['a', 'cy', 400],
    ['b', 'ann', 500],
  ] as const) {
    now += 1_000;
    const result = await service.execute({ type: 'SetMaxBid', data: { auctionId: id, bidderId, maxAmount } });
    expect(result.ok).toBe(true);
  }
  const events: RecordedEvent[] = [];
  for (const id of ['a', 'b']) events.push(...(await store.readStream(`auction-${id}`)).events);
  events.sort((x, y) => Number(x.globalPosition - y.globalPosition));
  return { store, events };
};

const ids = (changes: readonly PublicBatchChange[]) =>
  changes.map(({ event, change }) => `${event.streamName}@${change.version}`);

/** A state writer over a map, as a processor hands one to its handler. */
const writerOf = (state: Map<string, string>) => ({
  set: (key: string, value: string) => void state.set(key, value),
  delete: (key: string) => void state.delete(key),
});

describe('createPartitionPublicProjections', () => {
  it('makes the same changes in batches, across a restart from the saved state, as in one pass', async () => {
    const { store, events } = await history();
    const whole = createPartitionPublicProjections({ store, mask });
    whole.assign(0, new Map());
    const once = await whole.project(0, events);

    const state = new Map<string, string>();
    const changes: PublicBatchChange[] = [];
    for (const [from, to] of [
      [0, 3],
      [3, 5],
      [5, events.length],
    ] as const) {
      // A new owner for each batch: it knows only what the last one kept in the partition's state.
      const projections = createPartitionPublicProjections({ store, mask });
      projections.assign(0, new Map(state));
      const batch = await projections.project(0, events.slice(from, to));
      changes.push(...batch.changes);
      batch.keep(writerOf(state));
    }
    expect(changes).toEqual(once.changes);
    expect(ids(once.changes).length).toBeGreaterThan(4);
    // No raw bidder id in what the public sees.
    expect(JSON.stringify(once.changes.map(({ change }) => change))).not.toMatch(/"(ann|bob|cy)"/);
  });

  it('keeps nothing until keep, skips what it folded, and folds from the store an auction met late', async () => {
    const { store, events } = await history();
    const projections = createPartitionPublicProjections({ store, mask });
    projections.assign(0, new Map());
    const first = await projections.project(0, events.slice(0, 4));
    // Not kept: the same batch makes the same changes again.
    expect(ids((await projections.project(0, events.slice(0, 4))).changes)).toEqual(ids(first.changes));
    const state = new Map<string, string>();
    first.keep(writerOf(state));
    expect([...state.keys()].sort()).toEqual(['auction-a', 'auction-b']);
    // Kept: those events are folded already and make nothing.
    expect((await projections.project(0, events.slice(0, 4))).changes).toEqual([]);

    // A projection that starts at the last event folds the stream before it from the store.
    const late = createPartitionPublicProjections({ store, mask });
    late.assign(0, new Map([['auction-a', 'not a projection']]));
    const last = events.filter((event) => event.streamName === 'auction-a').at(-1) as RecordedEvent;
    const fromScratch = createPartitionPublicProjections({ store, mask });
    fromScratch.assign(0, new Map());
    const all = await fromScratch.project(0, events);
    expect((await late.project(0, [last])).changes).toEqual(
      all.changes.filter(({ event }) => event.eventId === last.eventId),
    );
  });
});
