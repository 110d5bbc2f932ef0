import { afterEach, describe, expect, it, vi } from 'vitest';
import { sql } from '../../test/pgTestEnv';
import { useTestSchema } from '../../test/testSchema';
import type { PostgresEventStore } from '../getPostgresEventStore';

const { open } = useTestSchema('gavel_leases');
/** Separate store instances, each with a pool of its own: as many processes would be. */
const instances = (count: number): PostgresEventStore[] =>
  Array.from({ length: count }, () => open({ poolSize: 3 }));
const LEASE_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tag = (): string => globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12);

const registered = async (store: PostgresEventStore, partitions: number): Promise<string> => {
  const processor = `lease${tag()}`;
  await store.processors.register({ processor, partitions, initialCheckpoint: 0n });
  return processor;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('leases across store instances (separate pools)', () => {
  it('gives each partition to exactly one of 8 instances racing for all of them at once', async () => {
    const stores = instances(8);
    const processor = await registered(stores[0] as PostgresEventStore, 16);
    // Every instance registers too (as every process does at start), then all race for every partition.
    await Promise.all(
      stores.map((store) => store.processors.register({ processor, partitions: 16, initialCheckpoint: 0n })),
    );
    const answers = await Promise.all(
      stores.flatMap((store, n) =>
        Array.from({ length: 16 }, async (_, partition) => ({
          owner: `owner-${n}`,
          partition,
          lease: await store.processors.acquire({
            processor,
            owner: `owner-${n}`,
            partition,
            leaseMs: LEASE_MS,
          }),
        })),
      ),
    );
    const beat = await (stores[0] as PostgresEventStore).processors.heartbeat({
      processor,
      owner: 'observer',
      leaseMs: 1,
    });
    for (let partition = 0; partition < 16; partition++) {
      const winners = answers.filter((answer) => answer.partition === partition && answer.lease !== null);
      expect(winners, `partition ${partition}`).toHaveLength(1);
      expect(winners[0]?.lease?.token).toBe(1);
      expect(beat.leases[partition]).toMatchObject({ owner: winners[0]?.owner, token: 1 });
    }
  });

  it('creates a processor once when many instances register it at the same time', async () => {
    const stores = instances(6);
    const processor = `lease${tag()}`;
    await Promise.all(
      stores.map((store) => store.processors.register({ processor, partitions: 5, initialCheckpoint: 3n })),
    );
    const beat = await (stores[1] as PostgresEventStore).processors.heartbeat({
      processor,
      owner: 'o',
      leaseMs: 1,
    });
    expect(beat.leases.map((lease) => [lease.partition, lease.token, lease.checkpoint])).toEqual(
      [0, 1, 2, 3, 4].map((partition) => [partition, 0, 3n]),
    );
  });

  it('fences a stale owner across instances: its commit and its transaction are refused, the heir’s kept', async () => {
    const [staleStore, heirStore] = instances(2) as [PostgresEventStore, PostgresEventStore];
    const processor = await registered(staleStore, 2);
    const stale = await staleStore.processors.acquire({
      processor,
      owner: 'stale',
      partition: 1,
      leaseMs: 200,
    });
    expect(
      await staleStore.processors.commit({
        processor,
        partition: 1,
        token: stale?.token ?? -1,
        position: 10n,
      }),
    ).toBe(true);
    expect(
      await heirStore.processors.acquire({ processor, owner: 'heir', partition: 1, leaseMs: LEASE_MS }),
    ).toBeNull();
    await sleep(350);
    const heir = await heirStore.processors.acquire({
      processor,
      owner: 'heir',
      partition: 1,
      leaseMs: LEASE_MS,
    });
    expect(heir).toMatchObject({ owner: 'heir', token: (stale?.token ?? 0) + 1, checkpoint: 10n });
    // The stale owner wakes up: its heartbeat renews nothing of the heir's, its writes are refused.
    const beat = await staleStore.processors.heartbeat({ processor, owner: 'stale', leaseMs: LEASE_MS });
    expect(beat.leases[1]).toMatchObject({ owner: 'heir', token: heir?.token });
    const staleCommit = { processor, partition: 1, token: stale?.token ?? -1, position: 20n };
    expect(await staleStore.processors.commit({ ...staleCommit, changes: { set: [['k', 'stale']] } })).toBe(
      false,
    );
    expect(await staleStore.processors.transact(staleCommit, async () => {})).toBe(false);
    expect(
      await heirStore.processors.commit({ processor, partition: 1, token: heir?.token ?? -1, position: 15n }),
    ).toBe(true);
    const after = await heirStore.processors.heartbeat({ processor, owner: 'heir', leaseMs: LEASE_MS });
    expect(after.leases[1]).toMatchObject({ owner: 'heir', checkpoint: 15n });
    expect(await heirStore.processors.readState({ processor, partition: 1 })).toEqual([]);
  });

  it('hands each token to one owner only and never lets a fenced commit through, under churn', async () => {
    const stores = instances(6);
    const partitions = 3;
    const processor = await registered(stores[0] as PostgresEventStore, partitions);
    interface Taken {
      readonly owner: string;
      readonly partition: number;
      readonly token: number;
      readonly at: number;
    }
    const taken: Taken[] = [];
    const accepted: { partition: number; token: number; position: bigint; sentAt: number }[] = [];
    let clock = 0n;
    const until = Date.now() + 2_500;
    await Promise.all(
      stores.map(async (store, n) => {
        const owner = `churn-${n}`;
        const mine = new Map<number, number>();
        while (Date.now() < until) {
          const partition = Math.floor(Math.random() * partitions);
          const roll = Math.random();
          if (roll < 0.4) {
            const lease = await store.processors.acquire({
              processor,
              owner,
              partition,
              leaseMs: 60 + Math.floor(Math.random() * 60),
            });
            if (lease !== null) {
              taken.push({ owner, partition, token: lease.token, at: performance.now() });
              mine.set(partition, lease.token);
            }
          } else if (roll < 0.8 && mine.has(partition)) {
            const token = mine.get(partition) as number;
            const sentAt = performance.now();
            const position = ++clock;
            if (await store.processors.commit({ processor, partition, token, position }))
              accepted.push({ partition, token, position, sentAt });
          } else if (roll < 0.9) {
            await store.processors.release({ processor, owner, partitions: [partition] });
            mine.delete(partition);
          } else await sleep(Math.floor(Math.random() * 80));
        }
      }),
    );
    expect(taken.length).toBeGreaterThan(20);
    expect(accepted.length).toBeGreaterThan(20);
    // A token is handed out once: renewals answer the same token to the same owner only.
    const holders = new Map<string, Set<string>>();
    for (const { partition, token, owner } of taken) {
      const key = `${partition}/${token}`;
      holders.set(key, (holders.get(key) ?? new Set()).add(owner));
    }
    for (const [key, owners] of holders) expect([...owners], key).toHaveLength(1);
    // No commit sent after a newer token was handed out was accepted.
    for (const commit of accepted) {
      const newer = taken.find(
        (t) => t.partition === commit.partition && t.token > commit.token && t.at < commit.sentAt,
      );
      expect(
        newer,
        `commit ${commit.position} of token ${commit.token} after token ${newer?.token}`,
      ).toBeUndefined();
    }
    // Each checkpoint is the highest position accepted for its partition: never moved back.
    const beat = await (stores[0] as PostgresEventStore).processors.heartbeat({
      processor,
      owner: 'observer',
      leaseMs: 1,
    });
    for (let partition = 0; partition < partitions; partition++) {
      const positions = accepted
        .filter((commit) => commit.partition === partition)
        .map((commit) => commit.position);
      const highest = positions.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)).at(-1) ?? 0n;
      expect(beat.leases[partition]?.checkpoint, `partition ${partition}`).toBe(highest);
    }
  });

  it('judges leases by the database’s clock, not by the process’s', async () => {
    const [store, other] = instances(2) as [PostgresEventStore, PostgresEventStore];
    const processor = await registered(store, 1);
    const [now] = await sql<{ db: string }>(
      `SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint::text AS db`,
    );
    const db = now?.db ?? '0';
    // This process's clock is an hour ahead of the database's (as a host with a wrong clock would be).
    vi.spyOn(Date, 'now').mockImplementation(() => Number(db) + 3_600_000);
    const lease = await store.processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: 5_000 });
    const beat = await other.processors.heartbeat({ processor, owner: 'b', leaseMs: 5_000 });
    vi.restoreAllMocks();
    expect(Math.abs(beat.now - Number(db))).toBeLessThan(5_000);
    expect((lease?.expiresAt ?? 0) - beat.now).toBeGreaterThan(3_000);
    expect((lease?.expiresAt ?? 0) - beat.now).toBeLessThanOrEqual(5_000);
    expect(
      await other.processors.acquire({ processor, owner: 'b', partition: 0, leaseMs: 5_000 }),
    ).toBeNull();
  });
});
