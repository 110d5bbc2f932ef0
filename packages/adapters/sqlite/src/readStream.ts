import {
  assertReadStreamArguments,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RecordedEvent,
} from '@gavel/core';
import type { Statements } from './statements';
import { toRecordedEvent } from './toRecordedEvent';

/**
 * Reads a stream after `fromVersion`. The events come from one statement (one snapshot); when none
 * come back, the version is read apart, and if another process appended in between the read starts
 * over, so that `currentVersion` and `events` always agree.
 */
export const readStream = (
  statements: Statements,
  streamName: string,
  options: ReadStreamOptions = {},
): ReadStreamResult => {
  assertReadStreamArguments(streamName, options);
  const fromVersion = options.fromVersion ?? 0;
  for (;;) {
    const events: RecordedEvent[] = statements.readStream.all(streamName, fromVersion).map(toRecordedEvent);
    const last = events.at(-1);
    if (last !== undefined) return { currentVersion: last.streamVersion, streamExists: true, events };
    const head = statements.streamHead.get(streamName) as [bigint, bigint] | undefined;
    const currentVersion = head === undefined ? 0 : Number(head[0]);
    if (currentVersion <= fromVersion) return { currentVersion, streamExists: currentVersion > 0, events };
  }
};
