/** Why the PostgreSQL event store refused a call (a version conflict is core's `VersionConflictError`). */
export type PostgresEventStoreErrorCode = 'INVALID_ARGUMENT' | 'STORE_CLOSED';

/** An error of the PostgreSQL event store that is not a version conflict. */
export class PostgresEventStoreError extends Error {
  /** `'INVALID_ARGUMENT'` for a malformed call, `'STORE_CLOSED'` after `close()`. */
  readonly code: PostgresEventStoreErrorCode;

  constructor(code: PostgresEventStoreErrorCode, message: string) {
    super(message);
    this.name = 'PostgresEventStoreError';
    this.code = code;
  }
}
