import { describe, expect, it } from 'vitest';
import { realServerUrl } from '../testServer';
import { uniqueProcessor, useProcessorStores } from './processorTestKit';

const LEASE_MS = 60_000;
const { open, server, rawEvents } = useProcessorStores();
const onStandIn = realServerUrl === undefined;

/** A processor of one partition taken by 'a': its commit, as a closer would use it. */
const onePartition = async (processor = uniqueProcessor('state')) => {
  const store = open();
  await store.processors.register({ processor, partitions: 1, initialCheckpoint: 0n });
  const lease = await store.processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: LEASE_MS });
  let position = 0n;
  const commit = (set: [string, string][], deleted: string[] = []) =>
    store.processors.commit({
      processor,
      partition: 0,
      token: lease?.token ?? -1,
      position: ++position,
      changes: { set, delete: deleted },
    });
  return { store, processor, commit };
};

describe('EventStoreDB processor store: partition state', () => {
  it.skipIf(!onStandIn)(
    'reads the state at a cost that follows the state, not the number of commits made before',
    async () => {
      const { store, processor, commit } = await onePartition();
      // A closer's partition: 300 open auctions, then commits that open 3 and close 2 at a time.
      const expected = new Map<string, string>();
      for (let batch = 0; batch < 6; batch++) {
        const set: [string, string][] = Array.from({ length: 50 }, (_, n) => [
          `auction-${batch * 50 + n}`,
          `${Date.now() + n}`,
        ]);
        for (const [key, value] of set) expected.set(key, value);
        await commit(set);
      }
      let next = 300;
      const readCost: number[] = [];
      for (let round = 1; round <= 4; round++) {
        for (let n = 0; n < 60; n++) {
          const set: [string, string][] = [0, 1, 2].map((k) => [
            `auction-${next + k}`,
            `deadline ${next + k}`,
          ]);
          const deleted = [`auction-${next - 300}`, `auction-${next - 299}`];
          next += 3;
          for (const key of deleted) expected.delete(key);
          for (const [key, value] of set) expected.set(key, value);
          await commit(set, deleted);
        }
        const before = server.standIn()?.eventsRead() ?? 0;
        const state = await store.processors.readState({ processor, partition: 0 });
        readCost.push((server.standIn()?.eventsRead() ?? 0) - before);
        expect(new Map(state)).toEqual(expected);
      }
      // 246 commits in all; each read takes the registry and lease records, the last snapshot and the
      // changes since it (the budget allows ~100 small records): flat, whatever came before.
      expect(Math.max(...readCost)).toBeLessThan(120);
      expect(readCost.at(-1)).toBeLessThan((readCost[0] as number) + 120);
    },
    120_000,
  );

  it('keeps a value of the largest size the port allows, in parts, exactly', async () => {
    const { store, processor, commit } = await onePartition();
    const huge = `${'🎉'.repeat(100_000)}${'"\\\u0001é'.repeat(300_000)}`.slice(0, 1 << 20);
    expect(huge.length).toBe(1 << 20);
    expect(
      await commit([
        ['huge', huge],
        ['small', 's'],
      ]),
    ).toBe(true);
    expect(await commit([['other', 'o']], ['small'])).toBe(true);
    const state = new Map(await store.processors.readState({ processor, partition: 0 }));
    expect(state.get('huge') === huge).toBe(true);
    expect([...state.keys()].sort()).toEqual(['huge', 'other']);
  });

  it('truncates the state stream before each snapshot ($tb), and keeps lease streams short ($maxCount)', async () => {
    const { store, processor, commit } = await onePartition();
    const big = 'x'.repeat(20_000);
    for (let n = 0; n < 6; n++) await commit([[`k${n}`, big]]); // past the changes budget: snapshots
    for (let n = 0; n < 25; n++)
      await store.processors.heartbeat({ processor, owner: 'a', leaseMs: LEASE_MS });
    const stateEvents = await rawEvents(`gavel.processor-${processor}/1/state-0`);
    expect(stateEvents[0]?.type).toBe('PartitionStateSnapshot');
    expect(Number(stateEvents[0]?.revision)).toBeGreaterThan(0);
    const leaseEvents = await rawEvents(`gavel.processor-${processor}/1/partition-0`);
    expect(leaseEvents.length).toBeLessThanOrEqual(10);
    expect(Number(leaseEvents.at(-1)?.revision)).toBeGreaterThanOrEqual(30);
    expect(new Map(await store.processors.readState({ processor, partition: 0 })).size).toBe(6);
  });

  it('drops a reset generation’s streams ($tb past their end) and starts the next from scratch', async () => {
    const { store, processor, commit } = await onePartition();
    await commit([['k', 'v']]);
    await store.processors.heartbeat({ processor, owner: 'a', leaseMs: LEASE_MS });
    await store.processors.reset(processor);
    for (const stream of ['members', 'partition-0', 'state-0'])
      expect(await rawEvents(`gavel.processor-${processor}/1/${stream}`), stream).toEqual([]);
    await store.processors.register({ processor, partitions: 2, initialCheckpoint: 7n });
    const beat = await open().processors.heartbeat({ processor, owner: 'b', leaseMs: LEASE_MS });
    expect(beat.leases.map((lease) => [lease.token, lease.checkpoint])).toEqual([
      [0, 7n],
      [0, 7n],
    ]);
    expect(await store.processors.readState({ processor, partition: 0 })).toEqual([]);
  });
});
