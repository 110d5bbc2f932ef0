import type { AuctionColumns, CatalogListRow, CatalogQuery, ListingColumns } from './catalogRow';
import type { FoldedAuction } from './projectCatalog';

/** A page of the list: its rows, and whether more follow. */
export interface CatalogPage {
  readonly rows: readonly CatalogListRow[];
  readonly more: boolean;
}

/**
 * Where the catalog keeps its rows: the store's own database (SQLite, PostgreSQL), or memory for the
 * in-memory store. Writes run in the processor's transaction `TTransaction` (with its checkpoint);
 * reads answer the API.
 */
export interface CatalogDatabase<TTransaction> {
  /** Creates the tables and indexes when missing. */
  ensureSchema(): Promise<void>;
  /** The folded state of these auctions, as last written. */
  loadAuctions(transaction: TTransaction, auctionIds: readonly string[]): Promise<Map<string, FoldedAuction>>;
  /** Writes what one batch changed. */
  save(
    transaction: TTransaction,
    changes: {
      readonly auctions: readonly AuctionColumns[];
      readonly listings: readonly ListingColumns[];
      readonly bidders: readonly (readonly [string, string])[];
    },
  ): Promise<void>;
  /** One page of the listed auctions (with a title and opened), at `now`. */
  list(query: CatalogQuery, now: number): Promise<CatalogPage>;
  /** The auctions where the user made an offer, most recently ending first. */
  auctionsOf(userId: string, limit: number): Promise<string[]>;
  /** Open auctions (listed, not past their end), soonest end first. */
  openAuctions(now: number, limit: number): Promise<CatalogListRow[]>;
  /** Empties the tables (a rebuild). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
