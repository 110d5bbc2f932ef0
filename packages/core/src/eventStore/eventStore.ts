import type { EventMetadata } from '../auction/events';
import type { ProcessorStore } from '../processing/processorStore';
import type { EventStoreError } from './eventStoreError';
import type { VersionConflictError } from './versionConflictError';

/**
 * What the writer expects the stream to be at when it appends:
 * - a number: the stream's version, i.e. its count of events (0 = the stream has no events);
 * - `'no_stream'`: the stream has no events;
 * - `'stream_exists'`: the stream has at least one event;
 * - `'any'`: no check.
 */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

/** An event handed to `appendToStream`. */
export interface EventToAppend {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
  /**
   * An opaque id, unique within the stream (at most 200 characters). Appending events whose ids are
   * already in the stream is a retry: nothing is written again. The store assigns a random id when absent.
   */
  readonly eventId?: string;
}

/** An event as the store recorded it. */
export interface RecordedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
  readonly eventId: string;
  readonly streamName: string;
  /** The stream's version once this event is in it: 1 for its first event, n for its n-th. */
  readonly streamVersion: number;
  /** Position in the store's global order: strictly increasing, not necessarily contiguous, first > 0. */
  readonly globalPosition: bigint;
  /** When the store recorded the event (epoch ms). */
  readonly recordedAt: number;
}

/** Options of {@link EventStore.readStream}. */
export interface ReadStreamOptions {
  /** Read only the events after this version: `{ fromVersion: 3 }` starts at the 4th event. Default 0. */
  readonly fromVersion?: number;
  /**
   * Read at most this many events, starting after `fromVersion`: `{ fromVersion: 2, maxCount: 2 }`
   * reads the 3rd and 4th events. A positive integer; default: every event after `fromVersion`. The
   * result's `currentVersion` and `streamExists` still describe the whole stream.
   */
  readonly maxCount?: number;
}

/** What {@link EventStore.readStream} returns. */
export interface ReadStreamResult {
  /** The stream's version: its count of events (0 when it does not exist). */
  readonly currentVersion: number;
  readonly streamExists: boolean;
  /** The events after `fromVersion` (at most `maxCount` of them), in stream order. */
  readonly events: readonly RecordedEvent[];
}

/** Options of {@link EventStore.appendToStream}. */
export interface AppendToStreamOptions {
  readonly expectedVersion: ExpectedVersion;
}

/** What {@link EventStore.appendToStream} returns. */
export interface AppendResult {
  /** The stream's version after the append: the expected version to use for the next append. */
  readonly nextExpectedVersion: number;
  /** The global position of the last event of this append (of the original, for a duplicate). */
  readonly lastPosition: bigint;
  /** True when every event's id was already in the stream: nothing was written. */
  readonly duplicate: boolean;
}

/** Options of {@link EventStore.subscribe}. */
export interface SubscribeOptions {
  /** Deliver the events after this global position (exclusive). Default 0n: from the beginning. */
  readonly fromPosition?: bigint;
  /**
   * Only streams named `<category>-…`, e.g. `'auction'`. Default: every stream except system streams
   * (names starting with `$`, which some stores keep).
   */
  readonly category?: string;
  /** Ends the subscription: the iterator returns. */
  readonly signal?: AbortSignal;
}

/** One message of a subscription: an event, or the signal that history has been delivered. */
export type SubscriptionMessage =
  | { readonly type: 'event'; readonly event: RecordedEvent }
  | { readonly type: 'caught-up'; readonly position: bigint };

/**
 * The event store port: every adapter implements it and passes the conformance suite of
 * `@gavel/core/conformance`.
 *
 * Errors, the same for every store: a store rejects a failed call with an {@link EventStoreError}
 * only, never with a raw driver error (that one is the `cause`). Its `code`:
 * - `'VERSION_CONFLICT'`: a {@link VersionConflictError}, when an append finds the stream at another
 *   version than expected; nothing was written;
 * - `'INVALID_ARGUMENT'`: a malformed call (the checks are `assertAppendToStreamArguments` and
 *   `assertReadStreamArguments` of `@gavel/core/store`), including an append of which some but not
 *   all event ids are already in the stream, and any string no store could keep exactly (a lone
 *   surrogate, U+0000, a stream name over 500 characters, see `isStorableText` of
 *   `@gavel/core/store`); such a call writes nothing. Every other string, control characters
 *   included, is kept exactly by every store;
 * - `'STORE_CLOSED'`: a call after `close()`;
 * - `'BUSY'`: only from a store that shares a write lock with other processes, when an append gave up
 *   waiting for the lock (nothing of it was written);
 * - `'UNAVAILABLE'`: the database cannot be reached (cannot connect, connection dropped, server
 *   shutting down or starting, database file deleted or replaced);
 * - `'TIMEOUT'`: the database did not answer within the store's `timeoutMs` option (default 10 000 ms):
 *   no call waits longer than that;
 * - `'STORAGE_FULL'`: no room left (disk full); nothing was written;
 * - `'READ_ONLY'`: the database accepts only reads; nothing was written.
 *
 * A failed append whose outcome is unknown (the connection dropped or the store stopped waiting after
 * the database may have committed) has `mayHaveWritten: true`. Retrying an append with the same event
 * ids is always exact: if the first one was written, the retry answers `duplicate: true`.
 *
 * A subscription rides out `UNAVAILABLE` and `TIMEOUT` itself: it reconnects with backoff and resumes
 * after the last event it delivered, so nothing is skipped or delivered twice.
 */
export interface EventStore {
  /**
   * Reads a stream's events in order. A stream that does not exist reads as empty, version 0.
   * `INVALID_ARGUMENT` for a `streamName` that is not a string, a `fromVersion` that is not a
   * non-negative integer or a `maxCount` that is not a positive integer.
   */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;
  /**
   * Appends events atomically if the stream is at the expected version; otherwise rejects with a
   * {@link VersionConflictError}. An append of events whose ids are all already in the stream writes
   * nothing and resolves with `duplicate: true`, whatever its expected version. One whose ids are only
   * partly in the stream, at the expected version, rejects with an {@link EventStoreError} of code
   * `'INVALID_ARGUMENT'` and writes nothing.
   */
  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: AppendToStreamOptions,
  ): Promise<AppendResult>;
  /**
   * Every event after `fromPosition` in global order: history first, then one `caught-up` message,
   * then live events as they are appended. Resumable from any delivered event's `globalPosition`.
   */
  subscribe(options?: SubscribeOptions): AsyncIterable<SubscriptionMessage>;
  /**
   * Where processors (`createProcessor`) keep their checkpoints, leases and partition state, in this
   * store's own database.
   */
  readonly processors: ProcessorStore;
  /**
   * The longest any call waits for the database, in ms (the store's `timeoutMs` option). A service on
   * this store takes it as its own deadline per `execute` unless given another.
   */
  readonly timeoutMs?: number;
  /** Releases connections and timers. */
  close(): Promise<void>;
}
