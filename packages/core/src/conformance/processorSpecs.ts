import { afterEach, expect, it } from 'vitest';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import { EventStoreError } from '../eventStore/eventStoreError';
import { createProcessor, type Processor } from '../processing/createProcessor';
import { partitionOf } from '../processing/partitionOf';
import type { ProcessorOptions } from '../processing/processorOptions';
import type { ProcessorStore } from '../processing/processorStore';
import { type ConformanceContext, testEvent, uniqueCategory } from './conformanceHelpers';

const LEASE_MS = 800;
const RENEW_MS = 50;
const FAST_RETRY = { initialDelayMs: 5, maxDelayMs: 40 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling; fails after `timeoutMs` with `what`. */
const eventually = async (what: string, check: () => boolean, timeoutMs = 10_000): Promise<number> => {
  const since = Date.now();
  while (!check()) {
    if (Date.now() - since > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(10);
  }
  return Date.now() - since;
};

/** A stream's number of an event `n` of stream `s`, as the test appends them. */
interface Seen {
  readonly processor: string;
  readonly partition: number;
  readonly event: RecordedEvent;
}

/** A processor store that can be made to fail every call from now on: the process "died". */
const crashable = (inner: ProcessorStore): { store: ProcessorStore; crash: () => void } => {
  let crashed = false;
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (crashed) throw new EventStoreError('UNAVAILABLE', 'this process is dead (test)');
      return call(...args);
    };
  return {
    store: {
      register: guard((request) => inner.register(request)),
      heartbeat: guard((request) => inner.heartbeat(request)),
      acquire: guard((request) => inner.acquire(request)),
      commit: guard((request) => inner.commit(request)),
      release: guard((request) => inner.release(request)),
      readState: guard((request) => inner.readState(request)),
      reset: guard((processor) => inner.reset(processor)),
      headPosition: guard(() => inner.headPosition()),
    },
    crash: () => {
      crashed = true;
    },
  };
};

/**
 * Processors on the store (`createProcessor` over `store.processors`): every event handled, none
 * skipped, each stream in order; resume after stop; the batch in hand handled again after a crash; a
 * failing batch retried; a stale owner fenced; a dead owner's partitions taken over within the lease;
 * partitions shared evenly over 2 and 3 owners; `from: 'end'`.
 */
export const processorSpecs = ({ store }: ConformanceContext): void => {
  const running: Processor[] = [];
  const releases: (() => void)[] = [];
  afterEach(async () => {
    for (const release of releases.splice(0)) release();
    await Promise.all(running.splice(0).map((processor) => processor.stop()));
  });

  /** Appends `perStream` events to each of `streams` new streams of `category`, interleaved. */
  const append = async (category: string, streams: number, perStream: number, first = 0): Promise<void> => {
    for (let n = first; n < first + perStream; n++)
      await Promise.all(
        Array.from({ length: streams }, (_, s) =>
          store().appendToStream(`${category}-s${s}`, [testEvent(n)], {
            expectedVersion: n === 0 ? 'no_stream' : n,
          }),
        ),
      );
  };

  const started = (
    options: Omit<ProcessorOptions<never, string>, 'store' | 'handle'> & {
      readonly seen: Seen[];
      readonly label?: string;
      readonly handle?: ProcessorOptions<never, string>['handle'];
      readonly storeOverride?: EventStore;
    },
  ): Processor => {
    const { seen, label = 'p', handle, storeOverride, ...rest } = options;
    const processor = createProcessor<never, string>({
      store: storeOverride ?? store(),
      leaseMs: LEASE_MS,
      renewIntervalMs: RENEW_MS,
      retry: FAST_RETRY,
      onError: () => {},
      ...rest,
      handle: async (events, context) => {
        await handle?.(events, context);
        for (const event of events) seen.push({ processor: label, partition: context.partition, event });
      },
    });
    running.push(processor);
    return processor;
  };

  /** Checks that every one of `streams` streams was seen whole, in stream order in each delivery run. */
  const expectEveryEventInOrder = (
    seen: readonly Seen[],
    category: string,
    streams: number,
    perStream: number,
  ) => {
    const byStream = new Map<string, number[]>();
    for (const { event } of seen) {
      const versions = byStream.get(event.streamName) ?? [];
      versions.push(event.streamVersion);
      byStream.set(event.streamName, versions);
    }
    for (let s = 0; s < streams; s++) {
      const versions = byStream.get(`${category}-s${s}`) ?? [];
      // At least once: every version; in order: each delivery after the first restarts no later than it left off.
      expect(new Set(versions).size, `stream s${s}`).toBe(perStream);
      for (let i = 1; i < versions.length; i++)
        if ((versions[i] as number) <= (versions[i - 1] as number))
          expect(versions.slice(0, i), `stream s${s} repeats only from a redelivery`).toContain(versions[i]);
    }
  };

  it('handles every event, each stream in order, in batches of one partition in global order', async () => {
    const category = uniqueCategory('pc');
    await append(category, 12, 4);
    const seen: Seen[] = [];
    const batches: RecordedEvent[][] = [];
    const processor = started({
      name: category,
      category,
      partitions: 4,
      batchSize: 5,
      seen,
      handle: (events) => {
        batches.push([...events]);
      },
    });
    await processor.start();
    expect(seen).toHaveLength(48);
    expectEveryEventInOrder(seen, category, 12, 4);
    for (const batch of batches) {
      expect(batch.length).toBeGreaterThan(0);
      expect(batch.length).toBeLessThanOrEqual(5);
      const partitions = new Set(batch.map((event) => partitionOf(event.streamName, 4)));
      expect(partitions.size).toBe(1);
      for (let i = 1; i < batch.length; i++)
        expect(
          (batch[i] as RecordedEvent).globalPosition > (batch[i - 1] as RecordedEvent).globalPosition,
        ).toBe(true);
    }
    expect(processor.stats()).toMatchObject({
      name: category,
      partitionsOwned: [0, 1, 2, 3],
      handled: 48,
      caughtUp: true,
    });
    // Live: events appended after the start are handled too.
    await append(category, 12, 1, 4);
    await eventually('the live events are handled', () => seen.length === 60);
  });

  it('resumes after stop from its checkpoints: a new run handles only what came since', async () => {
    const category = uniqueCategory('pr');
    await append(category, 6, 3);
    const first: Seen[] = [];
    const one = started({ name: category, category, partitions: 3, seen: first });
    await one.start();
    await one.stop();
    expect(first).toHaveLength(18);
    await append(category, 6, 2, 3);
    const second: Seen[] = [];
    const two = started({ name: category, category, partitions: 3, seen: second });
    await two.start();
    await eventually('the new events are handled', () => second.length >= 12);
    expect(second.map(({ event }) => event.streamVersion).sort()).toEqual([
      ...Array(6).fill(4),
      ...Array(6).fill(5),
    ]);
  });

  it('handles a failing batch again until it passes: nothing skipped, the failure in stats', async () => {
    const category = uniqueCategory('pf');
    await append(category, 3, 3);
    let failures = 0;
    const seen: Seen[] = [];
    const errors: string[] = [];
    const processor = started({
      name: category,
      category,
      seen,
      batchSize: 2,
      onError: (error) => errors.push(error.code),
      handle: (events) => {
        if (events.some((event) => event.streamVersion === 2) && failures < 3) {
          failures++;
          throw new Error('the read model is down (test)');
        }
      },
    });
    await processor.start();
    expectEveryEventInOrder(seen, category, 3, 3);
    expect(seen).toHaveLength(9);
    expect(errors.filter((code) => code === 'HANDLER_FAILED')).toHaveLength(3);
    expect(processor.stats().retries).toBe(3);
  });

  it('hands the batch in hand of a process that died to the next owner, within the lease', async () => {
    const category = uniqueCategory('pk');
    await append(category, 4, 2);
    const dead = crashable(store().processors);
    const seenByDead: Seen[] = [];
    let inHand: RecordedEvent[] = [];
    const dying = started({
      name: category,
      category,
      seen: seenByDead,
      checkpoints: dead.store as ProcessorStore<never>,
      handle: (events) => {
        inHand = [...events];
        dead.crash();
        return new Promise<void>((resolve) => releases.push(resolve)); // never returns: the process is gone
      },
    });
    void dying.start();
    await eventually('the first batch is in hand', () => inHand.length > 0);
    const crashedAt = Date.now();
    const seen: Seen[] = [];
    const heir = started({ name: category, category, seen, label: 'heir' });
    await heir.start();
    await eventually('the heir handles everything', () => seen.length >= 8);
    expect(Date.now() - crashedAt).toBeLessThan(LEASE_MS + RENEW_MS + 2_000);
    const handledByHeir = seen.map(({ event }) => `${event.streamName}@${event.streamVersion}`);
    for (const event of inHand) expect(handledByHeir).toContain(`${event.streamName}@${event.streamVersion}`);
    expectEveryEventInOrder(seen, category, 4, 2);
  });

  it('fences a stale owner: once another took its partition, its checkpoint is refused and it lets go', async () => {
    const category = uniqueCategory('pz');
    await append(category, 2, 1);
    const held: (() => void)[] = [];
    let freeze = false;
    const inner = store().processors;
    // The stale owner's store calls wait while it is "frozen" (a long pause, e.g. a GC or a stopped VM).
    const frozen: ProcessorStore<never> = {
      ...(inner as ProcessorStore<never>),
      heartbeat: async (request) => {
        if (freeze) await new Promise<void>((resolve) => held.push(resolve));
        return inner.heartbeat(request);
      },
      commit: async (request) => {
        if (freeze) await new Promise<void>((resolve) => held.push(resolve));
        return inner.commit(request);
      },
    };
    releases.push(() => {
      for (const release of held.splice(0)) release();
    });
    const staleSeen: Seen[] = [];
    const stale = started({ name: category, category, seen: staleSeen, checkpoints: frozen, label: 'stale' });
    await stale.start();
    freeze = true;
    await append(category, 2, 1, 1); // the stale owner handles these, then waits to commit
    await eventually('the stale owner waits to commit', () => held.length > 0);
    const seen: Seen[] = [];
    const heir = started({ name: category, category, seen, label: 'heir' });
    await heir.start();
    await eventually('the heir handles the new events', () => seen.length >= 2);
    freeze = false;
    for (const release of held.splice(0)) release();
    await eventually('the stale owner lets go', () => stale.stats().partitionsOwned.length === 0);
    // Its refused checkpoint did not move the heir's back; it leaves for good (else, alive again, it
    // could rightly be given the partition back by the even share).
    await stale.stop();
    const lastHandled = () => seen[seen.length - 1]?.event.globalPosition ?? 0n;
    const checkpoint = async () =>
      (await inner.heartbeat({ processor: category, owner: heir.stats().owner, leaseMs: LEASE_MS })).leases[0]
        ?.checkpoint ?? -1n;
    await append(category, 2, 1, 2);
    await eventually('the heir handles what came after', () => seen.length >= 4);
    expect(staleSeen.filter(({ event }) => event.streamVersion === 3)).toEqual([]);
    const until = Date.now() + 5_000;
    while ((await checkpoint()) < lastHandled() && Date.now() < until) await sleep(20);
    expect(await checkpoint()).toBeGreaterThanOrEqual(lastHandled());
  });

  it('shares the partitions evenly over 2 and 3 owners; a stopped owner’s are taken at once', async () => {
    const category = uniqueCategory('ps');
    await append(category, 8, 1);
    const seen: Seen[] = [];
    const owners = [0, 1, 2].map((n) =>
      started({ name: category, category, partitions: 6, seen, label: `o${n}` }),
    );
    await owners[0]?.start();
    await owners[1]?.start();
    const owned = (processors: readonly Processor[]) =>
      processors.map((p) => p.stats().partitionsOwned.length);
    await eventually(
      'two owners share 6 partitions 3 and 3',
      () => owned(owners.slice(0, 2)).join() === '3,3',
    );
    await owners[2]?.start();
    await eventually('three owners share them 2, 2, 2', () => owned(owners).join() === '2,2,2');
    const all = owners.flatMap((p) => p.stats().partitionsOwned).sort();
    expect(all).toEqual([0, 1, 2, 3, 4, 5]);
    const stoppedAt = Date.now();
    await owners[1]?.stop();
    await eventually(
      'the other two take the stopped one’s share',
      () => owned([owners[0] as Processor, owners[2] as Processor]).join() === '3,3',
    );
    expect(Date.now() - stoppedAt).toBeLessThan(LEASE_MS);
    expectEveryEventInOrder(seen, category, 8, 1);
  });

  it("starts a new processor at the store's end with from: 'end', and keeps that start", async () => {
    const category = uniqueCategory('pe');
    await append(category, 3, 2);
    const seen: Seen[] = [];
    const processor = started({ name: category, category, from: 'end', seen });
    await processor.start();
    expect(seen).toEqual([]);
    await append(category, 3, 1, 2);
    await eventually('the new events are handled', () => seen.length === 3);
    await processor.stop();
    const again: Seen[] = [];
    const restarted = started({ name: category, category, from: 'end', seen: again });
    await restarted.start();
    await append(category, 3, 1, 3);
    await eventually('only the newest are handled after a restart', () => again.length === 3);
    expect(again.every(({ event }) => event.streamVersion === 4)).toBe(true);
  });
};
