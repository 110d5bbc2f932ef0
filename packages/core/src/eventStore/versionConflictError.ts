import type { ExpectedVersion } from './eventStore';
import { EventStoreError } from './eventStoreError';

/** An append found the stream at another version than expected: nothing of it was written. */
export class VersionConflictError extends EventStoreError {
  /** Always `'VERSION_CONFLICT'`. */
  declare readonly code: 'VERSION_CONFLICT';
  /** The stream the append targeted. */
  readonly streamName: string;
  /** The version the writer expected. */
  readonly expected: ExpectedVersion;
  /** The stream's actual version (count of events, 0 when it does not exist), when the store knows it. */
  readonly actual: number | undefined;

  constructor(streamName: string, expected: ExpectedVersion, actual: number | undefined) {
    super(
      'VERSION_CONFLICT',
      `Version conflict on stream '${streamName}': expected ${String(expected)}, actual ${actual === undefined ? 'unknown' : actual}`,
    );
    this.name = 'VersionConflictError';
    this.streamName = streamName;
    this.expected = expected;
    this.actual = actual;
  }
}

/** True for a {@link VersionConflictError}, also one from another copy of this package. */
export const isVersionConflictError = (error: unknown): error is VersionConflictError =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'VERSION_CONFLICT';
