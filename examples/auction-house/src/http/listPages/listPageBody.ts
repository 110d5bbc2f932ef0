import { type BidderMask, maskPublicView } from '@gavel/core';
import { encodeCursor } from '../../readModels/catalog/catalogCursor';
import type { CatalogQuery } from '../../readModels/catalog/catalogRow';
import type { Catalog } from '../../readModels/catalog/createCatalog';
import { viewAt } from '../../readModels/catalog/storedView';

/** What {@link listPageBody} reads from. */
export interface ListPageSources {
  readonly catalog: Pick<Catalog, 'list'>;
  /** Masks bidder ids as the feed does. */
  readonly mask: BidderMask;
}

/**
 * The body of `GET /api/auctions` for `query` at `now`, serialized as fastify serializes a route's
 * object (`JSON.stringify`): `{ auctions: [{ auctionId, title, version, view }], nextCursor, now }`, each
 * view the row's stored view at `now` with its bidder ids masked.
 */
export const listPageBody = async (
  { catalog, mask }: ListPageSources,
  query: CatalogQuery,
  now: number,
): Promise<string> => {
  const page = await catalog.list(query, now);
  const auctions = page.rows.map((row) => ({
    auctionId: row.auctionId,
    title: row.title,
    version: row.version,
    view: maskPublicView(viewAt(row.view, now), mask),
  }));
  const last = page.rows[page.rows.length - 1];
  const nextCursor =
    page.more && last !== undefined
      ? encodeCursor({ sort: query.sort, value: last.sortValue, auctionId: last.auctionId })
      : null;
  return JSON.stringify({ auctions, nextCursor, now });
};
