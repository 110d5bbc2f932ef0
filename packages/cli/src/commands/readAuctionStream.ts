import { auctionStreamName, type EventStore, type RecordedEvent } from '@gavel/core';
import { CliError } from '../program/cliError';
import type { CliIo } from '../program/cliIo';
import { progressBar } from './progressBar';
import { storeCall } from './storeAccess';

/** Events read per call; a stream longer than one page shows a progress bar on a terminal. */
const PAGE = 20_000;

/**
 * Reads every recorded event of an auction's stream, page by page, with a progress bar on stderr for a
 * long stream when stderr is a terminal.
 * @throws CliError `UNKNOWN_AUCTION` when the stream has no event; `STORE_UNAVAILABLE` when the store fails.
 */
export const readAuctionStream = async (
  store: EventStore,
  url: string,
  auctionId: string,
  io: CliIo,
): Promise<RecordedEvent[]> => {
  const streamName = auctionStreamName(auctionId);
  const first = await storeCall(url, () => store.readStream(streamName, { maxCount: PAGE }));
  if (first.currentVersion === 0)
    throw new CliError('UNKNOWN_AUCTION', `no auction '${auctionId}' in this store`);
  const events: RecordedEvent[] = [...first.events];
  if (events.length >= first.currentVersion || first.events.length < PAGE) return events;
  const progress = progressBar(io, `reading ${auctionId}`, first.currentVersion);
  try {
    for (;;) {
      const last = events.at(-1)?.streamVersion ?? 0;
      const page = await storeCall(url, () =>
        store.readStream(streamName, { fromVersion: last, maxCount: PAGE }),
      );
      for (const event of page.events) events.push(event);
      progress.update(events.length);
      if (page.events.length < PAGE) return events;
    }
  } finally {
    progress.stop();
  }
};
