import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { openStoreFromUrl, parseStoreUrl } from '@gavel/cli';
import type { EventStore } from '@gavel/core';
import { exampleRoot } from './exampleRoot';

/** An opened store and a printable description of it (no password). */
export interface OpenedStore {
  readonly store: EventStore;
  readonly description: string;
}

/**
 * Opens the store a store URL names (parsed by `@gavel/cli`'s `parseStoreUrl`, the module the `gavel`
 * command uses too). Two additions for a server: a relative SQLite path resolves against `baseDir`
 * (default: the example's folder) and its directory is created; a PostgreSQL URL may carry
 * `?schema=<name>` to keep the store's tables in a schema of their own (default `gavel`).
 * @throws EventStoreError `INVALID_ARGUMENT` for a URL that is not a store URL.
 */
export const openStore = async (url: string, baseDir: string = exampleRoot): Promise<OpenedStore> => {
  const parsed = parseStoreUrl(url);
  if (!parsed.ok) throw new Error(parsed.message);
  const location = parsed.location;
  if (location.kind === 'sqlite') {
    if (location.path === ':memory:')
      return { store: await openStoreFromUrl('sqlite::memory:'), description: 'sqlite::memory:' };
    const path = isAbsolute(location.path) ? location.path : resolve(baseDir, location.path);
    mkdirSync(dirname(path), { recursive: true });
    return { store: await openStoreFromUrl(`sqlite:${path}`), description: `sqlite:${path}` };
  }
  if (location.kind === 'postgres') {
    const withSchema = new URL(location.connectionString);
    const schema = withSchema.searchParams.get('schema');
    withSchema.password = '';
    const description = `postgres://${withSchema.host}${withSchema.pathname}${schema === null ? '' : ` (schema ${schema})`}`;
    if (schema !== null) {
      const connection = new URL(location.connectionString);
      connection.searchParams.delete('schema');
      const { getPostgresEventStore } = await import('@gavel/postgres');
      return {
        store: getPostgresEventStore({ connectionString: connection.toString(), schema }),
        description,
      };
    }
    return { store: await openStoreFromUrl(location.connectionString), description };
  }
  return { store: await openStoreFromUrl(location.connectionString), description: 'esdb' };
};
