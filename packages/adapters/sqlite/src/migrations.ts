import type { Database } from './database';
import { SchemaTooNewError } from './schemaTooNewError';

/** One schema step. Versions are consecutive from 1; a step never changes once released. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** Every schema step, in order. Append new steps; never edit a released one. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'events table',
    sql: `
      CREATE TABLE gavel_events (
        global_position INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_name     TEXT    NOT NULL,
        stream_version  INTEGER NOT NULL CHECK (stream_version > 0),
        event_id        TEXT    NOT NULL,
        type            TEXT    NOT NULL,
        data            TEXT    NOT NULL,
        metadata        TEXT,
        recorded_at     INTEGER NOT NULL,
        UNIQUE (stream_name, stream_version),
        UNIQUE (stream_name, event_id)
      ) STRICT;
    `,
  },
  {
    version: 2,
    description: 'processor tables: partitions, leases, checkpoints, members, partition state',
    sql: `
      CREATE TABLE gavel_processors (
        name        TEXT    PRIMARY KEY,
        partitions  INTEGER NOT NULL CHECK (partitions > 0),
        created_at  INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE gavel_processor_partitions (
        processor   TEXT    NOT NULL,
        partition   INTEGER NOT NULL CHECK (partition >= 0),
        owner       TEXT,
        expires_at  INTEGER NOT NULL,
        token       INTEGER NOT NULL CHECK (token >= 0),
        checkpoint  INTEGER NOT NULL CHECK (checkpoint >= 0),
        PRIMARY KEY (processor, partition)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE gavel_processor_members (
        processor   TEXT    NOT NULL,
        owner       TEXT    NOT NULL,
        expires_at  INTEGER NOT NULL,
        PRIMARY KEY (processor, owner)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE gavel_processor_state (
        processor   TEXT    NOT NULL,
        partition   INTEGER NOT NULL,
        key         TEXT    NOT NULL,
        value       TEXT    NOT NULL,
        UNIQUE (processor, partition, key)
      ) STRICT;
    `,
  },
];

/** The applied schema version, or null when the file has no `gavel_migrations` table yet. */
const appliedVersion = (db: Database): number | null => {
  const table = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'gavel_migrations'")
    .raw(true)
    .get();
  if (table === undefined) return null;
  return (
    db.prepare('SELECT coalesce(max(version), 0) FROM gavel_migrations').raw(true).get() as [number]
  )[0];
};

const tooNew = (current: number, latest: number): SchemaTooNewError => new SchemaTooNewError(current, latest);

/**
 * Brings the schema to the latest version inside one `BEGIN IMMEDIATE` transaction, so that several
 * processes opening the same new file apply each step exactly once (the second waits for the first,
 * then finds nothing to do). The applied versions are rows of `gavel_migrations`. A file already at
 * the latest version is only read, so that a read-only file still opens (its appends then fail with
 * `READ_ONLY`).
 * @returns the schema version after migrating.
 */
export const migrate = (db: Database, steps: readonly Migration[] = migrations): number => {
  const latest = steps.at(-1)?.version ?? 0;
  const applied = appliedVersion(db);
  if (applied !== null && applied > latest) throw tooNew(applied, latest);
  if (applied === latest) return latest;
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(
      'CREATE TABLE IF NOT EXISTS gavel_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT',
    );
    const row = db.prepare('SELECT coalesce(max(version), 0) FROM gavel_migrations').raw(true).get() as [
      number,
    ];
    const current = row[0];
    if (current > latest) throw tooNew(current, latest);
    const record = db.prepare(
      'INSERT INTO gavel_migrations (version, description, applied_at) VALUES (?, ?, ?)',
    );
    for (const step of steps) {
      if (step.version <= current) continue;
      db.exec(step.sql);
      record.run(step.version, step.description, Date.now());
    }
    db.exec('COMMIT');
    return latest;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
};
