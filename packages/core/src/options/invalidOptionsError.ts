/**
 * A factory or helper was given an option it cannot take: a missing or wrongly typed field, a number
 * out of range, two options that contradict each other. Every factory of Gavel throws it, synchronously,
 * before it starts anything: the stores (`getSqliteEventStore`, `getPostgresEventStore`,
 * `getEventStoreDBEventStore`, `getInMemoryEventStore`), `createAuctionService`, `createAuctionCloser`,
 * `createProcessor`, `createAuctionFeed`, the relays and their consumers. It is a programming error, to
 * fix in the code or the configuration, never to retry.
 *
 * It extends `TypeError` (so `instanceof TypeError` still holds). A malformed *call* to a store method
 * (an append with a bad event, a read from a negative version) is not an option: it rejects with an
 * `EventStoreError` of code `INVALID_ARGUMENT`, as the event store port documents.
 *
 * @example
 * try {
 *   createAuctionService({ store, retry: { maxAttempts: 0 } });
 * } catch (error) {
 *   if (isInvalidOptionsError(error)) console.error(error.path, error.message); // 'retry.maxAttempts'
 * }
 */
export class InvalidOptionsError extends TypeError {
  /** Always `'INVALID_OPTIONS'`. */
  readonly code = 'INVALID_OPTIONS' as const;
  /**
   * The path of the wrong option inside the options object, dot-separated (`'retry.maxAttempts'`,
   * `'groupCommit.windowMs'`, `'limits.maxFrameBytes'`); `''` when the options object itself is wrong.
   */
  readonly path: string;

  /**
   * @param path - the wrong option's path inside the options object (see {@link InvalidOptionsError.path})
   * @param message - what is wrong, naming the option
   */
  constructor(path: string, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidOptionsError';
    this.path = path;
  }
}

/** True for an {@link InvalidOptionsError} (also across copies of the package, by its `code`). */
export const isInvalidOptionsError = (error: unknown): error is InvalidOptionsError =>
  error instanceof InvalidOptionsError ||
  (error instanceof TypeError && (error as { code?: unknown }).code === 'INVALID_OPTIONS');
