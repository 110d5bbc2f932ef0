/** An error of the SQLite store that is not a version conflict. */
export class SqliteEventStoreError extends Error {
  /**
   * `'STORE_CLOSED'` after `close()`; `'INVALID_ARGUMENT'` for a malformed call (checked before anything
   * is written); `'BUSY'` when another connection held the write lock for longer than the busy timeout
   * (nothing of the append was written).
   */
  readonly code: 'STORE_CLOSED' | 'INVALID_ARGUMENT' | 'BUSY';

  constructor(code: SqliteEventStoreError['code'], message: string) {
    super(message);
    this.name = 'SqliteEventStoreError';
    this.code = code;
  }
}
