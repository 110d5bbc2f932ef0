import type { Database } from '../database';
import type { InsertStatement, RowStatement } from '../statements';

/** The columns of a lease, in the order `toPartitionLease` reads them. */
const LEASE_COLUMNS = 'partition, owner, expires_at, token, checkpoint';

/**
 * Every statement of the processor store, prepared once per connection (rows as arrays, integers as
 * bigint). Tables: `gavel_processors`, `gavel_processor_partitions`, `gavel_processor_members`,
 * `gavel_processor_state` (migration 2).
 */
export interface ProcessorStatements {
  /** `[partitions]` of a processor. Parameter: its name. */
  readonly partitionCount: RowStatement;
  /** Registers a processor. Parameters: name, partitions, created_at. */
  readonly insertProcessor: InsertStatement;
  /** Creates partitions 0 to n - 1, free, at a checkpoint. Parameters: processor, checkpoint, n. */
  readonly insertPartitions: InsertStatement;
  /** One partition's lease. Parameters: processor, partition. */
  readonly lease: RowStatement;
  /** Every partition's lease, by number. Parameter: processor. */
  readonly leases: RowStatement;
  /** Gives a partition to an owner. Parameters: owner, expires_at, token, processor, partition. */
  readonly takeLease: InsertStatement;
  /** Renews an owner's live leases. Parameters: expires_at, processor, owner, now. */
  readonly renewLeases: InsertStatement;
  /** Frees a partition if the owner holds it. Parameters: processor, partition, owner. */
  readonly freeLease: InsertStatement;
  /** Moves a checkpoint, never back. Parameters: position, processor, partition. */
  readonly moveCheckpoint: InsertStatement;
  /** Makes an owner a member until a time. Parameters: processor, owner, expires_at. */
  readonly upsertMember: InsertStatement;
  /** Forgets the members whose time is over. Parameters: processor, now. */
  readonly dropExpiredMembers: InsertStatement;
  /** `[owner]` of the live members. Parameters: processor, now. */
  readonly liveMembers: RowStatement;
  /** Ends a membership. Parameters: processor, owner. */
  readonly removeMember: InsertStatement;
  /** `[key, value]` of a partition's state. Parameters: processor, partition. */
  readonly state: RowStatement;
  /** Sets a key of a partition's state. Parameters: processor, partition, key, value. */
  readonly setState: InsertStatement;
  /** Removes a key of a partition's state. Parameters: processor, partition, key. */
  readonly deleteState: InsertStatement;
  /** Deletes everything of a processor, one table each. Parameter: processor. */
  readonly reset: readonly InsertStatement[];
}

/** Prepares the processor store's statements on a migrated connection. */
export const prepareProcessorStatements = (db: Database): ProcessorStatements => {
  const rows = (sql: string): RowStatement =>
    db.prepare(sql).raw(true).safeIntegers(true) as unknown as RowStatement;
  const write = (sql: string): InsertStatement => db.prepare(sql) as unknown as InsertStatement;
  return {
    partitionCount: rows('SELECT partitions FROM gavel_processors WHERE name = ?'),
    insertProcessor: write('INSERT INTO gavel_processors (name, partitions, created_at) VALUES (?, ?, ?)'),
    insertPartitions: write(
      `WITH RECURSIVE numbers (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM numbers WHERE n + 1 < ?3)
       INSERT INTO gavel_processor_partitions (processor, partition, owner, expires_at, token, checkpoint)
       SELECT ?1, n, NULL, 0, 0, ?2 FROM numbers`,
    ),
    lease: rows(
      `SELECT ${LEASE_COLUMNS} FROM gavel_processor_partitions WHERE processor = ? AND partition = ?`,
    ),
    leases: rows(
      `SELECT ${LEASE_COLUMNS} FROM gavel_processor_partitions WHERE processor = ? ORDER BY partition`,
    ),
    takeLease: write(
      'UPDATE gavel_processor_partitions SET owner = ?, expires_at = ?, token = ? WHERE processor = ? AND partition = ?',
    ),
    renewLeases: write(
      'UPDATE gavel_processor_partitions SET expires_at = ? WHERE processor = ? AND owner = ? AND expires_at > ?',
    ),
    freeLease: write(
      'UPDATE gavel_processor_partitions SET owner = NULL, expires_at = 0 WHERE processor = ? AND partition = ? AND owner = ?',
    ),
    moveCheckpoint: write(
      'UPDATE gavel_processor_partitions SET checkpoint = max(checkpoint, ?) WHERE processor = ? AND partition = ?',
    ),
    upsertMember: write(
      `INSERT INTO gavel_processor_members (processor, owner, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (processor, owner) DO UPDATE SET expires_at = excluded.expires_at`,
    ),
    dropExpiredMembers: write('DELETE FROM gavel_processor_members WHERE processor = ? AND expires_at <= ?'),
    liveMembers: rows('SELECT owner FROM gavel_processor_members WHERE processor = ? AND expires_at > ?'),
    removeMember: write('DELETE FROM gavel_processor_members WHERE processor = ? AND owner = ?'),
    state: rows('SELECT key, value FROM gavel_processor_state WHERE processor = ? AND partition = ?'),
    setState: write(
      `INSERT INTO gavel_processor_state (processor, partition, key, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (processor, partition, key) DO UPDATE SET value = excluded.value`,
    ),
    deleteState: write('DELETE FROM gavel_processor_state WHERE processor = ? AND partition = ? AND key = ?'),
    reset: [
      write('DELETE FROM gavel_processor_state WHERE processor = ?'),
      write('DELETE FROM gavel_processor_members WHERE processor = ?'),
      write('DELETE FROM gavel_processor_partitions WHERE processor = ?'),
      write('DELETE FROM gavel_processors WHERE name = ?'),
    ],
  };
};
