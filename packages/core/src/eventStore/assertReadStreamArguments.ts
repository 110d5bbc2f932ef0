import { EventStoreError } from './eventStoreError';

/**
 * Checks the arguments of an {@link EventStore.readStream} call and throws an {@link EventStoreError}
 * with code `'INVALID_ARGUMENT'` whose message names the first wrong argument: `streamName` must be a
 * string, `options.fromVersion` (when given) a non-negative safe integer, `options.maxCount` (when
 * given) a positive safe integer.
 */
export const assertReadStreamArguments = (streamName: unknown, options: unknown): void => {
  if (typeof streamName !== 'string')
    throw new EventStoreError('INVALID_ARGUMENT', 'streamName must be a string');
  const given = options as { fromVersion?: unknown; maxCount?: unknown } | null | undefined;
  const fromVersion = given?.fromVersion ?? 0;
  if (!Number.isSafeInteger(fromVersion) || (fromVersion as number) < 0)
    throw new EventStoreError('INVALID_ARGUMENT', 'options.fromVersion must be a non-negative integer');
  const maxCount = given?.maxCount;
  if (maxCount !== undefined && (!Number.isSafeInteger(maxCount) || (maxCount as number) < 1))
    throw new EventStoreError('INVALID_ARGUMENT', 'options.maxCount must be a positive integer');
};
