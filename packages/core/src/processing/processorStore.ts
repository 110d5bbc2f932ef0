/**
 * One partition of a processor as the store keeps it: who holds its lease, until when, under which
 * fencing token, and how far it has handled the store.
 */
export interface PartitionLease {
  /** The partition's number, 0 to `partitions - 1`. */
  readonly partition: number;
  /** The owner that holds the lease, or null when nobody ever took it or it was released. */
  readonly owner: string | null;
  /** Until when the owner holds it (epoch ms, the store's clock). At or before `now`: expired. */
  readonly expiresAt: number;
  /**
   * The fencing token: 0 before anyone took the partition, and one more each time it is taken (by
   * another owner, or again by the same one after its lease lapsed). A commit carries the token it was
   * given, and the store refuses it once the partition has been taken since.
   */
  readonly token: number;
  /** Global position of the last event the partition has handled: its events after it are still due. */
  readonly checkpoint: bigint;
}

/** What {@link ProcessorStore.heartbeat} answers. */
export interface ProcessorHeartbeat {
  /** The store's clock when it answered (epoch ms): compare it with each lease's `expiresAt`. */
  readonly now: number;
  /** The live members of the processor (this owner included), sorted by their id. */
  readonly members: readonly string[];
  /** Every partition of the processor, by number. */
  readonly leases: readonly PartitionLease[];
}

/** Changes to a partition's state, applied with its checkpoint or not at all. */
export interface PartitionStateChanges {
  /** Keys to set (or replace) with their values. */
  readonly set?: readonly (readonly [key: string, value: string])[];
  /** Keys to remove (applied before `set`). */
  readonly delete?: readonly string[];
}

/** A request to move a partition's checkpoint: refused unless `token` is still the partition's. */
export interface CheckpointCommit {
  readonly processor: string;
  readonly partition: number;
  /** The fencing token the owner got when it took the partition. */
  readonly token: number;
  /** The new checkpoint: the global position of the last event handled. Never moves it back. */
  readonly position: bigint;
  /** Changes to the partition's state, written in the same transaction as the checkpoint. */
  readonly changes?: PartitionStateChanges;
}

/**
 * Where processors keep their checkpoints, leases and small per-partition state: in the event store's
 * own database, so that processes sharing a store share their processors. Every store of Gavel has one
 * (`store.processors`), and the processor conformance group of `@gavel/core/conformance` proves it.
 *
 * Leases expire on the store's clock. Every call fails like the store's other calls, with an
 * `EventStoreError` (`INVALID_ARGUMENT` for a malformed request, `UNAVAILABLE`, `TIMEOUT`, …).
 *
 * @typeParam TTransaction - what {@link ProcessorStore.transact} hands to the work it runs: a database
 * transaction of the store's driver (`never` for stores that have none).
 */
export interface ProcessorStore<TTransaction = unknown> {
  /**
   * Creates the processor's partitions if it has none yet, each with `initialCheckpoint`; does nothing
   * when they exist. `INVALID_ARGUMENT` when the processor already exists with another number of
   * partitions (its events would map to other partitions: reset it first).
   */
  register(request: {
    readonly processor: string;
    readonly partitions: number;
    readonly initialCheckpoint: bigint;
  }): Promise<void>;
  /**
   * Renews `owner`'s membership and every lease it still holds (not yet expired) for `leaseMs` from
   * now, and answers the live members and every partition. A lease that lapsed is not renewed: the owner
   * must {@link ProcessorStore.acquire} it again, under a new token.
   */
  heartbeat(request: {
    readonly processor: string;
    readonly owner: string;
    readonly leaseMs: number;
  }): Promise<ProcessorHeartbeat>;
  /**
   * Takes a partition for `leaseMs` if it is free or expired (the token grows by one), or renews it if
   * `owner` holds it already (same token). Null when another owner holds a live lease on it.
   */
  acquire(request: {
    readonly processor: string;
    readonly owner: string;
    readonly partition: number;
    readonly leaseMs: number;
  }): Promise<PartitionLease | null>;
  /**
   * Moves the checkpoint to `position` (never back) and applies `changes`, in one write, if `token` is
   * still the partition's token; resolves false (writing nothing) when the partition has been taken
   * since (fencing).
   */
  commit(request: CheckpointCommit): Promise<boolean>;
  /**
   * Frees those of `partitions` that `owner` holds, at once (their checkpoints stay); with `leave`,
   * also ends `owner`'s membership.
   */
  release(request: {
    readonly processor: string;
    readonly owner: string;
    readonly partitions: readonly number[];
    readonly leave?: boolean;
  }): Promise<void>;
  /** A partition's state: every key and value its commits left, in no particular order. */
  readState(request: {
    readonly processor: string;
    readonly partition: number;
  }): Promise<readonly (readonly [key: string, value: string])[]>;
  /** Deletes everything kept for the processor: partitions, leases, members and state. */
  reset(processor: string): Promise<void>;
  /**
   * The store's end: a global position such that every event at or before it is recorded and visible
   * to a subscription, and no event recorded later gets a position at or before it.
   */
  headPosition(): Promise<bigint>;
  /**
   * Only stores with transactions (SQLite, PostgreSQL): runs `work` in a database transaction and the
   * commit in the same transaction, so that a read model's rows and its checkpoint are written together
   * or not at all. Resolves false, rolling `work` back, when the commit is refused (fencing); a `work`
   * that throws rolls back and rejects with its error.
   */
  transact?(request: CheckpointCommit, work: (transaction: TTransaction) => Promise<void>): Promise<boolean>;
  /**
   * Only stores with transactions (SQLite, PostgreSQL): runs `work` on a connection of the store's
   * database, outside any checkpoint, each statement in autocommit, to read a read model that
   * `transact` keeps (or to create its tables). The session has the type of `transact`'s transaction and
   * may be used only while `work` runs.
   */
  read?<T>(work: (session: TTransaction) => Promise<T>): Promise<T>;
}
