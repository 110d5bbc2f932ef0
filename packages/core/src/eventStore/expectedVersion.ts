import type { ExpectedVersion } from './eventStore';
import { VersionConflictError } from './versionConflictError';

/** True when a stream at `actual` (its count of events) satisfies `expected`. */
export const matchesExpectedVersion = (expected: ExpectedVersion, actual: number): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 0;
    case 'stream_exists':
      return actual > 0;
    default:
      return expected === actual;
  }
};

/** Throws a {@link VersionConflictError} unless a stream at `actual` satisfies `expected`. */
export const assertExpectedVersion = (
  streamName: string,
  expected: ExpectedVersion,
  actual: number,
): void => {
  if (!matchesExpectedVersion(expected, actual)) throw new VersionConflictError(streamName, expected, actual);
};

/** True for a valid {@link ExpectedVersion}: a non-negative safe integer or one of the three names. */
export const isExpectedVersion = (value: unknown): value is ExpectedVersion =>
  value === 'any' ||
  value === 'no_stream' ||
  value === 'stream_exists' ||
  (Number.isSafeInteger(value) && (value as number) >= 0);
