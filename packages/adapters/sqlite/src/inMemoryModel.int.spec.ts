import { type AppendResult, type ExpectedVersion, getInMemoryEventStore } from '@gavel/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getSqliteEventStore } from './getSqliteEventStore';

interface Step {
  readonly stream: string;
  readonly expectedVersion: ExpectedVersion;
  readonly ids: readonly (string | undefined)[];
  /** Appended in the same event-loop turn as the previous step (same group commit). */
  readonly concurrent: boolean;
}

const step = fc.record({
  stream: fc.constantFrom('a-1', 'a-2', 'b-1'),
  expectedVersion: fc.oneof(
    fc.integer({ min: 0, max: 4 }),
    fc.constantFrom<ExpectedVersion>('no_stream', 'stream_exists', 'any'),
  ),
  ids: fc.array(fc.option(fc.constantFrom('e1', 'e2', 'e3', 'e4'), { nil: undefined }), {
    minLength: 1,
    maxLength: 3,
  }),
  concurrent: fc.boolean(),
});

type Outcome = { ok: true; value: AppendResult } | { ok: false; code: unknown; actual?: unknown };

const outcomeOf = (promise: Promise<AppendResult>): Promise<Outcome> =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error: { code?: unknown; actual?: unknown }) => ({ ok: false, code: error.code, actual: error.actual }),
  );

/** Runs the steps, starting each group of concurrent steps together; returns every outcome in order. */
const run = async (
  store: ReturnType<typeof getInMemoryEventStore>,
  steps: readonly Step[],
): Promise<Outcome[]> => {
  const outcomes: Outcome[] = [];
  let group: Promise<Outcome>[] = [];
  for (const s of steps) {
    if (!s.concurrent) {
      outcomes.push(...(await Promise.all(group)));
      group = [];
    }
    const events = s.ids.map((eventId, n) => ({ type: 'T', data: { n }, ...(eventId ? { eventId } : {}) }));
    group.push(outcomeOf(store.appendToStream(s.stream, events, { expectedVersion: s.expectedVersion })));
  }
  outcomes.push(...(await Promise.all(group)));
  return outcomes;
};

describe('the SQLite store against the in-memory reference store', () => {
  it('gives the same outcome to every sequence of appends, and the same streams', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const reference = getInMemoryEventStore({ clock: () => 1 });
        const sqlite = getSqliteEventStore({ path: ':memory:', clock: () => 1 });
        try {
          expect(await run(sqlite, steps)).toEqual(await run(reference, steps));
          for (const stream of ['a-1', 'a-2', 'b-1']) {
            const strip = (e: {
              eventId: string;
              data: unknown;
              streamVersion: number;
              globalPosition: bigint;
            }) => [e.data, e.streamVersion, e.globalPosition];
            const [expected, actual] = await Promise.all([
              reference.readStream(stream),
              sqlite.readStream(stream),
            ]);
            expect(actual.events.map(strip)).toEqual(expected.events.map(strip));
            expect(actual.currentVersion).toBe(expected.currentVersion);
          }
        } finally {
          await Promise.all([reference.close(), sqlite.close()]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
