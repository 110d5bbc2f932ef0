import { expect, it } from 'vitest';
import type { ProcessorStore } from '../processing/processorStore';
import { type ConformanceContext, testEvent, uniqueCategory, uniqueStream } from './conformanceHelpers';

/**
 * For a store whose processors can run work in a database transaction (`processors.transact`): how
 * the suite writes a value inside such a transaction and reads back what was committed.
 */
export interface TransactionProbe {
  /** Writes `value` (under `key`) with the transaction `transact` handed to the work. */
  readonly write: (transaction: unknown, key: string, value: string) => Promise<void>;
  /** The values committed under `key`, in the order written. */
  readonly read: (key: string) => Promise<readonly string[]>;
}

const LEASE_MS = 60_000;
const SHORT_LEASE_MS = 300;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A processor name no other test uses. */
const uniqueProcessor = (): string => uniqueCategory('proc');

/**
 * The processor store of every event store (`store.processors`): partitions, leases with fencing
 * tokens, checkpoints that never move back, partition state written with its checkpoint, membership,
 * release, reset, the head position and, where the store has transactions, `transact`.
 */
export const processorStoreSpecs = (
  { store }: ConformanceContext,
  probe: TransactionProbe | undefined,
): void => {
  const processors = (): ProcessorStore => store().processors;
  const registered = async (partitions = 4, initialCheckpoint = 0n): Promise<string> => {
    const processor = uniqueProcessor();
    await processors().register({ processor, partitions, initialCheckpoint });
    return processor;
  };

  it('registers a processor once: its partitions start at the initial checkpoint, free and unfenced', async () => {
    const processor = await registered(3, 42n);
    await processors().register({ processor, partitions: 3, initialCheckpoint: 99n });
    const beat = await processors().heartbeat({ processor, owner: 'a', leaseMs: LEASE_MS });
    expect(beat.leases.map((lease) => [lease.partition, lease.owner, lease.token, lease.checkpoint])).toEqual(
      [
        [0, null, 0, 42n],
        [1, null, 0, 42n],
        [2, null, 0, 42n],
      ],
    );
    expect(beat.members).toEqual(['a']);
    expect(Number.isFinite(beat.now)).toBe(true);
  });

  it('refuses to register a processor again with another number of partitions', async () => {
    const processor = await registered(4);
    await expect(
      processors().register({ processor, partitions: 8, initialCheckpoint: 0n }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('gives a free partition to one owner at a time; the holder renews it under the same token', async () => {
    const processor = await registered();
    const taken = await processors().acquire({ processor, owner: 'a', partition: 1, leaseMs: LEASE_MS });
    expect(taken).toMatchObject({ partition: 1, owner: 'a', token: 1, checkpoint: 0n });
    expect(await processors().acquire({ processor, owner: 'b', partition: 1, leaseMs: LEASE_MS })).toBeNull();
    const renewed = await processors().acquire({ processor, owner: 'a', partition: 1, leaseMs: LEASE_MS });
    expect(renewed).toMatchObject({ owner: 'a', token: 1 });
    expect((renewed?.expiresAt ?? 0) >= (taken?.expiresAt ?? Number.POSITIVE_INFINITY)).toBe(true);
  });

  it('lets exactly one of 10 racing owners take a free partition', async () => {
    const processor = await registered();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        processors().acquire({ processor, owner: `racer-${n}`, partition: 2, leaseMs: LEASE_MS }),
      ),
    );
    const winners = answers.filter((lease) => lease !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.token).toBe(1);
  });

  it('moves a checkpoint forward only, and only under the current token', async () => {
    const processor = await registered();
    const lease = await processors().acquire({ processor, owner: 'a', partition: 0, leaseMs: LEASE_MS });
    const token = lease?.token ?? -1;
    expect(await processors().commit({ processor, partition: 0, token, position: 10n })).toBe(true);
    expect(await processors().commit({ processor, partition: 0, token, position: 7n })).toBe(true);
    expect(await processors().commit({ processor, partition: 0, token: token + 1, position: 20n })).toBe(
      false,
    );
    const beat = await processors().heartbeat({ processor, owner: 'a', leaseMs: LEASE_MS });
    expect(beat.leases[0]?.checkpoint).toBe(10n);
  });

  it('takes over an expired lease under a new token, and then refuses the stale owner’s commit', async () => {
    const processor = await registered();
    const first = await processors().acquire({
      processor,
      owner: 'a',
      partition: 3,
      leaseMs: SHORT_LEASE_MS,
    });
    expect(await processors().acquire({ processor, owner: 'b', partition: 3, leaseMs: LEASE_MS })).toBeNull();
    await sleep(SHORT_LEASE_MS + 200);
    const second = await processors().acquire({ processor, owner: 'b', partition: 3, leaseMs: LEASE_MS });
    expect(second).toMatchObject({ owner: 'b', token: (first?.token ?? 0) + 1 });
    const stale = { processor, partition: 3, token: first?.token ?? 0, position: 50n };
    expect(await processors().commit({ ...stale, changes: { set: [['k', 'stale']] } })).toBe(false);
    expect(
      await processors().commit({ processor, partition: 3, token: second?.token ?? 0, position: 5n }),
    ).toBe(true);
    const beat = await processors().heartbeat({ processor, owner: 'b', leaseMs: LEASE_MS });
    expect(beat.leases[3]).toMatchObject({ owner: 'b', checkpoint: 5n });
    expect(await processors().readState({ processor, partition: 3 })).toEqual([]);
  });

  it('renews live leases at each heartbeat, but not one that lapsed: that one must be taken again', async () => {
    const processor = await registered();
    await processors().acquire({ processor, owner: 'a', partition: 0, leaseMs: SHORT_LEASE_MS });
    await processors().acquire({ processor, owner: 'a', partition: 1, leaseMs: LEASE_MS });
    for (let i = 0; i < 4; i++) {
      await sleep(SHORT_LEASE_MS / 3);
      await processors().heartbeat({ processor, owner: 'a', leaseMs: SHORT_LEASE_MS });
    }
    // Kept alive past its first lease by the heartbeats.
    expect(await processors().acquire({ processor, owner: 'b', partition: 0, leaseMs: LEASE_MS })).toBeNull();
    await sleep(SHORT_LEASE_MS + 200);
    const beat = await processors().heartbeat({ processor, owner: 'a', leaseMs: LEASE_MS });
    expect(beat.leases[0]?.expiresAt).toBeLessThanOrEqual(beat.now);
    const again = await processors().acquire({ processor, owner: 'a', partition: 0, leaseMs: LEASE_MS });
    expect(again?.token).toBe(2);
  });

  it('lists the live members, sorted; a member that stops beating or leaves drops out', async () => {
    const processor = await registered();
    await processors().heartbeat({ processor, owner: 'm-c', leaseMs: LEASE_MS });
    await processors().heartbeat({ processor, owner: 'm-a', leaseMs: SHORT_LEASE_MS });
    const beat = await processors().heartbeat({ processor, owner: 'm-b', leaseMs: LEASE_MS });
    expect(beat.members).toEqual(['m-a', 'm-b', 'm-c']);
    await processors().release({ processor, owner: 'm-c', partitions: [], leave: true });
    await sleep(SHORT_LEASE_MS + 200);
    const later = await processors().heartbeat({ processor, owner: 'm-b', leaseMs: LEASE_MS });
    expect(later.members).toEqual(['m-b']);
  });

  it('frees a released partition at once, keeping its checkpoint; others’ partitions are left alone', async () => {
    const processor = await registered();
    const lease = await processors().acquire({ processor, owner: 'a', partition: 2, leaseMs: LEASE_MS });
    await processors().acquire({ processor, owner: 'b', partition: 1, leaseMs: LEASE_MS });
    await processors().commit({ processor, partition: 2, token: lease?.token ?? 0, position: 33n });
    await processors().release({ processor, owner: 'a', partitions: [1, 2] });
    const taken = await processors().acquire({ processor, owner: 'c', partition: 2, leaseMs: LEASE_MS });
    expect(taken).toMatchObject({ owner: 'c', token: 2, checkpoint: 33n });
    expect(await processors().acquire({ processor, owner: 'c', partition: 1, leaseMs: LEASE_MS })).toBeNull();
  });

  it('keeps each partition’s state with its checkpoint: set, replace and delete in one commit', async () => {
    const processor = await registered(2);
    const lease = await processors().acquire({ processor, owner: 'a', partition: 0, leaseMs: LEASE_MS });
    const other = await processors().acquire({ processor, owner: 'a', partition: 1, leaseMs: LEASE_MS });
    const token = lease?.token ?? 0;
    const text = 'é 🎉 \u0001 "quoted" \\ {json}';
    await processors().commit({
      processor,
      partition: 0,
      token,
      position: 1n,
      changes: {
        set: [
          ['a', '1'],
          ['b', '2'],
          ['c', text],
        ],
      },
    });
    await processors().commit({
      processor,
      partition: 0,
      token,
      position: 2n,
      changes: { delete: ['a', 'missing'], set: [['b', '22']] },
    });
    await processors().commit({
      processor,
      partition: 1,
      token: other?.token ?? 0,
      position: 2n,
      changes: { set: [['z', '9']] },
    });
    const state = [...(await processors().readState({ processor, partition: 0 }))].sort();
    expect(state).toEqual([
      ['b', '22'],
      ['c', text],
    ]);
    expect(await processors().readState({ processor, partition: 1 })).toEqual([['z', '9']]);
  });

  it('resets a processor: everything is gone and it can be registered anew, with other partitions', async () => {
    const processor = await registered(2);
    const lease = await processors().acquire({ processor, owner: 'a', partition: 0, leaseMs: LEASE_MS });
    await processors().commit({
      processor,
      partition: 0,
      token: lease?.token ?? 0,
      position: 9n,
      changes: { set: [['k', 'v']] },
    });
    await processors().reset(processor);
    await processors().register({ processor, partitions: 3, initialCheckpoint: 0n });
    const beat = await processors().heartbeat({ processor, owner: 'b', leaseMs: LEASE_MS });
    expect(beat.leases.map((l) => [l.owner, l.token, l.checkpoint])).toEqual([
      [null, 0, 0n],
      [null, 0, 0n],
      [null, 0, 0n],
    ]);
    expect(await processors().readState({ processor, partition: 0 })).toEqual([]);
  });

  it('answers a head position at or after every event appended before the call', async () => {
    const stream = uniqueStream();
    const appended = await store().appendToStream(stream, [testEvent(1), testEvent(2)], {
      expectedVersion: 'no_stream',
    });
    expect(await processors().headPosition()).toBeGreaterThanOrEqual(appended.lastPosition);
    const messages = store().subscribe({ fromPosition: await processors().headPosition() });
    const iterator = messages[Symbol.asyncIterator]();
    const first = await iterator.next();
    await iterator.return?.();
    // Nothing of it is delivered again to a subscription from the head.
    expect(first.value).toMatchObject({ type: 'caught-up' });
  });

  it('refuses malformed requests with INVALID_ARGUMENT', async () => {
    const processor = await registered(2);
    const bad: [string, () => Promise<unknown>][] = [
      [
        'name with a space',
        () => processors().register({ processor: 'a b', partitions: 1, initialCheckpoint: 0n }),
      ],
      ['empty name', () => processors().heartbeat({ processor: '', owner: 'a', leaseMs: 1000 })],
      [
        '1025 partitions',
        () =>
          processors().register({ processor: uniqueProcessor(), partitions: 1025, initialCheckpoint: 0n }),
      ],
      [
        'zero partitions',
        () => processors().register({ processor: uniqueProcessor(), partitions: 0, initialCheckpoint: 0n }),
      ],
      [
        'partition out of range',
        () => processors().acquire({ processor, owner: 'a', partition: 2, leaseMs: 1000 }),
      ],
      [
        'negative partition',
        () => processors().acquire({ processor, owner: 'a', partition: -1, leaseMs: 1000 }),
      ],
      ['fractional lease', () => processors().acquire({ processor, owner: 'a', partition: 0, leaseMs: 1.5 })],
      ['empty owner', () => processors().acquire({ processor, owner: '', partition: 0, leaseMs: 1000 })],
      ['lone surrogate owner', () => processors().heartbeat({ processor, owner: '\uD800', leaseMs: 1000 })],
      ['negative position', () => processors().commit({ processor, partition: 0, token: 0, position: -1n })],
      [
        'number position',
        () => processors().commit({ processor, partition: 0, token: 0, position: 1 as unknown as bigint }),
      ],
      [
        'NUL state key',
        () =>
          processors().commit({
            processor,
            partition: 0,
            token: 0,
            position: 1n,
            changes: { set: [['\u0000', 'v']] },
          }),
      ],
      [
        'number state value',
        () =>
          processors().commit({
            processor,
            partition: 0,
            token: 0,
            position: 1n,
            changes: { set: [['k', 1 as unknown as string]] },
          }),
      ],
      [
        'unregistered processor',
        () => processors().acquire({ processor: uniqueProcessor(), owner: 'a', partition: 0, leaseMs: 1000 }),
      ],
    ];
    for (const [what, call] of bad)
      await expect(call(), what).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  if (probe !== undefined) {
    it('runs a transaction’s work and the commit together: both, or neither when fenced or failing', async () => {
      const transact = processors().transact;
      expect(transact).toBeTypeOf('function');
      const processor = await registered(1);
      const key = uniqueProcessor();
      const lease = await processors().acquire({ processor, owner: 'a', partition: 0, leaseMs: LEASE_MS });
      const commit = { processor, partition: 0, token: lease?.token ?? 0, position: 5n };
      expect(await processors().transact?.(commit, (tx) => probe.write(tx, key, 'kept'))).toBe(true);
      const fenced = { ...commit, token: commit.token + 1, position: 8n };
      expect(await processors().transact?.(fenced, (tx) => probe.write(tx, key, 'fenced'))).toBe(false);
      const failing = { ...commit, position: 9n };
      await expect(
        processors().transact?.(failing, async (tx) => {
          await probe.write(tx, key, 'failed');
          throw new Error('the handler failed');
        }),
      ).rejects.toThrow('the handler failed');
      expect(await probe.read(key)).toEqual(['kept']);
      const beat = await processors().heartbeat({ processor, owner: 'a', leaseMs: LEASE_MS });
      expect(beat.leases[0]?.checkpoint).toBe(5n);
    });
  }
};
