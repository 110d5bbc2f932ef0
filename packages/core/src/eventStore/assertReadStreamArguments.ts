import { EventStoreError } from './eventStoreError';

/**
 * Checks the arguments of an {@link EventStore.readStream} call and throws an {@link EventStoreError}
 * with code `'INVALID_ARGUMENT'` whose message names the first wrong argument: `streamName` must be a
 * string, `options.fromVersion` (when given) a non-negative safe integer.
 */
export const assertReadStreamArguments = (streamName: unknown, options: unknown): void => {
  if (typeof streamName !== 'string')
    throw new EventStoreError('INVALID_ARGUMENT', 'streamName must be a string');
  const fromVersion = (options as { fromVersion?: unknown } | null | undefined)?.fromVersion ?? 0;
  if (!Number.isSafeInteger(fromVersion) || (fromVersion as number) < 0)
    throw new EventStoreError('INVALID_ARGUMENT', 'options.fromVersion must be a non-negative integer');
};
