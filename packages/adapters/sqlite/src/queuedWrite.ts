/** What every entry of the group commit's queue has. */
interface Queued {
  /** What it is, for error messages: `append`, `processor commit`, … */
  readonly what: string;
  /** When it was queued (ms, monotonic): it fails with `BUSY` once it waited `busyTimeoutMs`. */
  readonly since: number;
  readonly reject: (error: unknown) => void;
}

/** An append or another write, run in a batch's transaction (see `commitBatch`). */
export interface BatchedWrite extends Queued {
  readonly kind: 'write';
  /** Checks, then writes: an `EventStoreError` it throws before writing rejects it alone. */
  readonly run: (recordedAt: number) => unknown;
  /** Whether its result wrote events (then the subscriptions are woken). */
  readonly wroteEvents: (result: unknown) => boolean;
  /**
   * True for an append: its commit must survive a power loss (`synchronous=FULL`). A batch of only
   * processor writes (checkpoints, leases) may be lost by a power loss without harm (the events after an
   * older checkpoint are handled again), so it commits without waiting for the disk.
   */
  readonly durable: boolean;
  readonly resolve: (result: unknown) => void;
}

/** A transaction of its own (see `runExclusive`): `start` runs its work once it has begun, and never rejects. */
export interface ExclusiveWrite extends Queued {
  readonly kind: 'exclusive';
  readonly start: () => Promise<void>;
}

/** An entry of the group commit's queue. */
export type QueuedWrite = BatchedWrite | ExclusiveWrite;
