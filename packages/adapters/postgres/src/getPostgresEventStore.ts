import { type AppendResult, type EventStore, EventStoreError, InvalidOptionsError } from '@gavel/core';
import { assertReadStreamArguments } from '@gavel/core/store';
import pg from 'pg';
import { appendEvents, prepareAppend } from './appendEvents';
import { createChangeFeed } from './changeFeed';
import { boundedCall, type CallContext } from './failures/boundedCall';
import { type AppendStats, createGroupAppend, type GroupCommitOptions } from './groupAppend';
import { createPostgresProcessorStore } from './processors/createPostgresProcessorStore';
import type { PostgresProcessorStore } from './processors/postgresProcessorStore';
import { HEAD_SETTLE_MS } from './processors/readHeadPosition';
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
   * subscriptions is opened with the pool's settings. The store adds a listener for the pool's
   * `'error'` event (an idle client losing its connection) if the pool has none, so that a server
   * restart never crashes the process; `timeoutMs` still bounds every call, by a timer of its own.
   */
  readonly pool?: pg.Pool;
  /** The schema holding the store's tables, created on first use. Lower-case identifier. Default `'gavel'`. */
  readonly schema?: string;
  /** Size of the pool the store creates (ignored with `pool`). Default 10. */
  readonly poolSize?: number;
  /**
   * The longest any call waits for the database, in ms: connecting (or waiting for a free connection
   * of the pool), the statement, and the answer. A call still waiting then rejects with code
   * `TIMEOUT`. The server's `statement_timeout` of the store's connections is set to 80 % of it, so
   * that a slow statement is usually cancelled by the server (nothing written, for sure) before the
   * client gives up (outcome unknown, `mayHaveWritten`). Default 10 000.
   */
  readonly timeoutMs?: number;
  /**
   * Cross-stream group commit: appends to different streams made during one event-loop turn go to the
   * database as one transaction (each keeps its own check and outcome). `false` sends every append on
   * its own. Default `{}`: the same turn, at most one batch in flight per connection of the pool (`poolSize`;
   * 10 with a pool of your own), at most 500 appends a batch (`maxBatchSize`; a full batch goes at once).
   */
  readonly groupCommit?: GroupCommitOptions | false;
  /** How often a caught-up subscription reads even without a notification (ms). Default 100. */
  readonly pollIntervalMs?: number;
  /** Events a subscription reads per query (its page size). Default 500. */
  readonly subscriptionPageSize?: number;
}

const positiveInteger = (value: unknown, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) <= 0)
    throw new InvalidOptionsError(name, `options.${name} must be a positive integer`);
  return value as number;
};

/**
 * The PostgreSQL store: core's {@link EventStore}, whose processors run work in database transactions
 * ({@link PostgresProcessorStore}), and the counters of its group commit.
 */
export interface PostgresEventStore extends EventStore {
  /**
   * Processors' checkpoints, leases (on the database's clock), members and partition state, in the
   * store's schema; `transact` writes a read model's rows and the checkpoint in one transaction.
   */
  readonly processors: PostgresProcessorStore;
  /** Transactions, appends and events written since the store was created (means per transaction). */
  readonly appendStats: () => AppendStats;
}

const groupCommitOptions = (given: GroupCommitOptions | undefined, poolSize: number): GroupCommitOptions => {
  const windowMs = given?.windowMs ?? 0;
  if (!Number.isSafeInteger(windowMs) || windowMs < 0)
    throw new InvalidOptionsError(
      'groupCommit.windowMs',
      'options.groupCommit.windowMs must be a non-negative integer',
    );
  return {
    windowMs,
    maxInFlight: positiveInteger(given?.maxInFlight, 'groupCommit.maxInFlight', poolSize),
    maxBatchSize: positiveInteger(given?.maxBatchSize, 'groupCommit.maxBatchSize', 500),
  };
};

/** The pool's idle clients' errors go here when nobody else listens: the pool has already dropped them. */
const ignore = (): void => {};

/**
 * The PostgreSQL {@link EventStore}. Creates its schema and tables on first use (versioned migrations).
 * An append is one statement calling `append_to_stream`, which checks the expected version and inserts
 * in one transaction; subscriptions read by position up to the safe horizon, so they never skip an
 * event that commits late, and wake on `LISTEN/NOTIFY` with polling as the fallback. Processors keep
 * their checkpoints, leases (on the database's clock) and partition state in tables of the same schema
 * (`store.processors`), and can write a read model's rows with their checkpoint in one transaction.
 *
 * Failures (see `docs/reliability.md`): every call settles within `timeoutMs`, and rejects only with an
 * `EventStoreError` (`UNAVAILABLE` while the server is down or restarting, `TIMEOUT`, …, the driver's
 * error as `cause`, `mayHaveWritten` when an append's outcome is unknown). No connection error can
 * crash the process. A subscription rides out outages: it retries with backoff and resumes after the
 * last event it delivered.
 *
 * @example
 * const store = getPostgresEventStore({ connectionString: process.env.DATABASE_URL });
 * const service = createAuctionService({ store });
 */
export const getPostgresEventStore = (options: PostgresEventStoreOptions): PostgresEventStore => {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  if (!isSchemaName(schema))
    throw new InvalidOptionsError(
      'schema',
      'options.schema must be a lower-case identifier (letters, digits, _; at most 40 characters)',
    );
  if (options.pool === undefined && typeof options.connectionString !== 'string')
    throw new InvalidOptionsError('connectionString', 'options.connectionString or options.pool is required');
  const poolSize = positiveInteger(options.poolSize, 'poolSize', 10);
  const timeoutMs = positiveInteger(options.timeoutMs, 'timeoutMs', 10_000);
  const pollIntervalMs = positiveInteger(options.pollIntervalMs, 'pollIntervalMs', 100);
  const subscriptionPageSize = positiveInteger(options.subscriptionPageSize, 'subscriptionPageSize', 500);

  const ownsPool = options.pool === undefined;
  // Every connection the store opens is bounded in time: connecting, and each statement on the server.
  const connectionSettings: pg.ClientConfig = {
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: Math.max(1, Math.floor(timeoutMs * 0.8)),
    idle_in_transaction_session_timeout: timeoutMs,
    keepAlive: true,
  };
  const pool =
    options.pool ??
    new pg.Pool({ connectionString: options.connectionString, max: poolSize, ...connectionSettings });
  // An idle client's error (e.g. a server restart) must not crash the process: the pool drops it.
  if (ownsPool || pool.listenerCount('error') === 0) pool.on('error', ignore);
  // And no client may ever be without an 'error' listener: the pool removes its own when it hands a
  // client out, and the server's goodbye (57P01) can arrive in the same read as the new connection's
  // ReadyForQuery, before the caller could add one. This one only keeps the process up; the client is
  // then not queryable, its caller's statement fails (UNAVAILABLE) and the client is destroyed.
  pool.on('connect', (client: pg.PoolClient) => {
    client.on('error', ignore);
  });
  const names = sqlNames(schema);
  const clientConfig: pg.ClientConfig = ownsPool
    ? { connectionString: options.connectionString, ...connectionSettings }
    : {
        connectionTimeoutMillis: timeoutMs,
        query_timeout: timeoutMs,
        keepAlive: true,
        ...(pool as unknown as { options: pg.ClientConfig }).options,
      };
  const feed = createChangeFeed({ names, clientConfig });
  let closed = false;
  let migrated: Promise<void> | null = null;

  const ensureOpen = (): void => {
    if (closed) throw new EventStoreError('STORE_CLOSED', 'the PostgreSQL event store is closed');
  };

  /** The schema, migrated once (again after a failure), within a bounded call of its own. */
  const ready = (): Promise<void> => {
    ensureOpen();
    migrated ??= boundedCall(pool, timeoutMs, 'migration', (call) => migrate(call, names)).catch(
      (error: unknown) => {
        migrated = null;
        throw error;
      },
    );
    return migrated;
  };

  /** One store call: migrated first, bounded by `timeoutMs` as a whole, driver errors mapped. */
  const run = <T>(what: string, body: (call: CallContext) => Promise<T>): Promise<T> =>
    boundedCall(pool, timeoutMs, what, async (call) => {
      await ready();
      return body(call);
    });

  const group =
    options.groupCommit === false
      ? null
      : createGroupAppend({
          pool,
          names,
          timeoutMs,
          ready,
          ...groupCommitOptions(options.groupCommit, poolSize),
        });
  let singles = { transactions: 0, appends: 0, events: 0 };
  const processors = createPostgresProcessorStore({
    run,
    names,
    ensureOpen,
    headSettleMs: Math.min(HEAD_SETTLE_MS, Math.floor(timeoutMs / 2)),
  });

  return {
    timeoutMs,
    readStream: async (streamName, readOptions) => {
      ensureOpen();
      assertReadStreamArguments(streamName, readOptions);
      return run('read', (call) => readStreamEvents(call, names, streamName, readOptions));
    },
    appendToStream: async (streamName, events, appendOptions) => {
      ensureOpen();
      const prepared = prepareAppend(streamName, events, appendOptions);
      let result: AppendResult;
      if (group !== null) result = await group.append(prepared, events.length);
      else {
        result = await run('append', (call) => appendEvents(call, names, prepared));
        singles = {
          transactions: singles.transactions + 1,
          appends: singles.appends + 1,
          events: singles.events + events.length,
        };
      }
      if (!result.duplicate) feed.announce();
      return result;
    },
    appendStats: () => group?.stats() ?? singles,
    processors,
    subscribe: (subscribeOptions) =>
      subscribeToEvents(
        { run, names, feed, isClosed: () => closed, pageSize: subscriptionPageSize, pollIntervalMs },
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
