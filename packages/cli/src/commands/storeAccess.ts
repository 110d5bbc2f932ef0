import type { EventStore } from '@gavel/core';
import { isStoreUrlError, openEventStore, redactPassword } from '@gavel/stores';
import { CliError } from '../program/cliError';

const oneLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() || 'unknown error';

/** Turns a failure of the store (opening or calling it) into a one-line {@link CliError}. */
export const storeFailure = (error: unknown, url: string): CliError => {
  if (error instanceof CliError) return error;
  if (isStoreUrlError(error)) return new CliError('INVALID_STORE_URL', oneLine(error), { cause: error });
  return new CliError(
    'STORE_UNAVAILABLE',
    `cannot read the store ${redactPassword(url)}: ${oneLine(error)}`,
    {
      cause: error,
    },
  );
};

/** Runs a call to the store, reporting its failure as a store error (exit 2), never as a bug. */
export const storeCall = async <T>(url: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    throw storeFailure(error, url);
  }
};

/**
 * Opens the store a URL names (a SQLite file must exist: a reader never creates one), runs `use`, and
 * closes the store whatever happens.
 */
export const withStore = async <T>(url: string, use: (store: EventStore) => Promise<T>): Promise<T> => {
  const store = await storeCall(url, () => openEventStore(url, { mustExist: true }));
  try {
    return await use(store);
  } finally {
    await store.close().catch(() => undefined);
  }
};
