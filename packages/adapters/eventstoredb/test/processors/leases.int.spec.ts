import { describe, expect, it } from 'vitest';
import { sleep, uniqueProcessor, useProcessorStores } from './processorTestKit';

const LEASE_MS = 60_000;
const { open } = useProcessorStores();

describe('EventStoreDB processor store: leases across store instances', () => {
  it('lets exactly one of 18 owners on 6 store instances (each its own client) take a free partition', async () => {
    const stores = Array.from({ length: 6 }, () => open());
    const processor = uniqueProcessor('race');
    await stores[0]?.processors.register({ processor, partitions: 2, initialCheckpoint: 0n });
    const answers = await Promise.all(
      stores.flatMap((store, s) =>
        [0, 1, 2].map((n) =>
          store.processors.acquire({ processor, owner: `racer-${s}-${n}`, partition: 1, leaseMs: LEASE_MS }),
        ),
      ),
    );
    const winners = answers.filter((lease) => lease !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ partition: 1, token: 1 });
    const beat = await open().processors.heartbeat({ processor, owner: 'observer', leaseMs: LEASE_MS });
    expect(beat.leases[1]).toMatchObject({ owner: winners[0]?.owner, token: 1 });
  });

  it('fences the old owner after another instance took over: its commit and state are refused', async () => {
    const [first, second, reader] = [open(), open(), open()];
    const processor = uniqueProcessor('fence');
    await first.processors.register({ processor, partitions: 1, initialCheckpoint: 0n });
    const old = await first.processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: 300 });
    const oldCommit = { processor, partition: 0, token: old?.token ?? -1 };
    expect(
      await first.processors.commit({ ...oldCommit, position: 10n, changes: { set: [['kept', '1']] } }),
    ).toBe(true);
    await sleep(500);
    const taken = await second.processors.acquire({ processor, owner: 'b', partition: 0, leaseMs: LEASE_MS });
    expect(taken).toMatchObject({ owner: 'b', token: 2, checkpoint: 10n });
    expect(
      await first.processors.commit({ ...oldCommit, position: 50n, changes: { set: [['stale', '1']] } }),
    ).toBe(false);
    expect(
      await first.processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: LEASE_MS }),
    ).toBeNull();
    const current = { processor, partition: 0, token: taken?.token ?? -1 };
    expect(
      await second.processors.commit({ ...current, position: 20n, changes: { set: [['b', '2']] } }),
    ).toBe(true);
    expect(await first.processors.commit({ ...oldCommit, position: 5n })).toBe(false);
    const beat = await reader.processors.heartbeat({ processor, owner: 'observer', leaseMs: LEASE_MS });
    expect(beat.leases[0]).toMatchObject({ owner: 'b', token: 2, checkpoint: 20n });
    expect([...(await reader.processors.readState({ processor, partition: 0 }))].sort()).toEqual([
      ['b', '2'],
      ['kept', '1'],
    ]);
  });

  it("keeps a lease alive with its owner's heartbeats; another instance takes it once they stop", async () => {
    const [owner, other] = [open(), open()];
    const processor = uniqueProcessor('renew');
    await owner.processors.register({ processor, partitions: 1, initialCheckpoint: 0n });
    const lease = await owner.processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: 600 });
    for (let beat = 0; beat < 6; beat++) {
      await sleep(150);
      const answer = await owner.processors.heartbeat({ processor, owner: 'a', leaseMs: 600 });
      expect(answer.leases[0]).toMatchObject({ owner: 'a', token: lease?.token });
      expect(answer.leases[0]?.expiresAt).toBeGreaterThan(answer.now);
    }
    expect(
      await other.processors.acquire({ processor, owner: 'b', partition: 0, leaseMs: LEASE_MS }),
    ).toBeNull();
    await sleep(800);
    expect(
      await other.processors.acquire({ processor, owner: 'b', partition: 0, leaseMs: LEASE_MS }),
    ).toMatchObject({
      owner: 'b',
      token: 2,
    });
  });

  it("retries a commit that met its own owner's renewal, from another instance: none is lost", async () => {
    const [beating, committing] = [open(), open()];
    const processor = uniqueProcessor('retry');
    await beating.processors.register({ processor, partitions: 1, initialCheckpoint: 0n });
    const lease = await beating.processors.acquire({
      processor,
      owner: 'a',
      partition: 0,
      leaseMs: LEASE_MS,
    });
    const token = lease?.token ?? -1;
    const answers: boolean[] = [];
    for (let n = 1; n <= 15; n++) {
      const [, committed] = await Promise.all([
        beating.processors.heartbeat({ processor, owner: 'a', leaseMs: LEASE_MS }),
        committing.processors.commit({
          processor,
          partition: 0,
          token,
          position: BigInt(n),
          changes: { set: [[`k${n}`, `${n}`]] },
        }),
      ]);
      answers.push(committed);
    }
    expect(answers.every((answer) => answer)).toBe(true);
    const beat = await beating.processors.heartbeat({ processor, owner: 'a', leaseMs: LEASE_MS });
    expect(beat.leases[0]).toMatchObject({ owner: 'a', token, checkpoint: 15n });
    const state = new Map(await beating.processors.readState({ processor, partition: 0 }));
    expect(state.size).toBe(15);
  });

  it('judges leases by its own clock: a clock ahead by more than the lease takes over, fencing still holds', async () => {
    const behind = open();
    const ahead = open({ leaseClock: () => Date.now() + 5_000 });
    const slightlyAhead = open({ leaseClock: () => Date.now() + 200 });
    const processor = uniqueProcessor('skew');
    await behind.processors.register({ processor, partitions: 1, initialCheckpoint: 0n });
    const first = await behind.processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: 2_000 });
    // A skew below the lease (minus the renewal period) leaves a live lease alone.
    expect(
      await slightlyAhead.processors.acquire({ processor, owner: 'c', partition: 0, leaseMs: 2_000 }),
    ).toBeNull();
    // A skew beyond it sees the lease expired and takes it: the old owner's checkpoints are refused.
    const second = await ahead.processors.acquire({ processor, owner: 'b', partition: 0, leaseMs: 2_000 });
    expect(second).toMatchObject({ owner: 'b', token: (first?.token ?? 0) + 1 });
    expect(
      await behind.processors.commit({ processor, partition: 0, token: first?.token ?? -1, position: 9n }),
    ).toBe(false);
  });
});
