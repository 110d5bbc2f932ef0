/** Which feed subscriptions to open and to close. */
export interface WatchPlan {
  readonly watch: readonly string[];
  readonly unwatch: readonly string[];
}

/**
 * Which listed auctions the list follows live, at most `max` (the feed bounds the auctions one
 * connection may watch): those on screen first, then the rest in list order. A list of `max` or fewer
 * is followed whole; a longer one follows what the reader scrolls to. Answers the change from `watched`.
 */
export const watchPlan = (
  listed: readonly string[],
  visible: ReadonlySet<string>,
  watched: ReadonlySet<string>,
  max: number,
): WatchPlan => {
  const wanted = new Set<string>();
  for (const auctionId of listed) if (wanted.size < max && visible.has(auctionId)) wanted.add(auctionId);
  for (const auctionId of listed) if (wanted.size < max) wanted.add(auctionId);
  return {
    watch: [...wanted].filter((auctionId) => !watched.has(auctionId)),
    unwatch: [...watched].filter((auctionId) => !wanted.has(auctionId)),
  };
};
