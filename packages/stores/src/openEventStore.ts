import { existsSync, statSync } from 'node:fs';
import { type EventStore, EventStoreError } from '@gavel/core';
import type { PostgresEventStore } from '@gavel/postgres';
import type { SqliteEventStore } from '@gavel/sqlite';
import {
  type PostgresStoreLocation,
  parseStoreUrl,
  type SqliteStoreLocation,
  type StoreLocation,
} from './parseStoreUrl';
import { StoreUrlError } from './storeUrlError';

/** Options of {@link openEventStore}. */
export interface OpenEventStoreOptions {
  /**
   * Refuse a SQLite file that does not exist yet (a reader such as `gavel audit` must not create an
   * empty database by mistake). Default false: the file is created, as a server wants.
   */
  readonly mustExist?: boolean;
}

/**
 * The store {@link openEventStore} opens for a location: the SQLite and PostgreSQL stores with their
 * own processor stores (for read models written in the store's transactions), any other an
 * {@link EventStore}. A URL not yet read gives an {@link EventStore}.
 */
export type EventStoreAt<Target extends string | StoreLocation> = Target extends SqliteStoreLocation
  ? SqliteEventStore
  : Target extends PostgresStoreLocation
    ? PostgresEventStore
    : EventStore;

const openSqlite = async (path: string, options: OpenEventStoreOptions): Promise<SqliteEventStore> => {
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
};

const openLocation = async (location: StoreLocation, options: OpenEventStoreOptions): Promise<EventStore> => {
  switch (location.kind) {
    case 'sqlite':
      return openSqlite(location.path, options);
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
 * Opens the event store a store URL (see {@link parseStoreUrl} for the forms), or a location it read,
 * names. Only the adapter it needs is loaded. PostgreSQL and EventStoreDB connect lazily: an
 * unreachable server shows on the first call, as an `EventStoreError` (`UNAVAILABLE`, `TIMEOUT`, …).
 *
 * @throws StoreUrlError (`INVALID_STORE_URL`) for a URL that is not a store URL
 * @throws EventStoreError `UNAVAILABLE` for a SQLite file that cannot be opened (or does not exist,
 * with `mustExist`)
 *
 * @example
 * const store = await openEventStore(process.env.GAVEL_STORE ?? 'sqlite:./data/gavel.db');
 * const service = createAuctionService({ store });
 */
export const openEventStore = async <Target extends string | StoreLocation>(
  target: Target,
  options: OpenEventStoreOptions = {},
): Promise<EventStoreAt<Target>> => {
  let location: StoreLocation;
  if (typeof target === 'string') {
    const parsed = parseStoreUrl(target);
    if (!parsed.ok) throw new StoreUrlError(parsed.message);
    location = parsed.location;
  } else location = target;
  return (await openLocation(location, options)) as EventStoreAt<Target>;
};
