import type { AppendResult } from '@gavel/core';
import type { EventToWrite } from '../client/storeClient';
import type { StoreContext } from '../storeContext';

/**
 * When EventStoreDB rejects an append on its expected revision, the append may still be a retry of
 * events already written: answers `duplicate: true` when every id is there, null otherwise.
 *
 * A retry's original was written after the stream state its writer read (the append's expected
 * version, `afterVersion`), so only the events after it are read, in one backwards read from the
 * version the server reported (`actualVersion`): a conflict costs the events its writer had not seen,
 * not the whole stream, and nothing when they are fewer than the append's events.
 */
export const findRecordedDuplicate = async (
  context: StoreContext,
  streamName: string,
  written: readonly EventToWrite[],
  afterVersion: number,
  actualVersion: number,
): Promise<AppendResult | null> => {
  const unseen = actualVersion - afterVersion;
  if (unseen < written.length) return null;
  const read = await context.withRetry(() =>
    context.client.readBackwards(streamName, BigInt(actualVersion - 1), unseen),
  );
  if (read === 'stream-not-found') return null;
  const positionById = new Map(read.map((event) => [event.id, event.position ?? 0n]));
  let lastPosition = 0n;
  for (const event of written) {
    const position = positionById.get(event.id);
    if (position === undefined) return null;
    if (position > lastPosition) lastPosition = position;
  }
  return { nextExpectedVersion: actualVersion, lastPosition, duplicate: true };
};
