import type { Database } from './database';

type Row = readonly unknown[];

/** A prepared write: its `lastInsertRowid` is the global position of the last row inserted. */
export interface InsertStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

/** The most events one INSERT statement carries (7 parameters each); longer appends take several. */
export const MAX_ROWS_PER_INSERT = 128;

/** A prepared statement returning rows as arrays, integers as bigint. */
export interface RowStatement {
  get(...params: unknown[]): Row | undefined;
  all(...params: unknown[]): Row[];
}

/** Every statement the store runs, prepared once per connection. */
export interface Statements {
  /** `[stream_version, global_position]` of a stream's last event. */
  readonly streamHead: RowStatement;
  /** `[global_position]` of the event with this id in this stream. */
  readonly eventById: RowStatement;
  /** Inserts `count` events (1 to {@link MAX_ROWS_PER_INSERT}) in one statement; see {@link InsertStatement}. */
  readonly insertEvents: (count: number) => InsertStatement;
  /** Deletes a stream's events after a version (undoes a partly inserted append inside its transaction). */
  readonly deleteAfter: InsertStatement;
  /**
   * A stream's events after a version, in order, at most `limit` (-1: all): the {@link EVENT_COLUMNS}
   * then the stream's version, read in the same snapshot. Parameters: the stream name twice, the
   * version, the limit. No row when no event comes back.
   */
  readonly readStream: RowStatement;
  /** `[max(global_position)]`, 0 on an empty store. */
  readonly head: RowStatement;
  /** Events in `(from, to]` in global order, at most `limit`. */
  readonly readAll: RowStatement;
  /** Same as `readAll`, only streams starting with a prefix. */
  readonly readCategory: RowStatement;
}

/** The columns of a read event, in the order {@link toRecordedEvent} expects. */
export const EVENT_COLUMNS =
  'global_position, stream_name, stream_version, event_id, type, data, metadata, recorded_at' as const;

/** How many {@link EVENT_COLUMNS} there are: the index of the first column after them. */
export const EVENT_COLUMN_COUNT = 8;

/** Prepares every statement in raw mode with safe integers, so that positions read as bigint. */
export const prepareStatements = (db: Database): Statements => {
  const prepare = (sql: string): RowStatement =>
    db.prepare(sql).raw(true).safeIntegers(true) as unknown as RowStatement;
  const inserts = new Map<number, InsertStatement>();
  const insertEvents = (count: number): InsertStatement => {
    let statement = inserts.get(count);
    if (statement === undefined) {
      statement = db.prepare(
        `INSERT INTO gavel_events (stream_name, stream_version, event_id, type, data, metadata, recorded_at) VALUES ${Array(
          count,
        )
          .fill('(?, ?, ?, ?, ?, ?, ?)')
          .join(', ')}`,
      ) as unknown as InsertStatement;
      inserts.set(count, statement);
    }
    return statement;
  };
  return {
    insertEvents,
    deleteAfter: db.prepare(
      'DELETE FROM gavel_events WHERE stream_name = ? AND stream_version > ?',
    ) as unknown as InsertStatement,
    streamHead: prepare(
      'SELECT stream_version, global_position FROM gavel_events WHERE stream_name = ? ORDER BY stream_version DESC LIMIT 1',
    ),
    eventById: prepare('SELECT global_position FROM gavel_events WHERE stream_name = ? AND event_id = ?'),
    readStream: prepare(
      `SELECT ${EVENT_COLUMNS},
              (SELECT max(stream_version) FROM gavel_events WHERE stream_name = ?) AS current_version
         FROM gavel_events WHERE stream_name = ? AND stream_version > ? ORDER BY stream_version LIMIT ?`,
    ),
    head: prepare('SELECT coalesce(max(global_position), 0) FROM gavel_events'),
    readAll: prepare(
      `SELECT ${EVENT_COLUMNS} FROM gavel_events WHERE global_position > ? AND global_position <= ?
       ORDER BY global_position LIMIT ?`,
    ),
    readCategory: prepare(
      `SELECT ${EVENT_COLUMNS} FROM gavel_events WHERE global_position > ? AND global_position <= ?
       AND instr(stream_name, ?) = 1 ORDER BY global_position LIMIT ?`,
    ),
  };
};
