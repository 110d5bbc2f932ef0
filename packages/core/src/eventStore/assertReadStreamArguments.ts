import { EventStoreError } from './eventStoreError';
import { isStorableText, MAX_STREAM_NAME_LENGTH } from './storableText';

/**
 * Checks the arguments of an `EventStore.readStream` call and throws an {@link EventStoreError}
 * with code `'INVALID_ARGUMENT'` whose message names the first wrong argument: `streamName` must be a
 * string that an append could have used (at most 500 characters, well-formed, without U+0000: no store
 * could hold such a stream, and some would read another one in its place), `options.fromVersion` (when given) a non-negative safe integer, `options.maxCount` (when
 * given) a positive safe integer.
 */
export const assertReadStreamArguments = (streamName: unknown, options: unknown): void => {
  if (typeof streamName !== 'string')
    throw new EventStoreError('INVALID_ARGUMENT', 'streamName must be a string');
  if (streamName.length > MAX_STREAM_NAME_LENGTH)
    throw new EventStoreError(
      'INVALID_ARGUMENT',
      `streamName must have at most ${MAX_STREAM_NAME_LENGTH} characters`,
    );
  if (!isStorableText(streamName))
    throw new EventStoreError('INVALID_ARGUMENT', 'streamName must be well-formed text without U+0000');
  const given = options as { fromVersion?: unknown; maxCount?: unknown } | null | undefined;
  const fromVersion = given?.fromVersion ?? 0;
  if (!Number.isSafeInteger(fromVersion) || (fromVersion as number) < 0)
    throw new EventStoreError('INVALID_ARGUMENT', 'options.fromVersion must be a non-negative integer');
  const maxCount = given?.maxCount;
  if (maxCount !== undefined && (!Number.isSafeInteger(maxCount) || (maxCount as number) < 1))
    throw new EventStoreError('INVALID_ARGUMENT', 'options.maxCount must be a positive integer');
};
