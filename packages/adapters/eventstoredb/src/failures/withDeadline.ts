import { EventStoreError } from '@gavel/core';
import { toEventStoreError } from './toEventStoreError';

/**
 * Runs one store call within `timeoutMs`: it settles by then with its result, its error mapped by
 * {@link toEventStoreError}, or `TIMEOUT` (`mayHaveWritten` for an append: it may still land; a retry
 * with the same ids is exact). The gRPC call itself goes on until the client's own deadline.
 */
export const withDeadline = <T>(
  timeoutMs: number,
  what: string,
  write: boolean,
  call: () => Promise<T>,
): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(
        new EventStoreError('TIMEOUT', `EventStoreDB ${what} got no answer within ${timeoutMs} ms`, {
          mayHaveWritten: write,
        }),
      );
    }, timeoutMs);
    call().then(
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
