import type { SqlNames } from './schema/sqlNames';

/**
 * The safe horizon, as a query of one row with one column, `horizon` (a `bigint`, null when no event is
 * safe yet): every event at or below it is committed (or rolled back) for good, so nothing can appear
 * there later.
 *
 * Sequence values commit out of order: an append holding position 5 may commit after one holding 6.
 * The horizon is the highest position written by a transaction older than every transaction still in
 * flight (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`). `append_to_stream` assigns the
 * transaction id and the positions under one lock, so positions grow with transaction ids: every
 * position below the horizon belongs to a finished transaction, and a reader that resumes from any
 * position it was given misses nothing.
 *
 * The one definition of the horizon: subscriptions read up to it (`readBatch`), and processors start
 * from it (`readHeadPosition`). Use it as a subquery, so that it shares the statement's snapshot.
 */
export const safeHorizonQuery = (names: SqlNames): string =>
  `SELECT max(global_position) AS horizon FROM ${names.events}
    WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;
