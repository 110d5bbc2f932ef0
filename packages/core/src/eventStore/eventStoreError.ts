/**
 * Why an event store refused a call, when it is not a version conflict:
 * - `'INVALID_ARGUMENT'`: a malformed call (including an append of which only some event ids are
 *   already in the stream); nothing was written;
 * - `'STORE_CLOSED'`: a call after `close()`;
 * - `'BUSY'`: another connection held the store's write lock for longer than the store waits (only
 *   stores that share a lock across processes raise it); nothing of the append was written.
 */
export type EventStoreErrorCode = 'INVALID_ARGUMENT' | 'STORE_CLOSED' | 'BUSY';

const CODES: ReadonlySet<unknown> = new Set<EventStoreErrorCode>([
  'INVALID_ARGUMENT',
  'STORE_CLOSED',
  'BUSY',
]);

/**
 * An error of any {@link EventStore} that is not a version conflict (that one is a
 * {@link VersionConflictError}). Every store of Gavel raises this one class; tell the cases apart by `code`.
 *
 * @example
 * try {
 *   await store.appendToStream(stream, events, { expectedVersion });
 * } catch (error) {
 *   if (isEventStoreError(error) && error.code === 'BUSY') retryLater();
 *   else throw error;
 * }
 */
export class EventStoreError extends Error {
  /** Why the store refused the call. */
  readonly code: EventStoreErrorCode;

  /**
   * @param code - why the store refused the call.
   * @param message - what was wrong, naming the argument for `'INVALID_ARGUMENT'`.
   * @param options - `cause`: the driver's error this one stands for, if any.
   */
  constructor(code: EventStoreErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreError';
    this.code = code;
  }
}

/** True for an {@link EventStoreError}, also one from another copy of this package (checked by `code`). */
export const isEventStoreError = (error: unknown): error is EventStoreError =>
  typeof error === 'object' && error !== null && CODES.has((error as { code?: unknown }).code);
