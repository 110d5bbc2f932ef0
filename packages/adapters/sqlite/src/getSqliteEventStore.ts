import { type EventStore, EventStoreError, InvalidOptionsError } from '@gavel/core';
import { createNotifier } from './createNotifier';
import { type Database, openDatabase, type SynchronousMode } from './database';
import { toEventStoreError } from './failures/toEventStoreError';
import { watchFileIdentity } from './fileIdentity';
import { createGroupCommit } from './groupCommit';
import { migrate } from './migrations';
import { prepareAppend } from './prepareAppend';
import { createSqliteProcessorStore } from './processors/createSqliteProcessorStore';
import { prepareProcessorStatements } from './processors/processorStatements';
import type { SqliteProcessorStore } from './processors/sqliteProcessorStore';
import { createStatementCache } from './processors/statementCache';
import { readStream } from './readStream';
import { SchemaTooNewError } from './schemaTooNewError';
import { prepareStatements } from './statements';
import { subscribe } from './subscribe';

/** Options of {@link getSqliteEventStore}. */
export interface SqliteEventStoreOptions {
  /** The database file (created if missing), or `':memory:'` for a private in-memory database. */
  readonly path: string;
  /**
   * `'full'` (default): an acknowledged append survives a process crash and a power loss.
   * `'normal'`: it survives a process crash, but the last commits may be lost on power loss or an OS crash.
   * See docs/adapters/sqlite.md.
   */
  readonly synchronous?: SynchronousMode;
  /**
   * The longest a call waits for the database, in ms (every store takes it). SQLite runs in this
   * process, so the only waits are for another process's lock: see `busyTimeoutMs`, which may not
   * exceed it. Default 10 000.
   */
  readonly timeoutMs?: number;
  /**
   * How long an append (or a write of `store.processors`) waits for the write lock, held by another
   * process or by a transaction of `processors.transact`, before failing with code `BUSY` (it waits
   * without blocking the event loop). Reads and opening use it as SQLite's busy timeout. At most
   * `timeoutMs`. Default 5000 (or `timeoutMs` when that is shorter).
   */
  readonly busyTimeoutMs?: number;
  /** How often a live subscription looks for appends made by other processes. Default 100. */
  readonly pollIntervalMs?: number;
  /** The most appends (and processor writes) one transaction commits together. Default 1000. */
  readonly maxBatchSize?: number;
  /** Stamps `recordedAt` (epoch ms). Default `Date.now`. */
  readonly clock?: () => number;
  /**
   * The clock of processors' leases (epoch ms). Default `Date.now`: the processes sharing a file are on
   * one machine, so they share it.
   */
  readonly leaseClock?: () => number;
}

/**
 * A SQLite {@link EventStore}, whose processor store can run a handler's writes and the checkpoint in
 * one transaction (`processors.transact`, with a {@link SqliteTransaction}).
 */
export interface SqliteEventStore extends EventStore {
  readonly processors: SqliteProcessorStore;
}

const positiveInteger = (value: number, name: string): number => {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new InvalidOptionsError(name, `options.${name} must be a positive integer`);
  return value;
};

/**
 * An {@link EventStore} in a SQLite file (WAL mode), through the `libsql` driver. It opens one
 * connection, migrates the schema, and commits appends in groups (one fsync for every append made
 * during the same event-loop turn). Several processes may open the same file: the concurrency check
 * runs under SQLite's write lock. `':memory:'` gives a private, non-durable database.
 *
 * Its processor store (`store.processors`) keeps checkpoints, leases and partition state in tables of
 * the same file, written through the same group commit, and runs transactional read models
 * (`processors.transact`): see docs/adapters/sqlite.md.
 */
export const getSqliteEventStore = (options: SqliteEventStoreOptions): SqliteEventStore => {
  if (typeof options?.path !== 'string' || options.path.length === 0)
    throw new InvalidOptionsError('path', "options.path must be a file path or ':memory:'");
  const synchronous = options.synchronous ?? 'full';
  if (synchronous !== 'full' && synchronous !== 'normal')
    throw new InvalidOptionsError('synchronous', "options.synchronous must be 'full' or 'normal'");
  const timeoutMs = positiveInteger(options.timeoutMs ?? 10_000, 'timeoutMs');
  const busyTimeoutMs = positiveInteger(options.busyTimeoutMs ?? Math.min(5_000, timeoutMs), 'busyTimeoutMs');
  if (busyTimeoutMs > timeoutMs)
    throw new InvalidOptionsError('busyTimeoutMs', 'options.busyTimeoutMs must not exceed options.timeoutMs');
  const pollIntervalMs = positiveInteger(options.pollIntervalMs ?? 100, 'pollIntervalMs');
  const maxBatchSize = positiveInteger(options.maxBatchSize ?? 1_000, 'maxBatchSize');

  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase({ path: options.path, synchronous, busyTimeoutMs });
  } catch (error) {
    throw toEventStoreError(error, `open of '${options.path}'`);
  }
  let statements: ReturnType<typeof prepareStatements>;
  let processorStatements: ReturnType<typeof prepareProcessorStatements>;
  let identity: ReturnType<typeof watchFileIdentity>;
  try {
    migrate(db);
    statements = prepareStatements(db);
    processorStatements = prepareProcessorStatements(db);
    identity = watchFileIdentity(options.path);
  } catch (error) {
    db.close();
    throw error instanceof SchemaTooNewError ? error : toEventStoreError(error, `open of '${options.path}'`);
  }
  const notifier = createNotifier();
  const commits = createGroupCommit({
    db,
    statements,
    clock: options.clock ?? Date.now,
    maxBatchSize,
    busyTimeoutMs,
    onCommitted: notifier.notify,
    identity,
    synchronous,
  });
  let closed = false;
  let closing: Promise<void> | null = null;
  const ensureOpen = (): void => {
    if (closed)
      throw new EventStoreError('STORE_CLOSED', `the SQLite event store '${options.path}' is closed`);
  };
  /** Reads are SQLite calls too: their driver errors are mapped; a deleted file fails them as well. */
  const read = <T>(what: string, run: () => T): T => {
    ensureOpen();
    const gone = identity.problem();
    if (gone !== null) throw gone;
    try {
      return run();
    } catch (error) {
      throw toEventStoreError(error, what);
    }
  };

  let reader: { db: Database; cache: ReturnType<typeof createStatementCache> } | undefined;
  const processors = createSqliteProcessorStore({
    db,
    statements: processorStatements,
    commits,
    cache: createStatementCache(db),
    clock: options.leaseClock ?? Date.now,
    ensureOpen,
    read,
    head: () => (statements.head.get() as [bigint])[0],
    reader: () => {
      if (reader === undefined) {
        const readDb =
          options.path === ':memory:' ? db : openDatabase({ path: options.path, synchronous, busyTimeoutMs });
        reader = { db: readDb, cache: createStatementCache(readDb) };
      }
      return reader;
    },
  });

  return {
    readStream: async (streamName, readOptions) =>
      read('read', () => readStream(statements, streamName, readOptions)),
    appendToStream: async (streamName, events, appendOptions) => {
      ensureOpen();
      return commits.append(prepareAppend(streamName, events, appendOptions));
    },
    subscribe: (subscribeOptions) =>
      subscribe(
        { statements, notifier, pollIntervalMs, pageSize: 500, read, isClosed: () => closed },
        subscribeOptions,
      ),
    processors,
    timeoutMs,
    close: () => {
      // Refuse new calls at once, let the queued writes (and a transaction in progress) commit, then
      // close the connection.
      closed = true;
      notifier.notify();
      closing ??= commits.drain().then(() => {
        if (reader !== undefined && reader.db !== db) reader.db.close();
        db.close();
      });
      return closing;
    },
  };
};
