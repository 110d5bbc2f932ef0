import type { ReadStreamOptions, ReadStreamResult } from '@gavel/core';
import { assertReadStreamArguments } from '@gavel/core/store';
import { withDeadline } from '../failures/withDeadline';
import type { StoreContext } from '../storeContext';
import { toRecordedEvent } from '../toRecordedEvent';
import { currentVersion } from './currentVersion';

const readChecked = async (
  context: StoreContext,
  streamName: string,
  options: ReadStreamOptions,
): Promise<ReadStreamResult> => {
  const { fromVersion = 0, maxCount } = options;
  const read = await context.withRetry(() =>
    context.client.readForwards(streamName, BigInt(fromVersion), maxCount),
  );
  if (read === 'stream-not-found') return { currentVersion: 0, streamExists: false, events: [] };
  const events = read.map(toRecordedEvent);
  const last = events.at(-1);
  // A full window may stop short of the stream's end: its last event is not necessarily the stream's.
  const version =
    last === undefined || events.length === maxCount
      ? Math.max(await currentVersion(context, streamName), last?.streamVersion ?? 0)
      : last.streamVersion;
  return { currentVersion: version, streamExists: version > 0, events };
};

/** The store's `readStream`: checked arguments, forwards from `fromVersion`, within `timeoutMs`. */
export const readStreamEvents = async (
  context: StoreContext,
  streamName: string,
  options: ReadStreamOptions = {},
): Promise<ReadStreamResult> => {
  context.ensureOpen();
  assertReadStreamArguments(streamName, options);
  return withDeadline(context.timeoutMs, 'read', false, () => readChecked(context, streamName, options));
};
