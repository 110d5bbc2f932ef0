import type { ExpectedRevision } from '../expectedRevision';

/** An event to write: EventStoreDB's UUID, type, JSON data and JSON metadata. */
export interface EventToWrite {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
}

/** An event as read from EventStoreDB, reduced to what the adapter needs. */
export interface StoredEvent {
  readonly streamName: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  /** The event's commit position in the log; see the adapter docs for why commit. */
  readonly position: bigint | undefined;
  readonly createdAt: number;
}

/** What an append did. */
export type AppendOutcome =
  | { readonly kind: 'written'; readonly revision: bigint; readonly position: bigint | undefined }
  | { readonly kind: 'wrong-expected-version'; readonly actual: bigint | 'no_stream' | undefined };

/** Messages of a subscription to `$all`, pushed as they arrive. */
export type AllSubscriptionMessage =
  | { readonly kind: 'confirmed' }
  | { readonly kind: 'event'; readonly event: StoredEvent }
  | { readonly kind: 'checkpoint'; readonly position: bigint }
  | { readonly kind: 'caught-up' }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'ended' };

/** What stops, pauses and resumes a subscription to `$all`. */
export interface AllSubscriptionHandle {
  readonly stop: () => Promise<void>;
  readonly pause: () => void;
  readonly resume: () => void;
}

/** The handful of client calls the adapter makes, whichever client makes them. */
export interface StoreClient {
  /** Appends atomically at an expected revision. */
  append(
    streamName: string,
    events: readonly EventToWrite[],
    expected: ExpectedRevision,
  ): Promise<AppendOutcome>;
  /** Reads forwards from a revision (inclusive); `'stream-not-found'` when the stream does not exist. */
  readForwards(
    streamName: string,
    fromRevision: bigint,
    maxCount?: number,
  ): Promise<StoredEvent[] | 'stream-not-found'>;
  /**
   * Reads backwards from a revision (inclusive; undefined = the stream's end), at most `maxCount`
   * events; `'stream-not-found'` when the stream does not exist.
   */
  readBackwards(
    streamName: string,
    fromRevision: bigint | undefined,
    maxCount: number,
  ): Promise<StoredEvent[] | 'stream-not-found'>;
  /** The stream's last event, `'stream-not-found'` when it does not exist. */
  readLast(streamName: string): Promise<StoredEvent | 'stream-not-found' | undefined>;
  /**
   * Replaces the stream's metadata (`$maxCount`, `$tb`): a `$metadata` event in `$$<stream>`, which
   * EventStoreDB keeps one event of. The stream need not exist yet.
   */
  setStreamMetadata(
    streamName: string,
    metadata: { readonly maxCount?: number; readonly truncateBefore?: number },
  ): Promise<void>;
  /** The commit position of the last event in `$all` (read on the leader), undefined when the store is empty. */
  readAllHead(): Promise<bigint | undefined>;
  /**
   * Subscribes to `$all` after a position (exclusive; undefined = from the start), to streams starting
   * with `prefix`, or without one to every stream but system streams (`$…`) and the adapter's own
   * (processors' bookkeeping, see `internalStreams.ts`).
   */
  subscribeToAll(
    options: { readonly fromPosition: bigint | undefined; readonly prefix: string | undefined },
    push: (message: AllSubscriptionMessage) => void,
  ): AllSubscriptionHandle;
  /** Releases the client if the adapter created it. */
  dispose(): Promise<void>;
}
