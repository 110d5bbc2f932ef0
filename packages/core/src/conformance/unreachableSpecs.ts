import { expect, it } from 'vitest';
import type { EventStore } from '../eventStore/eventStore';
import { isEventStoreError } from '../eventStore/eventStoreError';
import { readSubscription, testEvent, uniqueStream } from './conformanceHelpers';

/** Options of the unreachable-database specs: how to make such a store, and its `timeoutMs`. */
export interface UnreachableStoreOptions {
  /** Creates a store whose database cannot be reached (e.g. a closed port). */
  readonly createStore: () => EventStore | Promise<EventStore>;
  /** The `timeoutMs` that store was given: every call must settle within it (plus scheduling slack). */
  readonly timeoutMs: number;
}

const settle = async (call: () => Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> => {
  const started = performance.now();
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { error, elapsedMs: performance.now() - started };
};

const expectTypedFailure = (what: string, error: unknown): void => {
  expect(error, `${what}: rejects`).toBeInstanceOf(Error);
  expect(isEventStoreError(error), `${what}: an EventStoreError, not a raw driver error`).toBe(true);
  expect(['UNAVAILABLE', 'TIMEOUT'], `${what}: UNAVAILABLE or TIMEOUT`).toContain(
    (error as { code?: unknown }).code,
  );
  expect((error as Error).cause, `${what}: carries the driver's error as cause`).toBeDefined();
};

/**
 * A store whose database cannot be reached: every call rejects within `timeoutMs` with a typed,
 * transient error carrying the driver's error, an append that never reached the database says it wrote
 * nothing, and a subscription neither ends nor throws: it keeps trying until it is stopped.
 */
export const unreachableSpecs = (options: UnreachableStoreOptions): void => {
  const slack = 2_000;
  const withStore = async (use: (store: EventStore) => Promise<void>): Promise<void> => {
    const store = await options.createStore();
    try {
      await use(store);
    } finally {
      await store.close();
    }
  };

  it('rejects reads and appends within timeoutMs with UNAVAILABLE or TIMEOUT, the cause attached', async () => {
    await withStore(async (store) => {
      const stream = uniqueStream();
      const read = await settle(() => store.readStream(stream));
      expectTypedFailure('a read', read.error);
      expect(read.elapsedMs).toBeLessThan(options.timeoutMs + slack);
      const append = await settle(() =>
        store.appendToStream(stream, [testEvent(1, { eventId: 'e1' })], { expectedVersion: 'any' }),
      );
      expectTypedFailure('an append', append.error);
      expect(append.elapsedMs).toBeLessThan(options.timeoutMs + slack);
      // It could not connect: nothing can have been written.
      expect((append.error as { mayHaveWritten?: unknown }).mayHaveWritten).toBe(false);
    });
  });

  it('answers a malformed call with INVALID_ARGUMENT without reaching for the database', async () => {
    await withStore(async (store) => {
      const started = performance.now();
      const error = await store
        .appendToStream(uniqueStream(), [{ type: 'T', data: { id: '\u0000' } }], { expectedVersion: 'any' })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(performance.now() - started).toBeLessThan(1_000);
    });
  });

  it('keeps a subscription waiting (no error, no end) until it is stopped', async () => {
    await withStore(async (store) => {
      const controller = new AbortController();
      const reader = readSubscription(
        store.subscribe({ signal: controller.signal }),
        options.timeoutMs * 3 + slack,
      );
      const next = reader.next();
      const early = await Promise.race([
        next.then(
          () => 'settled',
          () => 'threw',
        ),
        new Promise((resolve) => setTimeout(() => resolve('waiting'), options.timeoutMs + 500)),
      ]);
      expect(early, 'the subscription retries instead of failing').toBe('waiting');
      controller.abort();
      expect(await next).toBe('done');
    });
  });
};
