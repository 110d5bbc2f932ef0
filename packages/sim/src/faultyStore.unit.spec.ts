import { getInMemoryEventStore, isEventStoreError } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { type FaultSettings, NO_FAULTS } from './faultSettings';
import { createFaultyStore } from './faultyStore';
import { createPrng } from './prng';
import { createSimTime } from './simTime';
import { createTrace } from './trace';

const setUp = (settings: Partial<FaultSettings>, seed = 1) => {
  const time = createSimTime(0);
  const database = getInMemoryEventStore({ clock: time.clock });
  const scope = time.scope();
  const faults = { on: true };
  const store = createFaultyStore({
    store: database,
    time,
    scope,
    prng: createPrng(seed),
    settings: { ...NO_FAULTS, ...settings },
    faults,
    trace: createTrace(),
    label: 'p1',
  });
  /** Runs the simulated time until nothing is due, letting promises settle after each timer. */
  const runAll = async (): Promise<void> => {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!time.runNext(Number.POSITIVE_INFINITY)) break;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return { time, database, scope, faults, store, runAll };
};

const event = (n: number) => [{ type: 'T', data: { n }, eventId: `e${n}` }];

/** The outcome of a call once settled: 'ok', or the error's code and `mayHaveWritten`. */
const outcome = (call: Promise<unknown>) =>
  call.then(
    () => 'ok',
    (error: unknown) =>
      isEventStoreError(error) ? `${error.code}${error.mayHaveWritten ? '+maybe' : ''}` : 'other',
  );

describe('createFaultyStore', () => {
  it('passes calls through when the faults are off', async () => {
    const { store, database, faults } = setUp({ unavailable: 1 });
    faults.on = false;
    await store.appendToStream('s-1', event(1), { expectedVersion: 'no_stream' });
    expect((await database.readStream('s-1')).currentVersion).toBe(1);
  });

  it.each([
    ['unavailable', 'UNAVAILABLE'],
    ['busy', 'BUSY'],
    ['timeout', 'TIMEOUT'],
  ] as const)('fails an append with %s, writing nothing and saying so', async (fault, code) => {
    const { store, database } = setUp({ [fault]: 1 });
    expect(await outcome(store.appendToStream('s-1', event(1), { expectedVersion: 'no_stream' }))).toBe(code);
    expect((await database.readStream('s-1')).currentVersion).toBe(0);
  });

  it('fails appends with TIMEOUT and mayHaveWritten, some written and some not', async () => {
    const { store, database } = setUp({ timeoutMayHaveWritten: 1 });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        outcome(store.appendToStream(`s-${n}`, event(n), { expectedVersion: 'any' })),
      ),
    );
    expect(new Set(outcomes)).toEqual(new Set(['TIMEOUT+maybe']));
    const written = await Promise.all(
      Array.from({ length: 40 }, async (_, n) => (await database.readStream(`s-${n}`)).currentVersion),
    );
    expect(written).toContain(0);
    expect(written).toContain(1);
  });

  it('answers delayed calls later, in another order than they were made', async () => {
    const { store, runAll } = setUp({ delayed: 1 }, 3);
    const answered: number[] = [];
    for (let n = 0; n < 10; n++)
      void store.appendToStream(`s-${n}`, event(n), { expectedVersion: 'any' }).then(() => answered.push(n));
    expect(answered).toEqual([]);
    await runAll();
    expect([...answered].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(answered).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('never answers a dead process, though the database does what it was sent', async () => {
    const { store, database, scope, runAll } = setUp({ slow: 1 });
    let answered = false;
    void store
      .appendToStream('s-1', event(1), { expectedVersion: 'no_stream' })
      .then(() => (answered = true));
    scope.kill();
    await runAll();
    expect(answered).toBe(false);
    expect((await database.readStream('s-1')).currentVersion).toBe(1);
    let later = false;
    void store.readStream('s-1').then(() => (later = true));
    await runAll();
    expect(later).toBe(false);
  });

  it('fails the processors store too', async () => {
    const { store } = setUp({ unavailable: 1 });
    expect(
      await outcome(store.processors.register({ processor: 'p', partitions: 1, initialCheckpoint: 0n })),
    ).toBe('UNAVAILABLE');
  });

  it('drops subscriptions with UNAVAILABLE', async () => {
    const { store, database, faults } = setUp({ subscriptionDrop: 1 });
    faults.on = false;
    await database.appendToStream('s-1', event(1), { expectedVersion: 'no_stream' });
    faults.on = true;
    const read = async () => {
      for await (const _ of store.subscribe()) return 'delivered';
      return 'ended';
    };
    expect(await outcome(read())).toBe('UNAVAILABLE');
  });
});
