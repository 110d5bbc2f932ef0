import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { type EventStore, EventStoreError } from '@gavel/core';
import { openEventStore, parseStoreUrl, redactPassword, type StoreLocation } from '@gavel/stores';
import type { CatalogStorage } from '../readModels/catalog/createCatalog';
import { postgresCatalogDatabase } from '../readModels/catalog/postgresCatalogDatabase';
import { sqliteCatalogDatabase } from '../readModels/catalog/sqliteCatalogDatabase';
import { exampleRoot } from './exampleRoot';

/** An opened store, where the catalog lives, and a printable description of both (no password). */
export interface OpenedStore {
  readonly store: EventStore;
  /** The catalog's rows and checkpoints: in the store's own database, or in the read store for `esdb://`. */
  readonly catalog: CatalogStorage<unknown>;
  readonly description: string;
  /** Closes what was opened besides the store (the read store of `esdb://`). */
  readonly closeExtra: () => Promise<void>;
}

import { DEFAULT_READ_STORE } from './readConfig';

const locate = (url: string, baseDir: string): StoreLocation => {
  const parsed = parseStoreUrl(url);
  if (!parsed.ok) throw new Error(parsed.message);
  const location = parsed.location;
  if (location.kind !== 'sqlite' || location.path === ':memory:') return location;
  const path = isAbsolute(location.path) ? location.path : resolve(baseDir, location.path);
  mkdirSync(dirname(path), { recursive: true });
  return { kind: 'sqlite', path };
};

const describe = (location: StoreLocation): string =>
  location.kind === 'sqlite' ? `sqlite:${location.path}` : redactPassword(location.connectionString);

/** A SQL store and its catalog there: rows and checkpoint written in one transaction. */
const sqlStore = async (
  location: StoreLocation,
): Promise<{ store: EventStore; catalog: CatalogStorage<unknown> }> => {
  switch (location.kind) {
    case 'sqlite': {
      const store = await openEventStore(location);
      const database = sqliteCatalogDatabase((work) =>
        store.processors.read(async (session) => work(session)),
      );
      return {
        store,
        catalog: { database, checkpoints: store.processors, transactional: true } as CatalogStorage<unknown>,
      };
    }
    case 'postgres': {
      const schema = location.schema ?? 'gavel';
      const store = await openEventStore({ ...location, schema });
      const database = postgresCatalogDatabase(schema, (work) => store.processors.read(work));
      return {
        store,
        catalog: { database, checkpoints: store.processors, transactional: true } as CatalogStorage<unknown>,
      };
    }
    case 'esdb':
      throw new Error('GAVEL_READ_STORE must be sqlite:<path> or postgres://…, not esdb://');
  }
};

/**
 * Opens the store a store URL names (`sqlite:<path>`, `postgres://…[?schema=<name>]`, `esdb://…`,
 * `kurrentdb://…`; read and opened by `@gavel/stores`) and
 * the database of its catalog: the store's own for SQLite and PostgreSQL; for EventStoreDB, the SQL
 * database `readStoreUrl` names (`GAVEL_READ_STORE`, default `sqlite:./data/read.db`), where the catalog
 * keeps its rows and its checkpoints together. A relative SQLite path resolves against `baseDir`
 * (default: the example's folder, so that `pnpm start` finds the same database from any directory) and
 * its folder is created.
 * @throws Error with the parser's message for a URL that is not a store URL
 */
export const openStore = async (
  url: string,
  baseDir: string = exampleRoot,
  readStoreUrl: string = DEFAULT_READ_STORE,
): Promise<OpenedStore> => {
  const location = locate(url, baseDir);
  try {
    if (location.kind !== 'esdb') {
      const { store, catalog } = await sqlStore(location);
      return { store, catalog, description: describe(location), closeExtra: async () => {} };
    }
    const store = await openEventStore(location);
    const readLocation = locate(readStoreUrl, baseDir);
    const read = await sqlStore(readLocation);
    return {
      store,
      catalog: read.catalog,
      description: `${describe(location)} (catalog in ${describe(readLocation)})`,
      closeExtra: () => read.store.close(),
    };
  } catch (error) {
    if (error instanceof EventStoreError) throw new Error(error.message, { cause: error });
    throw error;
  }
};
