import type { ReadStreamOptions, ReadStreamResult, RecordedEvent } from '@gavel/core';
import { assertReadStreamArguments } from '@gavel/core/store';
import { EVENT_COLUMN_COUNT, type Statements } from './statements';
import { toRecordedEvent } from './toRecordedEvent';

/**
 * Reads a stream after `fromVersion`, at most `maxCount` events. The events and the stream's version
 * come from one statement (one snapshot); when no event comes back, the version is read apart, and if
 * another process appended in between the read starts over, so that `currentVersion` and `events`
 * always agree.
 */
export const readStream = (
  statements: Statements,
  streamName: string,
  options: ReadStreamOptions = {},
): ReadStreamResult => {
  assertReadStreamArguments(streamName, options);
  const fromVersion = options.fromVersion ?? 0;
  const limit = options.maxCount ?? -1;
  for (;;) {
    const rows = statements.readStream.all(streamName, streamName, fromVersion, limit);
    const first = rows[0];
    if (first !== undefined) {
      // `toRecordedEvent` reads the event columns and ignores the trailing version.
      const events: RecordedEvent[] = rows.map(toRecordedEvent);
      return { currentVersion: Number(first[EVENT_COLUMN_COUNT]), streamExists: true, events };
    }
    const head = statements.streamHead.get(streamName) as [bigint, bigint] | undefined;
    const currentVersion = head === undefined ? 0 : Number(head[0]);
    if (currentVersion <= fromVersion)
      return { currentVersion, streamExists: currentVersion > 0, events: [] };
  }
};
