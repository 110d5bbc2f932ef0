import { type EventStore, type ExpectedVersion, getInMemoryEventStore } from '@gavel/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../core/test/fastCheckSeed';
import { useTestSchema } from '../test/testSchema';

const { open } = useTestSchema('gavel_group_prop');
/** The default batches, and batches of two, which fill mid-turn and go before the turn ends. */
const stores = { default: open(), 'batches of two': open({ groupCommit: { maxBatchSize: 2 } }) };

interface Append {
  readonly stream: number;
  readonly expected: ExpectedVersion;
  /** Event ids from a small pool per stream, so that retries and partly known appends occur. */
  readonly ids: readonly number[];
}

const appendArb: fc.Arbitrary<Append> = fc.record({
  stream: fc.nat(2),
  expected: fc.oneof(
    fc.constantFrom<ExpectedVersion>('any', 'no_stream', 'stream_exists'),
    fc.integer({ min: 0, max: 4 }),
  ),
  ids: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 2 }),
});

/** What a caller sees of an append: its outcome without the store's positions. */
const outcomeOf = (call: Promise<{ nextExpectedVersion: number; duplicate: boolean }>) =>
  call.then(
    (result) => ({ ok: true, nextExpectedVersion: result.nextExpectedVersion, duplicate: result.duplicate }),
    (error: unknown) => ({ ok: false, code: (error as { code?: unknown }).code }),
  );

const run = (target: EventStore, prefix: string, append: Append) =>
  outcomeOf(
    target.appendToStream(
      `${prefix}-${append.stream}`,
      append.ids.map((id) => ({ eventId: `e${id}`, type: 'Tested', data: { id } })),
      { expectedVersion: append.expected },
    ),
  );

describe.each(Object.entries(stores))('cross-stream group commit (property, %s)', (_, store) => {
  it('gives every append of one turn the outcome it has when the appends are made one by one', async () => {
    const stats = store.appendStats();
    await fc.assert(
      fc.asyncProperty(
        fc.array(appendArb, { maxLength: 4 }),
        fc.array(appendArb, { minLength: 1, maxLength: 12 }),
        async (before, turn) => {
          const prefix = `p${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
          const model = getInMemoryEventStore();
          // The same history before, one by one, in both stores.
          for (const append of before) {
            expect(await run(store, prefix, append)).toEqual(await run(model, prefix, append));
          }
          // Then every append of the turn at once on PostgreSQL (batched across streams), one by one,
          // in call order, on the model.
          const batched = await Promise.all(turn.map((append) => run(store, prefix, append)));
          const serial = [];
          for (const append of turn) serial.push(await run(model, prefix, append));
          expect(batched).toEqual(serial);
          for (const stream of [0, 1, 2]) {
            const name = `${prefix}-${stream}`;
            const ids = async (target: EventStore) =>
              (await target.readStream(name)).events.map((event) => [event.streamVersion, event.eventId]);
            expect(await ids(store), name).toEqual(await ids(model));
          }
        },
      ),
      seeded(40),
    );
    // And the turns were batched: some transaction carried the appends of several streams.
    const after = store.appendStats();
    expect(after.appends - stats.appends).toBeGreaterThan(after.transactions - stats.transactions);
  }, 120_000);
});
