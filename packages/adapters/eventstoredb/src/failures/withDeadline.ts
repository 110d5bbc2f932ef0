import { EventStoreError } from '@gavel/core';
import { toEventStoreError } from './toEventStoreError';

/**
 * Runs one store call within `timeoutMs`: it settles by then with its result, its error mapped by
 * {@link toEventStoreError}, or `TIMEOUT` (`mayHaveWritten` for an append: it may still land; a retry
 * with the same ids is exact). The gRPC call itself goes on until the client's own deadline; `call`
 * gets a signal aborted at the deadline, so that a loop of several requests stops there.
 */
export const withDeadline = <T>(
  timeoutMs: number,
  what: string,
  write: boolean,
  call: (deadline: AbortSignal) => Promise<T>,
): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    let settled = false;
    const deadline = new AbortController();
    const timer = setTimeout(() => {
      settled = true;
      deadline.abort();
      reject(
        new EventStoreError('TIMEOUT', `EventStoreDB ${what} got no answer within ${timeoutMs} ms`, {
          mayHaveWritten: write,
        }),
      );
    }, timeoutMs);
    call(deadline.signal).then(
      (value) => {
        if (settled) return;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        clearTimeout(timer);
        reject(toEventStoreError(error, what, write));
      },
    );
  });
