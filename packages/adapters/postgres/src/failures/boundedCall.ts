import { EventStoreError } from '@gavel/core';
import type { Pool, PoolClient } from 'pg';
import { toEventStoreError } from './toEventStoreError';

/** What a bounded call tells its body, and what the body tells it back. */
export interface CallContext {
  /**
   * Checks a client out of the pool for the rest of the call. While it is out, an `'error'` it emits
   * (the server restarting, the connection dropping) is caught, never left to crash the process, and
   * the client is destroyed instead of going back to the pool. It is released when the call ends, or
   * destroyed at once if the deadline passes first.
   */
  readonly checkOut: () => Promise<PoolClient>;
  /** Marks that the statement that writes is being sent: a failure from now on may have written. */
  readonly markSent: () => void;
  /** Releases the checked-out client early, destroying it when `error` is given. */
  readonly release: (error?: Error) => void;
}

/**
 * Runs one store call within `timeoutMs`: the call's promise settles by then, with its result or an
 * {@link EventStoreError} (`TIMEOUT` once the time is up, with `mayHaveWritten` when the write had been
 * sent; any driver error mapped by {@link toEventStoreError}). This client-side timer is the last
 * resort behind the pool's connection timeout and the server's statement timeout: it also covers a
 * server that is frozen (no answer, no error) and a pool given by the caller without timeouts.
 */
export const boundedCall = <T>(
  pool: Pool,
  timeoutMs: number,
  what: string,
  body: (context: CallContext) => Promise<T>,
): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    let sent = false;
    let settled = false;
    let client: PoolClient | undefined;
    let released = false;
    /** An error the checked-out client emitted: it is then destroyed, not returned to the pool. */
    let lost: Error | undefined;
    const onClientError = (error: Error): void => {
      lost ??= error;
    };

    const release = (error?: Error): void => {
      if (client === undefined || released) return;
      released = true;
      client.removeListener('error', onClientError);
      client.release(error ?? lost);
    };

    const checkOut = async (): Promise<PoolClient> => {
      const checkedOut = await pool.connect();
      checkedOut.on('error', onClientError);
      if (settled) {
        // The deadline passed while waiting for a connection: give it back unused.
        checkedOut.removeListener('error', onClientError);
        checkedOut.release();
        throw new EventStoreError('TIMEOUT', `PostgreSQL ${what} timed out`);
      }
      client = checkedOut;
      return checkedOut;
    };

    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      reject(
        new EventStoreError('TIMEOUT', `PostgreSQL ${what} got no answer within ${timeoutMs} ms`, {
          mayHaveWritten: sent,
        }),
      );
      // Its statement may never finish (a frozen server): free the pool's slot by destroying the client.
      release(new Error(`gave up after ${timeoutMs} ms`));
    }, timeoutMs);

    body({ checkOut, markSent: () => (sent = true), release }).then(
      (result) => {
        release();
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      },
      (error: unknown) => {
        release(error instanceof Error && !isStoreOwnError(error) ? error : undefined);
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(toEventStoreError(error, what, sent));
      },
    );
  });

/**
 * The store's own refusals (a conflict, a malformed call) leave the client usable; any other error may
 * leave the session holding a lock or in a broken state, so that client is destroyed.
 */
const isStoreOwnError = (error: Error): boolean => {
  const code = (error as { code?: unknown }).code;
  return code === 'VERSION_CONFLICT' || code === 'INVALID_ARGUMENT' || code === 'GV001' || code === 'GV002';
};
