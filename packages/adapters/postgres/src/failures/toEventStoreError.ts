import { EventStoreError, type EventStoreErrorCode, isEventStoreError } from '@gavel/core';

/** SQLSTATEs (exact) and their code. Classes are in {@link BY_CLASS}. */
const BY_SQLSTATE: ReadonlyMap<string, EventStoreErrorCode> = new Map([
  ['57P01', 'UNAVAILABLE'], // admin_shutdown: the server is stopping (fast or immediate)
  ['57P02', 'UNAVAILABLE'], // crash_shutdown
  ['57P03', 'UNAVAILABLE'], // cannot_connect_now: starting up or shutting down
  ['57P04', 'UNAVAILABLE'], // database_dropped
  ['53300', 'UNAVAILABLE'], // too_many_connections
  ['25P03', 'UNAVAILABLE'], // idle_in_transaction_session_timeout: the server closed the session
  ['57014', 'TIMEOUT'], // query_canceled: statement_timeout
  ['55P03', 'BUSY'], // lock_not_available (lock_timeout)
  ['40001', 'BUSY'], // serialization_failure
  ['40P01', 'BUSY'], // deadlock_detected
  ['53100', 'STORAGE_FULL'], // disk_full
  ['25006', 'READ_ONLY'], // read_only_sql_transaction: a standby, or default_transaction_read_only
]);

/** SQLSTATE classes (first two characters) and their code. */
const BY_CLASS: ReadonlyMap<string, EventStoreErrorCode> = new Map([
  ['08', 'UNAVAILABLE'], // connection exception
  ['22', 'INVALID_ARGUMENT'], // data exception (e.g. 22P05 U+0000 in jsonb, 22021 bad encoding)
  ['54', 'INVALID_ARGUMENT'], // program limit exceeded (e.g. 54000 an index row too large)
]);

/** Node's network errors: the server cannot be reached or the connection dropped. */
const NETWORK_ERRNOS: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOENT', // a Unix socket path that does not exist
]);

interface DriverError {
  readonly code?: unknown;
  readonly severity?: unknown;
  readonly message?: unknown;
}

/** The code for a driver error: by SQLSTATE, by class, by errno, else by message (errors without code). */
const codeOf = (error: DriverError): EventStoreErrorCode => {
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined) {
    const exact = BY_SQLSTATE.get(code) ?? (code.length === 5 ? BY_CLASS.get(code.slice(0, 2)) : undefined);
    if (exact !== undefined) return exact;
    if (NETWORK_ERRNOS.has(code)) return 'UNAVAILABLE';
  }
  const message = typeof error.message === 'string' ? error.message : '';
  // pg: 'Query read timeout', 'timeout exceeded when trying to connect', 'timeout expired',
  // 'Connection terminated due to connection timeout'.
  if (/timeout|timed out/i.test(message)) return 'TIMEOUT';
  // Anything else ('Connection terminated unexpectedly', 'Client has encountered a connection error and
  // is not queryable', an internal server error, …): the store cannot do its work now.
  return 'UNAVAILABLE';
};

/**
 * True when the server answered the statement with an error of its own (severity ERROR): the statement
 * failed and, being one implicit transaction, wrote nothing. A FATAL or PANIC error, a lost connection
 * or a timeout on this side leave the outcome unknown: the commit may have happened.
 */
const statementFailed = (error: DriverError): boolean =>
  error.severity === 'ERROR' && typeof error.code === 'string' && !error.code.startsWith('08');

/**
 * Maps any failure of a PostgreSQL call to core's {@link EventStoreError}: the store's own errors
 * (a conflict, a malformed call, closed) pass through; a driver error becomes the code of the table in
 * `docs/reliability.md`, with the driver's error as `cause`. `sent`: the statement that writes had been
 * sent when it failed, so that, unless the server refused it, it may have been written.
 */
export const toEventStoreError = (error: unknown, what: string, sent: boolean): EventStoreError => {
  if (isEventStoreError(error) && error instanceof Error) return error as EventStoreError;
  const driver: DriverError = typeof error === 'object' && error !== null ? (error as DriverError) : {};
  const code = codeOf(driver);
  const detail = typeof driver.message === 'string' ? driver.message : String(error);
  const sqlstate = typeof driver.code === 'string' ? ` (${driver.code})` : '';
  return new EventStoreError(code, `PostgreSQL ${what} failed: ${detail.slice(0, 200)}${sqlstate}`, {
    cause: error,
    mayHaveWritten: sent && code !== 'INVALID_ARGUMENT' && !statementFailed(driver),
  });
};
