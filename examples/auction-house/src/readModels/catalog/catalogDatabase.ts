import type { AuctionNotification, AuctionState, PublicHistoryEntry } from '@gavel/core';
import type {
  AuctionColumns,
  BidderChange,
  CatalogListRow,
  CatalogQuery,
  ListingColumns,
  OpenAuctionRow,
  OwnAuctionRow,
  OwnOffer,
} from './catalogRow';
import type { FoldedAuction, HistoryRow } from './projectCatalog';

/** A notification as the page shows it: with its auction's title (null when the catalog has none). */
export type TitledNotification = AuctionNotification & { readonly title: string | null };

/** What {@link CatalogDatabase.auctionDetail} answers. */
export interface AuctionDetailRow {
  readonly row: CatalogListRow;
  /** The decider's state: who leads, the result. */
  readonly state: AuctionState;
  readonly sellerName: string;
  readonly history: readonly PublicHistoryEntry[];
  readonly offer: OwnOffer | null;
}

/** A page of the list: its rows, and whether more follow. */
export interface CatalogPage {
  readonly rows: readonly CatalogListRow[];
  readonly more: boolean;
}

/**
 * The version of the catalog's tables. A release that changes them raises it: the first instance of
 * the new release to start drops the old tables and rebuilds the catalog from the history.
 */
export const CATALOG_SCHEMA_VERSION = 4;

/**
 * Where the catalog keeps its rows: the store's own database (SQLite, PostgreSQL), or memory for the
 * in-memory store. Writes run in the processor's transaction `TTransaction` (with its checkpoint);
 * reads answer the API.
 */
export interface CatalogDatabase<TTransaction> {
  /**
   * Creates the tables and indexes when missing and answers `current`; answers `outdated`, changing
   * nothing, when the catalog's tables are from another {@link CATALOG_SCHEMA_VERSION} (then drop them
   * with `dropCatalog`, reset the processor and call again).
   */
  ensureSchema(): Promise<'current' | 'outdated'>;
  /**
   * Drops the catalog's tables. The notifications and their outbox stay: their ids make a rebuild write
   * each of them once, so nothing is mailed twice.
   */
  dropCatalog(): Promise<void>;
  /** The folded state of these auctions, as last written. */
  loadAuctions(transaction: TTransaction, auctionIds: readonly string[]): Promise<Map<string, FoldedAuction>>;
  /** Writes what one batch changed. */
  save(
    transaction: TTransaction,
    changes: {
      readonly auctions: readonly AuctionColumns[];
      readonly listings: readonly ListingColumns[];
      readonly bidders: readonly BidderChange[];
      readonly history: readonly HistoryRow[];
    },
  ): Promise<void>;
  /**
   * One auction as its page shows it: its row, its public history (bidders as recorded: mask them), and
   * `userId`'s own standing offer on it (null without a user or an offer); null when the catalog does
   * not have it (yet).
   */
  auctionDetail(auctionId: string, userId: string | null): Promise<AuctionDetailRow | null>;
  /** One page of the listed auctions (with a title and opened), at `now`. */
  list(query: CatalogQuery, now: number): Promise<CatalogPage>;
  /** The auctions the user sells (listed), soonest end first, paged like {@link CatalogDatabase.bidsOf}. */
  sellerAuctions(
    userId: string,
    limit: number,
    after?: { readonly endsAt: number; readonly auctionId: string },
  ): Promise<{ readonly rows: readonly CatalogListRow[]; readonly more: boolean }>;
  /**
   * The auctions where the user holds an offer, each with their offer (their latest bid that no
   * retraction withdrew), soonest end first (ties by auction id): a page of at most `limit` after
   * `after` (the previous page's last end and auction id).
   */
  bidsOf(
    userId: string,
    limit: number,
    after?: { readonly endsAt: number; readonly auctionId: string },
  ): Promise<{ readonly rows: readonly OwnAuctionRow[]; readonly more: boolean }>;
  /** The users who hold an offer on the auction: bids not all withdrawn (read in the batch's transaction). */
  biddersOf(transaction: TTransaction, auctionId: string): Promise<string[]>;
  /**
   * Keeps notifications, each once by its id (a batch handled again adds nothing), and puts each in the
   * mail outbox once.
   */
  saveNotifications(transaction: TTransaction, notifications: readonly AuctionNotification[]): Promise<void>;
  /** A user's notifications, newest first, with their auctions' titles. */
  notificationsOf(userId: string, limit: number): Promise<TitledNotification[]>;
  /** Notifications kept after sequence number `seq` (every user's), oldest first, with their numbers. */
  notificationsAfter(
    seq: number,
    limit: number,
  ): Promise<readonly { readonly seq: number; readonly notification: TitledNotification }[]>;
  /** The sequence number of the last notification kept (0 when none). */
  lastNotificationSeq(): Promise<number>;
  /** Notifications of the mail outbox not yet mailed, oldest first. */
  unmailed(limit: number): Promise<AuctionNotification[]>;
  /** Marks outbox entries mailed. */
  markMailed(ids: readonly string[], at: number): Promise<void>;
  /** Open auctions (listed, not past their end), soonest end first, with their states. */
  openAuctions(now: number, limit: number): Promise<OpenAuctionRow[]>;
  /** Empties the tables (a rebuild). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
