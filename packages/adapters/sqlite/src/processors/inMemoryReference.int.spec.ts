import { getInMemoryEventStore, type ProcessorStore } from '@gavel/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getSqliteEventStore } from '../getSqliteEventStore';

const owners = ['a', 'b', 'c'] as const;
const PROCESSOR = 'model';

type Step =
  | { readonly kind: 'acquire'; readonly owner: string; readonly partition: number; readonly leaseMs: number }
  | { readonly kind: 'heartbeat'; readonly owner: string; readonly leaseMs: number }
  | {
      readonly kind: 'commit';
      readonly partition: number;
      readonly token: number;
      readonly position: bigint;
      readonly set: readonly (readonly [string, string])[];
      readonly delete: readonly string[];
    }
  | {
      readonly kind: 'release';
      readonly owner: string;
      readonly partitions: readonly number[];
      readonly leave: boolean;
    }
  | { readonly kind: 'readState'; readonly partition: number }
  | { readonly kind: 'register'; readonly partitions: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'advance'; readonly ms: number };

const owner = fc.constantFrom(...owners);
// Leases and clock steps of a common unit, so that a lease often ends exactly at `now`.
const leaseMs = fc.constantFrom(10, 20, 40);
const key = fc.constantFrom('k1', 'k2', 'k3');

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('acquire' as const),
      owner,
      partition: fc.constantFrom(0, 1, 0, 1, 2),
      leaseMs,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('heartbeat' as const), owner, leaseMs }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('commit' as const),
      partition: fc.integer({ min: 0, max: 1 }),
      token: fc.integer({ min: 0, max: 3 }),
      position: fc.bigInt({ min: 0n, max: 20n }),
      set: fc.array(fc.tuple(key, fc.string({ maxLength: 3 })), { maxLength: 2 }),
      delete: fc.array(key, { maxLength: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('release' as const),
      owner,
      partitions: fc.uniqueArray(fc.integer({ min: 0, max: 1 }), { maxLength: 2 }),
      leave: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('readState' as const),
      partition: fc.integer({ min: 0, max: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('register' as const), partitions: fc.constantFrom(2, 2, 1) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(0, 1, 10, 20) }),
  },
);

type Answer = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly code: unknown };

const answerOf = (promise: Promise<unknown>): Promise<Answer> =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error: { code?: unknown }) => ({ ok: false, code: error.code }),
  );

/** Calls the store for one step (the clock moves in `run`, between calls). */
const call = (store: ProcessorStore, s: Exclude<Step, { kind: 'advance' }>): Promise<unknown> => {
  switch (s.kind) {
    case 'acquire':
      return store.acquire({
        processor: PROCESSOR,
        owner: s.owner,
        partition: s.partition,
        leaseMs: s.leaseMs,
      });
    case 'heartbeat':
      return store.heartbeat({ processor: PROCESSOR, owner: s.owner, leaseMs: s.leaseMs });
    case 'commit':
      return store.commit({
        processor: PROCESSOR,
        partition: s.partition,
        token: s.token,
        position: s.position,
        changes: { set: s.set, delete: s.delete },
      });
    case 'release':
      return store.release({
        processor: PROCESSOR,
        owner: s.owner,
        partitions: s.partitions,
        leave: s.leave,
      });
    case 'readState':
      // In no particular order: compared sorted.
      return store
        .readState({ processor: PROCESSOR, partition: s.partition })
        .then((state) => [...state].sort());
    case 'register':
      return store.register({ processor: PROCESSOR, partitions: s.partitions, initialCheckpoint: 0n });
    case 'reset':
      return store.reset(PROCESSOR);
  }
};

/**
 * Runs the steps against one store; writes marked concurrent start in the same turn as the one before
 * (the SQLite store then runs them in one transaction, in call order). The clock only moves between
 * groups, and a read waits for the writes called before it (as with `readStream`, a read runs at once:
 * it does not wait for this store's writes still queued).
 */
const run = async (
  store: ProcessorStore,
  clock: { now: number },
  steps: readonly (readonly [Step, boolean])[],
): Promise<Answer[]> => {
  const answers: Answer[] = [];
  let group: Promise<Answer>[] = [];
  await store.register({ processor: PROCESSOR, partitions: 2, initialCheckpoint: 0n });
  for (const [s, concurrent] of steps) {
    if (!concurrent || s.kind === 'advance' || s.kind === 'readState') {
      answers.push(...(await Promise.all(group)));
      group = [];
    }
    if (s.kind === 'advance') clock.now += s.ms;
    else group.push(answerOf(call(store, s)));
  }
  answers.push(...(await Promise.all(group)));
  return answers;
};

describe('the SQLite processor store against the in-memory reference', () => {
  it('answers every sequence of calls from 3 owners as the reference does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(step, fc.boolean()), { maxLength: 50, size: 'max' }),
        async (steps) => {
          const referenceClock = { now: 1_000_000 };
          const sqliteClock = { now: 1_000_000 };
          const reference = getInMemoryEventStore({ leaseClock: () => referenceClock.now });
          const sqlite = getSqliteEventStore({ path: ':memory:', leaseClock: () => sqliteClock.now });
          try {
            const expected = await run(reference.processors, referenceClock, steps);
            expect(await run(sqlite.processors, sqliteClock, steps)).toEqual(expected);
          } finally {
            await Promise.all([reference.close(), sqlite.close()]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
