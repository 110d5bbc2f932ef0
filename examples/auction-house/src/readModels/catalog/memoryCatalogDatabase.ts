import type { AuctionNotification, PublicHistoryEntry, PublicView } from '@gavel/core';
import type { CatalogDatabase, CatalogPage, TitledNotification } from './catalogDatabase';
import type {
  AuctionColumns,
  BidderChange,
  CatalogListRow,
  CatalogQuery,
  OwnAuctionRow,
  OwnOffer,
} from './catalogRow';
import { SORT_KEYS } from './catalogRow';
import type { FoldedAuction } from './projectCatalog';
import { matchesWords } from './searchWords';

interface Row {
  auction?: AuctionColumns;
  title?: string;
  sellerName?: string;
  /** version → entry. */
  history?: Map<number, PublicHistoryEntry>;
}

/** A user's standing bids on one auction, oldest first: their offer is the last one's. */
type StandingOffers = { readonly version: number; readonly offer: OwnOffer }[];

/**
 * Applies one change to a user's standing bids on an auction, in place: a bid joins them (once: a bid
 * at or below the last version is one already kept); a retraction withdraws, among the bids recorded
 * before it, all of them or the latest one.
 */
const applyBidderChange = (standing: StandingOffers, change: BidderChange): void => {
  if (change.kind === 'bid') {
    if ((standing.at(-1)?.version ?? 0) < change.version)
      standing.push({ version: change.version, offer: change.offer });
    return;
  }
  const before = standing.findLastIndex((bid) => bid.version < change.version);
  if (before < 0) return;
  if (change.scope === 'latest') standing.splice(before, 1);
  else standing.splice(0, before + 1);
};

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
  const notifications: { seq: number; notification: AuctionNotification }[] = [];
  const notificationIds = new Set<string>();
  /** The outbox: id → mailed at (null while not mailed). */
  const outbox = new Map<string, { notification: AuctionNotification; mailedAt: number | null }>();
  /** userId → auctionId → their standing bids (an auction where they hold no offer is absent). */
  const bidders = new Map<string, Map<string, StandingOffers>>();
  const offerOf = (userId: string, auctionId: string): OwnOffer | null =>
    bidders.get(userId)?.get(auctionId)?.at(-1)?.offer ?? null;
  const row = (auctionId: string): Row => {
    const found = rows.get(auctionId);
    if (found !== undefined) return found;
    const created: Row = {};
    rows.set(auctionId, created);
    return created;
  };
  const titled = (notification: AuctionNotification): TitledNotification => ({
    ...notification,
    title: rows.get(notification.auctionId)?.title ?? null,
  });
  const listed = (): { auction: AuctionColumns & { view: PublicView }; title: string }[] =>
    [...rows.values()].flatMap(({ auction, title }) =>
      auction?.view != null && title !== undefined && auction.status !== 'none'
        ? [{ auction: auction as AuctionColumns & { view: PublicView }, title }]
        : [],
    );
  const toListRow = (
    auction: AuctionColumns & { view: PublicView },
    title: string,
    value: number,
  ): CatalogListRow => ({
    auctionId: auction.auctionId,
    title,
    view: auction.view,
    version: auction.version,
    sortValue: value,
  });

  return {
    ensureSchema: async () => 'current',
    dropCatalog: async () => {
      rows.clear();
      bidders.clear();
    },
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
      for (const listing of changes.listings) {
        const found = row(listing.auctionId);
        found.title = listing.title;
        found.sellerName = listing.sellerName;
      }
      for (const { auctionId, entry } of changes.history) {
        const found = row(auctionId);
        found.history ??= new Map();
        found.history.set(entry.version, entry);
      }
      for (const change of changes.bidders) {
        const { userId, auctionId } = change;
        const auctions = bidders.get(userId) ?? new Map<string, StandingOffers>();
        const standing = auctions.get(auctionId) ?? [];
        applyBidderChange(standing, change);
        if (standing.length > 0) auctions.set(auctionId, standing);
        else auctions.delete(auctionId);
        if (auctions.size > 0) bidders.set(userId, auctions);
        else bidders.delete(userId);
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
    sellerAuctions: async (userId, limit, after) => {
      const own = listed()
        .filter(({ auction }) => auction.sellerId === userId)
        .map(({ auction, title }) => toListRow(auction, title, auction.endsAt))
        .filter(
          (row) =>
            after === undefined ||
            row.sortValue > after.endsAt ||
            (row.sortValue === after.endsAt && row.auctionId > after.auctionId),
        )
        .sort((a, b) => a.sortValue - b.sortValue || (a.auctionId < b.auctionId ? -1 : 1));
      return { rows: own.slice(0, limit), more: own.length > limit };
    },
    bidsOf: async (userId, limit, after) => {
      const own: OwnAuctionRow[] = [];
      for (const [auctionId, standing] of bidders.get(userId) ?? []) {
        const offer = standing.at(-1)?.offer;
        const found = rows.get(auctionId);
        if (found?.auction === undefined) continue;
        const { auction } = found;
        if (auction.view === null || offer === undefined) continue;
        own.push({
          ...toListRow({ ...auction, view: auction.view }, found.title ?? auctionId, auction.endsAt),
          offer,
        });
      }
      const key = (row: OwnAuctionRow): readonly [number, string] => [row.sortValue, row.auctionId];
      const compare = (a: readonly [number, string], b: readonly [number, string]): number =>
        a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
      const sorted = own
        .filter((row) => after === undefined || compare(key(row), [after.endsAt, after.auctionId]) > 0)
        .sort((a, b) => compare(key(a), key(b)));
      return { rows: sorted.slice(0, limit), more: sorted.length > limit };
    },
    auctionDetail: async (auctionId, userId) => {
      const found = rows.get(auctionId);
      if (found?.auction?.view == null || found.auction.status === 'none') return null;
      const { auction } = found;
      return {
        row: toListRow(
          { ...auction, view: auction.view as PublicView },
          found.title ?? auctionId,
          auction.endsAt,
        ),
        state: auction.state,
        sellerName: found.sellerName ?? '',
        history: [...(found.history ?? new Map<number, PublicHistoryEntry>()).values()].sort(
          (a, b) => a.version - b.version,
        ),
        offer: userId === null ? null : offerOf(userId, auctionId),
      };
    },
    biddersOf: async (_transaction, auctionId) =>
      [...bidders].filter(([, offers]) => offers.has(auctionId)).map(([userId]) => userId),
    saveNotifications: async (_transaction, list) => {
      for (const notification of list) {
        if (notificationIds.has(notification.id)) continue;
        notificationIds.add(notification.id);
        notifications.push({ seq: notifications.length + 1, notification });
        outbox.set(notification.id, { notification, mailedAt: null });
      }
    },
    notificationsOf: async (userId, limit) =>
      notifications
        .filter(({ notification }) => notification.userId === userId)
        .reverse()
        .slice(0, limit)
        .map(({ notification }) => titled(notification)),
    notificationsAfter: async (seq, limit) =>
      notifications
        .filter((entry) => entry.seq > seq)
        .slice(0, limit)
        .map((entry) => ({ seq: entry.seq, notification: titled(entry.notification) })),
    lastNotificationSeq: async () => notifications.length,
    unmailed: async (limit) =>
      [...outbox.values()]
        .filter((entry) => entry.mailedAt === null)
        .slice(0, limit)
        .map((entry) => entry.notification),
    markMailed: async (ids, at) => {
      for (const id of ids) {
        const entry = outbox.get(id);
        if (entry !== undefined) entry.mailedAt = at;
      }
    },
    openAuctions: async (now, limit) =>
      listed()
        .filter(({ auction }) => statusMatches(auction, 'open', now))
        .sort(
          (a, b) =>
            a.auction.endsAt - b.auction.endsAt || (a.auction.auctionId < b.auction.auctionId ? -1 : 1),
        )
        .slice(0, limit)
        .map(({ auction, title }) => ({
          ...toListRow(auction, title, auction.endsAt),
          state: auction.state,
        })),
    clear: async () => {
      rows.clear();
      bidders.clear();
      notifications.length = 0;
      notificationIds.clear();
      outbox.clear();
    },
    close: async () => {},
  };
};
