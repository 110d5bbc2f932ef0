import { type EventStore, EventStoreError } from '@gavel/core';
import pg from 'pg';
import { appendEvents } from './appendEvents';
import { createChangeFeed } from './changeFeed';
import { readStreamEvents } from './readStreamEvents';
import { migrate } from './schema/migrate';
import { DEFAULT_SCHEMA, isSchemaName, sqlNames } from './schema/sqlNames';
import { subscribeToEvents } from './subscribeToEvents';

/** Options of {@link getPostgresEventStore}: a `connectionString`, or a `pool` of your own. */
export interface PostgresEventStoreOptions {
  /** e.g. `postgres://user@host:5432/db`. Required unless `pool` is given. */
  readonly connectionString?: string;
  /**
   * A `pg.Pool` to use instead of creating one. The store never ends it; the listening connection of
   * subscriptions is opened with the pool's settings.
   */
  readonly pool?: pg.Pool;
  /** The schema holding the store's tables, created on first use. Lower-case identifier. Default `'gavel'`. */
  readonly schema?: string;
  /** Size of the pool the store creates (ignored with `pool`). Default 10. */
  readonly poolSize?: number;
  /** How often a caught-up subscription reads even without a notification (ms). Default 100. */
  readonly pollIntervalMs?: number;
  /** Events a subscription reads per query. Default 500. */
  readonly batchSize?: number;
}

const positiveInteger = (value: unknown, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) <= 0)
    throw new EventStoreError('INVALID_ARGUMENT', `options.${name} must be a positive integer`);
  return value as number;
};

/**
 * The PostgreSQL {@link EventStore}. Creates its schema and tables on first use (versioned migrations).
 * An append is one statement calling `append_to_stream`, which checks the expected version and inserts
 * in one transaction; subscriptions read by position up to the safe horizon, so they never skip an
 * event that commits late, and wake on `LISTEN/NOTIFY` with polling as the fallback.
 *
 * @example
 * const store = getPostgresEventStore({ connectionString: process.env.DATABASE_URL });
 * const service = createAuctionService({ store });
 */
export const getPostgresEventStore = (options: PostgresEventStoreOptions): EventStore => {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  if (!isSchemaName(schema))
    throw new EventStoreError(
      'INVALID_ARGUMENT',
      'options.schema must be a lower-case identifier (letters, digits, _; at most 40 characters)',
    );
  if (options.pool === undefined && typeof options.connectionString !== 'string')
    throw new EventStoreError('INVALID_ARGUMENT', 'options.connectionString or options.pool is required');
  const poolSize = positiveInteger(options.poolSize, 'poolSize', 10);
  const pollIntervalMs = positiveInteger(options.pollIntervalMs, 'pollIntervalMs', 100);
  const batchSize = positiveInteger(options.batchSize, 'batchSize', 500);

  const ownsPool = options.pool === undefined;
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: poolSize });
  // An idle client's error (e.g. a server restart) must not crash the process: the pool drops it.
  if (ownsPool) pool.on('error', () => undefined);
  const names = sqlNames(schema);
  const clientConfig: pg.ClientConfig = ownsPool
    ? { connectionString: options.connectionString }
    : (pool as unknown as { options: pg.ClientConfig }).options;
  const feed = createChangeFeed({ pool, names, clientConfig });
  let closed = false;
  let migrated: Promise<void> | null = null;

  const ready = (): Promise<void> => {
    if (closed) return Promise.reject(new EventStoreError('STORE_CLOSED', 'the event store is closed'));
    migrated ??= migrate(pool, names).catch((error: unknown) => {
      migrated = null;
      throw error;
    });
    return migrated;
  };

  return {
    readStream: async (streamName, readOptions) => {
      await ready();
      return readStreamEvents(pool, names, streamName, readOptions);
    },
    appendToStream: async (streamName, events, appendOptions) => {
      await ready();
      const result = await appendEvents(pool, names, streamName, events, appendOptions);
      if (!result.duplicate) feed.announce();
      return result;
    },
    subscribe: (subscribeOptions) =>
      subscribeToEvents(
        { pool, names, feed, ready, isClosed: () => closed, batchSize, pollIntervalMs },
        subscribeOptions,
      ),
    close: async () => {
      if (closed) return;
      closed = true;
      await feed.close();
      if (ownsPool) await pool.end();
    },
  };
};
