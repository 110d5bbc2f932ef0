import { EventStoreError } from '@gavel/core';
import type Libsql from 'libsql';
import type { Database } from '../database';
import type { StatementCache } from './statementCache';

/**
 * The parameters of a statement: positional (an array, for `?` and `?NNN`) or named (an object whose
 * keys are the names without their prefix, for `:name`, `@name` and `$name`).
 */
export type SqliteParameters = readonly unknown[] | Readonly<Record<string, unknown>>;

/** What {@link SqliteTransaction.run} answers. */
export interface SqliteRunResult {
  /** How many rows the statement inserted, updated or deleted. */
  readonly changes: number;
  /** The rowid of the last row inserted on the connection. */
  readonly lastInsertRowid: number | bigint;
}

/**
 * The database transaction that `store.processors.transact` hands to its work: statements run through
 * it belong to the transaction that also moves the checkpoint, so they are committed together with it,
 * or not at all. It is synchronous, as libsql is. Rows come as objects by column name, integers as
 * numbers. A failing statement throws libsql's `SqliteError` as it is (its `code`, such as
 * `SQLITE_CONSTRAINT_UNIQUE`, says why), so that the work can catch what it expects.
 *
 * Use it only while the work runs: afterwards every method throws `INVALID_ARGUMENT`. Do not end the
 * transaction yourself (`COMMIT`, `ROLLBACK`, `END`; a `SAVEPOINT` is fine): a statement that does so
 * throws `INVALID_ARGUMENT`, and the transaction then rejects.
 *
 * @example
 * await store.processors.transact(commit, async (tx) => {
 *   tx.run('INSERT INTO bid_counts (auction_id, bids) VALUES (?, 1) ON CONFLICT DO UPDATE SET bids = bids + 1', [auctionId]);
 * });
 */
export interface SqliteTransaction {
  /** Runs one statement (a write, or DDL such as `CREATE TABLE IF NOT EXISTS`). */
  run(sql: string, parameters?: SqliteParameters): SqliteRunResult;
  /** The rows of one query, in order. */
  all<TRow = Record<string, unknown>>(sql: string, parameters?: SqliteParameters): TRow[];
  /** The first row of one query, or undefined when it has none. */
  get<TRow = Record<string, unknown>>(sql: string, parameters?: SqliteParameters): TRow | undefined;
}

/** A {@link SqliteTransaction} and the call that ends its use. */
export interface OpenedTransaction {
  readonly transaction: SqliteTransaction;
  /**
   * From now on, every method of the transaction throws. Answers whether the transaction stayed whole:
   * false once a statement of the work ended it (even if another `BEGIN` opened one since).
   */
  readonly end: () => boolean;
}

/**
 * Wraps the connection while `BEGIN IMMEDIATE` is open on it. Parameters are always bound as one
 * argument (libsql takes a lone `null` for named parameters and throws); the `_metadata` property that
 * libsql's `get` adds to a row is taken off.
 */
export const openSqliteTransaction = (
  db: Database,
  cache: StatementCache,
  /** False for a read session (`processors.read`): no transaction is open, so none can end. */
  inTransaction = true,
): OpenedTransaction => {
  let open = true;
  let whole = true;

  const statement = (sql: string): Libsql.Statement => {
    if (!open)
      throw new EventStoreError(
        'INVALID_ARGUMENT',
        'the transaction is over: use it only while the work of processors.transact runs',
      );
    if (typeof sql !== 'string') throw new EventStoreError('INVALID_ARGUMENT', 'sql must be a string');
    return cache.prepare(sql);
  };
  const bound = (parameters: SqliteParameters | undefined): unknown[] =>
    parameters === undefined ? [] : [parameters];
  const stillOpen = <T>(result: T): T => {
    if (inTransaction && !db.inTransaction) whole = false;
    if (!whole)
      throw new EventStoreError(
        'INVALID_ARGUMENT',
        'a statement of the work ended the transaction (COMMIT, ROLLBACK or END): the checkpoint is not moved',
      );
    return result;
  };
  const transaction: SqliteTransaction = {
    run: (sql, parameters) => {
      const { changes, lastInsertRowid } = statement(sql).run(...bound(parameters));
      return stillOpen({ changes, lastInsertRowid });
    },
    all: <TRow>(sql: string, parameters?: SqliteParameters) =>
      stillOpen(statement(sql).all(...bound(parameters)) as TRow[]),
    get: <TRow>(sql: string, parameters?: SqliteParameters) => {
      const row = statement(sql).get(...bound(parameters)) as Record<string, unknown> | undefined;
      if (row !== undefined) delete row._metadata;
      return stillOpen(row as TRow | undefined);
    },
  };
  return {
    transaction,
    end: () => {
      open = false;
      return whole && (!inTransaction || db.inTransaction);
    },
  };
};
