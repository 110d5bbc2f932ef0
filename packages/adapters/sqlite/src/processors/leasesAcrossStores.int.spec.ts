import { describe, expect, it } from 'vitest';
import { sleep, useProcessorTestFiles } from '../../test/processorTestKit';

const { freshPath, open } = useProcessorTestFiles('leases');
const LONG = 60_000;

describe('two store instances on one file', () => {
  it('give each partition exactly one owner when 8 owners race for all of them', async () => {
    const path = freshPath();
    const [a, b] = [open({ path }), open({ path })];
    const processor = 'race';
    await a.processors.register({ processor, partitions: 16, initialCheckpoint: 0n });
    const attempts = Array.from({ length: 8 }, (_, n) => {
      const store = n % 2 === 0 ? a : b;
      return Array.from({ length: 16 }, (_, partition) =>
        store.processors
          .acquire({ processor, owner: `owner-${n}`, partition, leaseMs: LONG })
          .then((lease) => ({ owner: `owner-${n}`, partition, lease })),
      );
    }).flat();
    const answers = await Promise.all(attempts);
    for (let partition = 0; partition < 16; partition++) {
      const winners = answers.filter((answer) => answer.partition === partition && answer.lease !== null);
      expect(winners, `partition ${partition}`).toHaveLength(1);
      expect(winners[0]?.lease).toMatchObject({ token: 1, owner: winners[0]?.owner });
    }
    const beat = await b.processors.heartbeat({ processor, owner: 'observer', leaseMs: LONG });
    for (const lease of beat.leases) {
      const winner = answers.find((answer) => answer.partition === lease.partition && answer.lease !== null);
      expect(lease.owner).toBe(winner?.owner);
    }
  });

  it('fence each other: once B took an expired partition, A’s commit and transaction are refused', async () => {
    const path = freshPath();
    const [a, b] = [open({ path }), open({ path })];
    const processor = 'fence';
    await a.processors.register({ processor, partitions: 2, initialCheckpoint: 0n });
    const first = await a.processors.acquire({ processor, owner: 'a', partition: 1, leaseMs: 100 });
    expect(
      await a.processors.commit({ processor, partition: 1, token: first?.token ?? -1, position: 3n }),
    ).toBe(true);
    expect(await b.processors.acquire({ processor, owner: 'b', partition: 1, leaseMs: LONG })).toBeNull();
    await sleep(150);
    const second = await b.processors.acquire({ processor, owner: 'b', partition: 1, leaseMs: LONG });
    expect(second).toMatchObject({ owner: 'b', token: 2, checkpoint: 3n });

    const stale = { processor, partition: 1, token: first?.token ?? -1, position: 9n };
    expect(await a.processors.commit({ ...stale, changes: { set: [['k', 'stale']] } })).toBe(false);
    let ran = false;
    expect(
      await a.processors.transact(stale, async (tx) => {
        ran = true;
        tx.run('CREATE TABLE never (x)');
      }),
    ).toBe(false);
    expect(ran).toBe(false);
    // A's late heartbeat does not renew what it lost.
    const beat = await a.processors.heartbeat({ processor, owner: 'a', leaseMs: LONG });
    expect(beat.leases[1]).toMatchObject({ owner: 'b', token: 2, checkpoint: 3n });
    expect(await b.processors.readState({ processor, partition: 1 })).toEqual([]);
    expect(await b.processors.commit({ processor, partition: 1, token: 2, position: 4n })).toBe(true);
  });

  it('keep a lease alive across instances by heartbeats, and hand it over once they stop', async () => {
    const path = freshPath();
    const [a, b] = [open({ path }), open({ path })];
    const processor = 'beat';
    await a.processors.register({ processor, partitions: 1, initialCheckpoint: 0n });
    await a.processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: 400 });
    for (let n = 0; n < 6; n++) {
      await sleep(100);
      const beat = await a.processors.heartbeat({ processor, owner: 'a', leaseMs: 400 });
      expect(beat.leases[0]?.expiresAt).toBe(beat.now + 400);
      expect(await b.processors.acquire({ processor, owner: 'b', partition: 0, leaseMs: LONG })).toBeNull();
    }
    const members = await b.processors.heartbeat({ processor, owner: 'b', leaseMs: LONG });
    expect(members.members).toEqual(['a', 'b']);
    await sleep(450);
    expect(await b.processors.acquire({ processor, owner: 'b', partition: 0, leaseMs: LONG })).toMatchObject({
      owner: 'b',
      token: 2,
    });
    const later = await b.processors.heartbeat({ processor, owner: 'b', leaseMs: LONG });
    expect(later.members).toEqual(['b']);
  });

  it('keep registration, checkpoints and state across close and reopen', async () => {
    const path = freshPath();
    const first = open({ path });
    const processor = 'durable';
    await first.processors.register({ processor, partitions: 3, initialCheckpoint: 7n });
    const lease = await first.processors.acquire({ processor, owner: 'a', partition: 2, leaseMs: LONG });
    await first.processors.commit({
      processor,
      partition: 2,
      token: lease?.token ?? -1,
      position: 2n ** 62n,
      changes: { set: [['cursor', '{"n":1}']] },
    });
    await first.close();
    const second = open({ path });
    const beat = await second.processors.heartbeat({ processor, owner: 'b', leaseMs: LONG });
    expect(beat.leases.map((l) => [l.owner, l.token, l.checkpoint])).toEqual([
      [null, 0, 7n],
      [null, 0, 7n],
      ['a', 1, 2n ** 62n],
    ]);
    expect(await second.processors.readState({ processor, partition: 2 })).toEqual([['cursor', '{"n":1}']]);
    await expect(
      second.processors.register({ processor, partitions: 4, initialCheckpoint: 0n }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('answer the same head position: the last committed event of the file', async () => {
    const path = freshPath();
    const [a, b] = [open({ path }), open({ path })];
    expect(await a.processors.headPosition()).toBe(0n);
    const appended = await a.appendToStream(
      'head-1',
      [
        { type: 'T', data: {} },
        { type: 'T', data: {} },
      ],
      {
        expectedVersion: 'no_stream',
      },
    );
    expect(await a.processors.headPosition()).toBe(appended.lastPosition);
    expect(await b.processors.headPosition()).toBe(appended.lastPosition);
  });
});
