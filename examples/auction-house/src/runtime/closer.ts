// TEMPORARY stand-in until @gavel/core exports createAuctionCloser; then this file re-exports it.
import { type AuctionService, type EventStore, isAuctionEvent } from '@gavel/core';

/** Closes auctions whose end has passed. */
export const createAuctionCloser = ({ store, service }: { store: EventStore; service: AuctionService }) => {
  const ends = new Map<string, number>();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let loop: Promise<void> | undefined;
  const tick = async () => {
    const now = Date.now();
    for (const [id, end] of ends) {
      if (end > now) continue;
      ends.delete(id);
      const result = await service
        .execute({ type: 'CloseAuction', data: { auctionId: id } })
        .catch(() => null);
      if (result === null) ends.set(id, end);
      else if (!result.ok && result.code === 'NOT_ENDED' && result.view) ends.set(id, result.view.endsAt);
    }
  };
  return {
    start: () =>
      new Promise<void>((resolve) => {
        loop = (async () => {
          for await (const message of store.subscribe({ category: 'auction', signal: abort.signal })) {
            if (message.type === 'caught-up') {
              resolve();
              continue;
            }
            const event = message.event;
            if (!isAuctionEvent(event)) continue;
            const id = event.data.auctionId;
            if (event.type === 'AuctionOpened') ends.set(id, event.data.endsAt);
            else if (event.type === 'AuctionExtended') ends.set(id, event.data.endsAt);
            else if (event.type === 'AuctionClosed' || event.type === 'AuctionCancelled') ends.delete(id);
          }
        })().catch(() => undefined);
        timer = setInterval(() => void tick(), 100);
      }),
    stop: async () => {
      clearInterval(timer);
      abort.abort();
      await loop;
    },
  };
};
