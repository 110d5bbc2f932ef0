/**
 * Why an event store refused a call. The same codes for every store (see `docs/reliability.md`):
 * - `'VERSION_CONFLICT'`: the stream is at another version than expected; always a
 *   {@link VersionConflictError}, which carries the versions. Nothing was written.
 * - `'INVALID_ARGUMENT'`: a malformed call (including an append of which only some event ids are
 *   already in the stream, or a string the store cannot keep exactly); nothing was written.
 * - `'STORE_CLOSED'`: a call after `close()`; nothing was written.
 * - `'BUSY'`: another connection held the store's write lock for longer than the store waits (only
 *   stores that share a lock across processes raise it); nothing of the append was written.
 * - `'UNAVAILABLE'`: the store cannot reach its database: it cannot connect, the connection dropped,
 *   the server is shutting down or starting, or the database file is gone.
 * - `'TIMEOUT'`: the database did not answer within the store's `timeoutMs`.
 * - `'STORAGE_FULL'`: the database has no room left (disk or quota full); nothing was written.
 * - `'READ_ONLY'`: the database only accepts reads (a read-only file or a standby server).
 *
 * `UNAVAILABLE`, `TIMEOUT` and `BUSY` are transient: the same call may succeed later. Whether a failed
 * append may nevertheless have been written is {@link EventStoreError.mayHaveWritten}.
 */
export type EventStoreErrorCode =
  | 'VERSION_CONFLICT'
  | 'INVALID_ARGUMENT'
  | 'STORE_CLOSED'
  | 'BUSY'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'STORAGE_FULL'
  | 'READ_ONLY';

const CODES: ReadonlySet<unknown> = new Set<EventStoreErrorCode>([
  'VERSION_CONFLICT',
  'INVALID_ARGUMENT',
  'STORE_CLOSED',
  'BUSY',
  'UNAVAILABLE',
  'TIMEOUT',
  'STORAGE_FULL',
  'READ_ONLY',
]);

const TRANSIENT: ReadonlySet<unknown> = new Set<EventStoreErrorCode>(['BUSY', 'UNAVAILABLE', 'TIMEOUT']);

/** Options of the {@link EventStoreError} constructor. */
export interface EventStoreErrorOptions {
  /** The driver's error this one stands for, if any. */
  readonly cause?: unknown;
  /**
   * True when the failed call was an append that may nevertheless have been written (the connection
   * was lost, or the store stopped waiting, after the database could have committed it). Default false.
   */
  readonly mayHaveWritten?: boolean;
}

/**
 * An error of any {@link EventStore}. Every store of Gavel raises this one class (a version conflict is
 * its subclass {@link VersionConflictError}); tell the cases apart by `code`. A store never rejects with
 * a raw driver error: the driver's error is the `cause`.
 *
 * @example
 * try {
 *   await store.appendToStream(stream, events, { expectedVersion });
 * } catch (error) {
 *   // Retrying with the same event ids is exact: an append that did happen answers `duplicate: true`.
 *   if (isEventStoreError(error) && isTransientEventStoreError(error)) retryLater();
 *   else throw error;
 * }
 */
export class EventStoreError extends Error {
  /** Why the store refused the call. */
  readonly code: EventStoreErrorCode;
  /**
   * For an append: true when its events may have been written although the call failed (the outcome is
   * unknown). Retry it with the same event ids (for a bid, the same `bidId`): the store then answers
   * `duplicate: true` if the first call did write. False when nothing was written for sure, and for reads.
   */
  readonly mayHaveWritten: boolean;

  /**
   * @param code - why the store refused the call.
   * @param message - what was wrong, naming the argument for `'INVALID_ARGUMENT'`.
   * @param options - `cause`: the driver's error this one stands for; `mayHaveWritten` (default false).
   */
  constructor(code: EventStoreErrorCode, message: string, options?: EventStoreErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EventStoreError';
    this.code = code;
    this.mayHaveWritten = options?.mayHaveWritten === true;
  }
}

/**
 * True for an {@link EventStoreError} (a {@link VersionConflictError} included), also one from another
 * copy of this package (checked by `code`).
 */
export const isEventStoreError = (error: unknown): error is EventStoreError =>
  typeof error === 'object' && error !== null && CODES.has((error as { code?: unknown }).code);

/** True for an error whose call may succeed if made again later: `BUSY`, `UNAVAILABLE` or `TIMEOUT`. */
export const isTransientEventStoreError = (error: unknown): error is EventStoreError =>
  typeof error === 'object' && error !== null && TRANSIENT.has((error as { code?: unknown }).code);
