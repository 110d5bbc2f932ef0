import type { AppendResult } from '@gavel/core';
import { toVersion } from '../expectedRevision';
import { currentVersion } from '../reading/currentVersion';
import type { StoreContext } from '../storeContext';

/**
 * What an append EventStoreDB accepted did: EventStoreDB answers a replayed append (an idempotent
 * write of ids it already has) exactly like the original, so the last event it reports is read and
 * ours (this call's `appendId`) told from the original's, which makes the answer `duplicate: true`.
 */
export const writtenAppendResult = async (
  context: StoreContext,
  streamName: string,
  written: { readonly revision: bigint; readonly position: bigint | undefined },
  appendId: string,
): Promise<AppendResult> => {
  const nextExpectedVersion = toVersion(written.revision);
  const read = await context.withRetry(() => context.client.readForwards(streamName, written.revision, 1));
  const last = read === 'stream-not-found' ? undefined : read[0];
  if (last === undefined)
    return { nextExpectedVersion, lastPosition: written.position ?? 0n, duplicate: false };
  const lastPosition = last.position ?? written.position ?? 0n;
  const ours =
    (last.metadata as { $gavel?: { appendId?: unknown } } | undefined)?.$gavel?.appendId === appendId;
  if (ours) return { nextExpectedVersion, lastPosition, duplicate: false };
  return { nextExpectedVersion: await currentVersion(context, streamName), lastPosition, duplicate: true };
};
