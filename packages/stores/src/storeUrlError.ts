/**
 * Thrown by {@link openEventStore} for a URL that is not a store URL: the same one-line message as the
 * problem {@link parseStoreUrl} returns, with `code` `INVALID_STORE_URL`.
 *
 * @example
 * try {
 *   await openEventStore(url);
 * } catch (error) {
 *   if (isStoreUrlError(error)) console.error(error.message); // 'mysql://…' is not a store URL: use …
 *   else throw error;
 * }
 */
export class StoreUrlError extends Error {
  /** Always `INVALID_STORE_URL`. */
  readonly code = 'INVALID_STORE_URL' as const;

  /** @param message - what is wrong with the URL and the forms it may take, on one line. */
  constructor(message: string) {
    super(message);
    this.name = 'StoreUrlError';
  }
}

/** True for a {@link StoreUrlError}, also one from another copy of this package (checked by `name` and `code`). */
export const isStoreUrlError = (error: unknown): error is StoreUrlError =>
  error instanceof StoreUrlError ||
  (error instanceof Error &&
    error.name === 'StoreUrlError' &&
    (error as { code?: unknown }).code === 'INVALID_STORE_URL');
