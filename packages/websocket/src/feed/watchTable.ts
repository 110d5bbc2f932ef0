import type { AuctionWatchesContext } from './auctionWatches';
import type { Watch } from './watch';

/** The watches of a feed, shared by its parts: what they need, and the watched and idle auctions. */
export interface WatchTable extends AuctionWatchesContext {
  readonly watches: Map<string, Watch>;
  /** Watches without watchers, least recently left first. */
  readonly idle: Map<string, Watch>;
  /** Ends the waits between read retries at close. */
  readonly closing: AbortController;
  /** True once the watches are closed. */
  closed: boolean;
}

/** An empty table over `context`. */
export const createWatchTable = (context: AuctionWatchesContext): WatchTable => ({
  ...context,
  watches: new Map(),
  idle: new Map(),
  closing: new AbortController(),
  closed: false,
});

/** Updates the feed's counts of watched and idle auctions. */
export const countWatches = (table: WatchTable): void => {
  table.stats.idleAuctions = table.idle.size;
  table.stats.watchedAuctions = table.watches.size - table.idle.size;
};

/** Drops a watch from the table. */
export const forgetWatch = (table: WatchTable, watch: Watch): void => {
  const id = watch.auction.auctionId;
  if (table.watches.get(id) === watch) table.watches.delete(id);
  table.idle.delete(id);
  countWatches(table);
};

/**
 * A watch nobody waits on any more: kept idle (the most recently left last, the oldest beyond
 * `maxIdleAuctions` dropped) when it holds an auction, forgotten otherwise.
 */
export const settleWatch = (table: WatchTable, watch: Watch): void => {
  if (watch.watchers.size > 0 || watch.claims > 0) return;
  const { watches, idle, maxIdleAuctions } = table;
  const id = watch.auction.auctionId;
  if (watch.failure !== null || !watch.auction.exists() || maxIdleAuctions === 0) {
    forgetWatch(table, watch);
    return;
  }
  idle.delete(id);
  idle.set(id, watch);
  for (const [oldest, stale] of idle) {
    if (idle.size <= maxIdleAuctions) break;
    idle.delete(oldest);
    if (watches.get(oldest) === stale) watches.delete(oldest);
  }
  countWatches(table);
};
