/** An error of the EventStoreDB event store that is not a version conflict. */
export class EventStoreDBEventStoreError extends Error {
  /**
   * `'INVALID_ARGUMENT'` for a malformed call (including an append of which only some event ids are
   * already in the stream), `'STORE_CLOSED'` after `close()`.
   */
  readonly code: 'INVALID_ARGUMENT' | 'STORE_CLOSED';
  constructor(code: EventStoreDBEventStoreError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreDBEventStoreError';
    this.code = code;
  }
}
