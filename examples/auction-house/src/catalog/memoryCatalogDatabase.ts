import type { CatalogDatabase, CatalogPage } from './catalogDatabase';
import type { AuctionColumns, CatalogListRow, CatalogQuery } from './catalogRow';
import { SORT_KEYS } from './catalogRow';
import type { FoldedAuction } from './projectCatalog';
import { matchesWords } from './searchWords';

interface Row {
  auction?: AuctionColumns;
  title?: string;
}

const statusMatches = (auction: AuctionColumns, status: CatalogQuery['status'], now: number): boolean => {
  switch (status) {
    case undefined:
      return true;
    case 'open':
      return auction.status === 'open' && auction.endsAt > now;
    case 'ended':
      return auction.status === 'open' && auction.endsAt <= now;
    default:
      return auction.status === status;
  }
};

/**
 * The catalog in this process's memory, for the in-memory store (tests, the demo without a file): the
 * same answers as the SQL ones, and the model the SQL ones are checked against.
 */
export const memoryCatalogDatabase = (): CatalogDatabase<undefined> => {
  const rows = new Map<string, Row>();
  const bidders = new Map<string, Set<string>>();
  const row = (auctionId: string): Row => {
    const found = rows.get(auctionId);
    if (found !== undefined) return found;
    const created: Row = {};
    rows.set(auctionId, created);
    return created;
  };
  const listed = (): { auction: AuctionColumns; title: string }[] =>
    [...rows.values()].flatMap(({ auction, title }) =>
      auction !== undefined && title !== undefined && auction.status !== 'none' ? [{ auction, title }] : [],
    );
  const toListRow = (auction: AuctionColumns, title: string, value: number): CatalogListRow => ({
    auctionId: auction.auctionId,
    title,
    state: auction.state,
    version: auction.version,
    sortValue: value,
  });

  return {
    ensureSchema: async () => {},
    loadAuctions: async (_transaction, auctionIds) => {
      const found = new Map<string, FoldedAuction>();
      for (const auctionId of auctionIds) {
        const auction = rows.get(auctionId)?.auction;
        if (auction !== undefined)
          found.set(auctionId, {
            state: auction.state,
            version: auction.version,
            createdAt: auction.createdAt,
          });
      }
      return found;
    },
    save: async (_transaction, changes) => {
      for (const auction of changes.auctions) row(auction.auctionId).auction = auction;
      for (const listing of changes.listings) row(listing.auctionId).title = listing.title;
      for (const [userId, auctionId] of changes.bidders) {
        const auctions = bidders.get(userId) ?? new Set<string>();
        auctions.add(auctionId);
        bidders.set(userId, auctions);
      }
    },
    list: async (query: CatalogQuery, now: number): Promise<CatalogPage> => {
      const { column, descending } = SORT_KEYS[query.sort];
      const direction = descending ? -1 : 1;
      const compare = (a: readonly [number, string], b: readonly [number, string]): number =>
        direction * (a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
      const after = query.after;
      const matching = listed()
        .filter(
          ({ auction, title }) =>
            statusMatches(auction, query.status, now) && matchesWords(title, query.words),
        )
        .map(({ auction, title }) => ({ auction, title, key: [auction[column], auction.auctionId] as const }))
        .filter(({ key }) => after === undefined || compare(key, [after.value, after.auctionId]) > 0)
        .sort((a, b) => compare(a.key, b.key));
      return {
        rows: matching
          .slice(0, query.limit)
          .map(({ auction, title, key }) => toListRow(auction, title, key[0])),
        more: matching.length > query.limit,
      };
    },
    auctionsOf: async (userId, limit) =>
      [...(bidders.get(userId) ?? [])]
        .map((auctionId) => rows.get(auctionId)?.auction)
        .filter((auction): auction is AuctionColumns => auction !== undefined)
        .sort((a, b) => b.endsAt - a.endsAt || (a.auctionId < b.auctionId ? -1 : 1))
        .slice(0, limit)
        .map((auction) => auction.auctionId),
    openAuctions: async (now, limit) =>
      listed()
        .filter(({ auction }) => statusMatches(auction, 'open', now))
        .sort(
          (a, b) =>
            a.auction.endsAt - b.auction.endsAt || (a.auction.auctionId < b.auction.auctionId ? -1 : 1),
        )
        .slice(0, limit)
        .map(({ auction, title }) => toListRow(auction, title, auction.endsAt)),
    clear: async () => {
      rows.clear();
      bidders.clear();
    },
    close: async () => {},
  };
};
