import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { getSqliteEventStore, type SqliteEventStore, type SqliteEventStoreOptions } from '../src/index';

/**
 * The setup of the processor store's tests: a temporary folder of fresh files, and stores that are
 * closed after each test (and the folder removed after the file). Call it once at the top of a test file.
 */
export const useProcessorTestFiles = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `gavel-sqlite-${name}-`));
  let count = 0;
  const opened: SqliteEventStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close().catch(() => undefined)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    /** A path in the folder that no test used yet. */
    freshPath: (): string => join(dir, `${name}-${++count}.db`),
    /** Opens a store, closed after the test. */
    open: (options: SqliteEventStoreOptions): SqliteEventStore => {
      const store = getSqliteEventStore(options);
      opened.push(store);
      return store;
    },
  };
};

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The promise's outcome, to assert on without a rejection escaping. */
export const settled = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** A promise and the function that resolves it. */
export const deferred = (): { promise: Promise<void>; resolve: () => void } => {
  let resolve = (): void => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
};
