import { EventStoreError, type EventStoreErrorCode, isEventStoreError } from '@gavel/core';

/** The client's error `type`s and their code; anything else is `UNAVAILABLE`. */
const BY_TYPE: ReadonlyMap<string, EventStoreErrorCode> = new Map([
  ['timeout', 'TIMEOUT'],
  ['deadline-exceeded', 'TIMEOUT'],
  ['unavailable', 'UNAVAILABLE'],
  ['not-leader', 'UNAVAILABLE'],
  ['cancelled', 'UNAVAILABLE'],
  ['unknown', 'UNAVAILABLE'],
  ['invalid-argument', 'INVALID_ARGUMENT'],
  ['invalid-transaction', 'INVALID_ARGUMENT'],
  ['maximum-append-size-exceeded', 'INVALID_ARGUMENT'],
  ['stream-deleted', 'INVALID_ARGUMENT'],
]);

/** Types after which the server has refused the call for sure: nothing was written. */
const REFUSED: ReadonlySet<string> = new Set([
  'invalid-argument',
  'invalid-transaction',
  'maximum-append-size-exceeded',
  'stream-deleted',
  'access-denied',
  'not-leader',
]);

/** gRPC status codes (some client calls reject with the raw gRPC error, which has no `type`). */
const BY_GRPC_STATUS: ReadonlyMap<number, string> = new Map([
  [1, 'cancelled'],
  [2, 'unknown'],
  [4, 'deadline-exceeded'],
  [14, 'unavailable'],
]);

/** The client's `type`, or the one its raw gRPC status stands for. */
const typeOf = (error: unknown): string => {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    type?: unknown;
    code?: unknown;
  };
  if (typeof fields.type === 'string') return fields.type;
  return typeof fields.code === 'number' ? (BY_GRPC_STATUS.get(fields.code) ?? '') : '';
};

/** gRPC's words for a call that never left: no connection could be made. */
const NEVER_CONNECTED = /No connection established/;

/**
 * Maps a failure of an EventStoreDB call to core's {@link EventStoreError}: the store's own errors pass
 * through; the client's become the code of their `type` (`TIMEOUT` for a deadline, `UNAVAILABLE` for
 * an unreachable server or a leader change, `INVALID_ARGUMENT` for a refused write), with the client's
 * error as `cause`. `sent`: an append had been sent, so a timeout or a lost connection leaves its
 * outcome unknown (`mayHaveWritten`; a retry with the same ids is deduplicated by EventStoreDB).
 */
export const toEventStoreError = (error: unknown, what: string, sent: boolean): EventStoreError => {
  if (isEventStoreError(error) && error instanceof Error) return error as EventStoreError;
  const type = typeOf(error);
  const code = BY_TYPE.get(type) ?? 'UNAVAILABLE';
  const message = error instanceof Error ? error.message : String(error);
  return new EventStoreError(
    code,
    `EventStoreDB ${what} failed: ${message.slice(0, 200)}${type === '' ? '' : ` (${type})`}`,
    {
      cause: error,
      mayHaveWritten: sent && !REFUSED.has(type) && !NEVER_CONNECTED.test(message),
    },
  );
};
