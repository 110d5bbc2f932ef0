import { existsSync, statSync } from 'node:fs';
import { type EventStore, EventStoreError } from '@gavel/core';
import { parseStoreUrl, type StoreLocation } from './parseStoreUrl';

/** Options of {@link openStoreFromUrl}. */
export interface OpenStoreOptions {
  /**
   * Refuse a SQLite file that does not exist yet (a reader such as `gavel audit` must not create an
   * empty database by mistake). Default false: the file is created, as a server wants.
   */
  readonly mustExist?: boolean;
}

const openLocation = async (location: StoreLocation, options: OpenStoreOptions): Promise<EventStore> => {
  switch (location.kind) {
    case 'sqlite': {
      const { path } = location;
      if (path !== ':memory:') {
        if (options.mustExist === true && !existsSync(path))
          throw new EventStoreError('UNAVAILABLE', `no SQLite database at '${path}'`);
        if (existsSync(path) && statSync(path).isDirectory())
          throw new EventStoreError('UNAVAILABLE', `'${path}' is a directory, not a SQLite database`);
      }
      const { getSqliteEventStore } = await import('@gavel/sqlite');
      try {
        return getSqliteEventStore({ path });
      } catch (error) {
        if (error instanceof EventStoreError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new EventStoreError('UNAVAILABLE', `cannot open the SQLite database '${path}': ${reason}`, {
          cause: error,
        });
      }
    }
    case 'postgres': {
      const { getPostgresEventStore } = await import('@gavel/postgres');
      return getPostgresEventStore({
        connectionString: location.connectionString,
        ...(location.schema === undefined ? {} : { schema: location.schema }),
      });
    }
    case 'esdb': {
      const { getEventStoreDBEventStore } = await import('@gavel/eventstoredb');
      return getEventStoreDBEventStore({ connectionString: location.connectionString });
    }
  }
};

/**
 * Opens the event store a URL names (see {@link parseStoreUrl} for the forms). Only the adapter the URL
 * needs is loaded. PostgreSQL and EventStoreDB connect lazily: an unreachable server shows on the first
 * call, as an `EventStoreError` (`UNAVAILABLE`, `TIMEOUT`, …).
 *
 * @throws EventStoreError `INVALID_ARGUMENT` for a URL that is not a store URL; `UNAVAILABLE` for a
 * SQLite file that cannot be opened (or does not exist, with `mustExist`).
 *
 * @example
 * const store = await openStoreFromUrl(process.env.GAVEL_STORE ?? 'sqlite:./data/gavel.db');
 * const service = createAuctionService({ store });
 */
export const openStoreFromUrl = async (url: string, options: OpenStoreOptions = {}): Promise<EventStore> => {
  const parsed = parseStoreUrl(url);
  if (!parsed.ok) throw new EventStoreError('INVALID_ARGUMENT', parsed.message);
  return openLocation(parsed.location, options);
};
