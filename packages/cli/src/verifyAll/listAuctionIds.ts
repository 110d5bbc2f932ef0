import { AUCTION_CATEGORY, type EventStore } from '@gavel/core';

const PREFIX = `${AUCTION_CATEGORY}-`;

/**
 * The id of every auction in a store, in the order their streams began: one pass over the store's
 * history (a subscription to the `auction` category, ended once it has caught up). The port has no
 * call that lists streams, so this is the one way that works on every store.
 */
export const listAuctionIds = async (
  store: EventStore,
  onEvent?: (count: number) => void,
): Promise<string[]> => {
  const controller = new AbortController();
  const ids = new Set<string>();
  let count = 0;
  for await (const message of store.subscribe({ category: AUCTION_CATEGORY, signal: controller.signal })) {
    if (message.type === 'caught-up') {
      controller.abort();
      break;
    }
    const name = message.event.streamName;
    if (name.startsWith(PREFIX)) ids.add(name.slice(PREFIX.length));
    count++;
    if (onEvent !== undefined && count % 1000 === 0) onEvent(count);
  }
  return [...ids];
};
